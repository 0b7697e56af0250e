// The shipped documents and dictionaries, copied by name into a temporary folder. A document staff
// add to the live corpus/ (from the console or the CLI) never reaches a test, and no test writes there.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The documents the tests, the evaluation questions and their expected facts are written against. */
export const SHIPPED_DOCUMENTS = [
  'kamaishi-sogo-keikaku-suishin',
  'kushiro-ikinai-junkan-renkan',
  'kushiro-machizukuri-kihon-koso-gaiyo',
  'kushiro-sogo-seisaku-jimu-gaiyo',
  'kushiro-sogo-senryaku-taikeizu',
] as const;
export type ShippedDocument = (typeof SHIPPED_DOCUMENTS)[number];

export const SHIPPED_DICTIONARIES = [
  'general-synonyms.tsv',
  'stopwords.txt',
  'synonyms.txt',
  'user-terms.tsv',
] as const;

/** The text of a shipped document, refused when the file under its name is some other document. */
export function readShippedDocument(id: ShippedDocument, root = REPO): string {
  const file = join(root, 'corpus', `${id}.txt`);
  const text = readFileSync(file, 'utf8');
  const header = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
  const found = /^id: *(\S+) *$/m.exec(header)?.[1];
  if (found !== id) {
    throw new Error(
      `shipped corpus: corpus/${id}.txt should be the shipped document "${id}" but its id is ${found ? `"${found}"` : 'missing'}; restore it with git checkout corpus/${id}.txt`,
    );
  }
  return text;
}

export interface ShippedCopy {
  dir: string;
  corpusDir: string;
  dictionariesDir: string;
  remove(): void;
}

/** `root` is the checkout to copy from; tests of this helper pass a fake one. */
export function copyShippedCorpus(prefix = 'kotae-shipped-', root = REPO): ShippedCopy {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const corpusDir = join(dir, 'corpus');
  const dictionariesDir = join(dir, 'dictionaries');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(corpusDir);
    mkdirSync(dictionariesDir);
    for (const id of SHIPPED_DOCUMENTS) {
      writeFileSync(join(corpusDir, `${id}.txt`), readShippedDocument(id, root));
    }
    for (const name of SHIPPED_DICTIONARIES) {
      copyFileSync(join(root, 'dictionaries', name), join(dictionariesDir, name));
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, corpusDir, dictionariesDir, remove };
}
