// The shipped documents and dictionaries as committed, copied by name into a temporary folder. A document
// staff add to or replace in the live corpus/ (from the console or the CLI), or a dictionary they edit,
// never reaches a test, and no test writes there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
export type ShippedDictionary = (typeof SHIPPED_DICTIONARIES)[number];

/** Large enough for any shipped file; execFileSync's default of 1 MiB is not. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * A file of the checkout at `root` as committed at HEAD, read from the file itself where there is no git
 * or no commit (a tarball without .git, a file not committed yet).
 */
function readCommitted(root: string, file: string): string {
  try {
    // `./` is relative to cwd, not to the top of a repository that `root` may be unpacked inside.
    return execFileSync('git', ['show', `HEAD:./${file}`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: MAX_FILE_BYTES,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A git hook's GIT_DIR names the repository being committed to, which need not be `root`.
      env: { ...process.env, GIT_DIR: undefined, GIT_WORK_TREE: undefined },
    });
  } catch {
    return readFileSync(join(root, file), 'utf8');
  }
}

/** The text of a shipped document, refused when the file under its name is some other document. */
export function readShippedDocument(id: ShippedDocument, root = REPO): string {
  const text = readCommitted(root, `corpus/${id}.txt`);
  const header = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1] ?? '';
  const found = /^id: *(\S+) *$/m.exec(header)?.[1];
  if (found !== id) {
    throw new Error(
      `shipped corpus: corpus/${id}.txt should be the shipped document "${id}" but its id is ${found ? `"${found}"` : 'missing'}; restore it with git checkout corpus/${id}.txt`,
    );
  }
  return text;
}

export function readShippedDictionary(name: ShippedDictionary, root = REPO): string {
  return readCommitted(root, `dictionaries/${name}`);
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
      writeFileSync(join(dictionariesDir, name), readShippedDictionary(name, root));
    }
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, corpusDir, dictionariesDir, remove };
}
