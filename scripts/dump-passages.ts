// Prints the passages of corpus files with their heading paths, for people to inspect.
// Usage: npx tsx scripts/dump-passages.ts corpus/<id>.txt [more files...]
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { parseCorpusFile } from '../src/corpus/document.ts';
import { toPassages } from '../src/corpus/passages.ts';

const args = z
  .array(z.string().regex(/\.txt$/, 'must be a corpus .txt file'))
  .min(1, 'give at least one corpus file, e.g. corpus/kushiro-sogo-seisaku-jimu-gaiyo.txt')
  .safeParse(process.argv.slice(2));
if (!args.success) {
  console.error(`dump-passages: ${args.error.issues[0]?.message}`);
  process.exit(2);
}
let failed = false;
for (const file of args.data) {
  const parsed = parseCorpusFile(await readFile(file, 'utf8'), basename(file));
  if (!parsed.success) {
    console.error(parsed.error);
    failed = true;
    continue;
  }
  const passages = toPassages(parsed.data);
  console.log(`=== ${parsed.data.meta.id} (${parsed.data.meta.title}): ${passages.length} passages`);
  for (const p of passages) {
    console.log(
      `\n--- ${p.id} [${p.kind}, ${[...p.text].length} chars] ${p.headingPath.join(' > ') || '(no heading)'}`,
    );
    console.log(p.text);
  }
}
process.exitCode = failed ? 1 : 0;
