// Packs kuromoji's shipped IPADIC into one pre-decompressed file (see src/tokenizer.ts). Run at install.
// Reads only node_modules/kuromoji/dict; never downloads. A failure leaves the shipped files in use.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKED_DICTIONARY_FILE, packSections, readShippedSections } from '../src/tokenizer.ts';

async function main(): Promise<void> {
  const started = performance.now();
  const packed = packSections(await readShippedSections());
  await mkdir(path.dirname(PACKED_DICTIONARY_FILE), { recursive: true });
  const temporary = `${PACKED_DICTIONARY_FILE}.${process.pid}.tmp`;
  await writeFile(temporary, packed);
  await rename(temporary, PACKED_DICTIONARY_FILE);
  const mb = (packed.length / 1e6).toFixed(1);
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `build-dictionary: wrote ${path.relative(process.cwd(), PACKED_DICTIONARY_FILE)} (${mb} MB) in ${ms} ms`,
  );
}

main().catch((error: unknown) => {
  console.warn(
    `build-dictionary: skipped (${error instanceof Error ? error.message : String(error)}); kuromoji's shipped files are used`,
  );
});
