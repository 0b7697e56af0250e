import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  copyShippedCorpus,
  readShippedDocument,
  SHIPPED_DICTIONARIES,
  SHIPPED_DOCUMENTS,
} from './shipped-corpus.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout of the shipped files alone, outside any repository. */
function checkout(): string {
  const { dir: root } = copyShippedCorpus('kotae-checkout-');
  dirs.push(root);
  return root;
}

/** A checkout whose corpus/ a member of staff has added to, as the console's upload does. */
function checkoutWithUpload(): string {
  const root = checkout();
  writeFileSync(
    join(root, 'corpus', 'kushiro-new-upload.txt'),
    '---\nid: kushiro-new-upload\ntitle: 新しい資料\nmunicipality: 釧路市\nsource: x.txt\n---\n本文\n',
  );
  writeFileSync(join(root, 'dictionaries', 'extra.txt'), 'x\n');
  return root;
}

/** Makes `root` a repository whose one commit holds its files as they are now. */
function commitAll(root: string): void {
  // Under a git hook these would point the commands at the repository being committed to.
  const env = { ...process.env, GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, stdio: 'ignore' });
  git('init', '--quiet');
  git('add', '.');
  git(
    ...['-c', 'user.name=Kotae tests', '-c', 'user.email=tests@kotae.invalid', '-c', 'commit.gpgsign=false'],
    ...['commit', '--quiet', '--no-verify', '-m', 'shipped'],
  );
}

const ID = 'kushiro-ikinai-junkan-renkan';

/** The document as staff replace it from the console: the same id, other text. */
function replaceDocument(root: string): string {
  const text = `---\nid: ${ID}\ntitle: 差し替えた資料\nmunicipality: 釧路市\nsource: x.txt\n---\n差し替えた本文\n`;
  writeFileSync(join(root, 'corpus', `${ID}.txt`), text);
  return text;
}

/** A repository of the shipped files, then the working copy changed as staff change it from the console. */
function committedThenEdited(): { root: string; document: string; stopwords: string } {
  const root = checkout();
  commitAll(root);
  const document = readFileSync(join(root, 'corpus', `${ID}.txt`), 'utf8');
  const stopwords = readFileSync(join(root, 'dictionaries', 'stopwords.txt'), 'utf8');
  expect(replaceDocument(root)).not.toBe(document);
  writeFileSync(join(root, 'dictionaries', 'stopwords.txt'), 'staff-added\n');
  return { root, document, stopwords };
}

describe('readShippedDocument', () => {
  it('returns the committed text of a document staff replaced under the same id', () => {
    const { root, document } = committedThenEdited();
    expect(readShippedDocument(ID, root)).toBe(document);
  });

  it('reads the working file where the checkout is no repository, as in a tarball', () => {
    const root = checkout();
    const replaced = replaceDocument(root);
    expect(readShippedDocument(ID, root)).toBe(replaced);
  });
});

describe('copyShippedCorpus', () => {
  it('copies the five shipped documents and the dictionaries by name, and nothing staff added', () => {
    const copy = copyShippedCorpus('kotae-shipped-test-', checkoutWithUpload());
    dirs.push(copy.dir);
    expect(readdirSync(copy.corpusDir).sort()).toEqual(SHIPPED_DOCUMENTS.map((id) => `${id}.txt`));
    expect(readdirSync(copy.dictionariesDir).sort()).toEqual([...SHIPPED_DICTIONARIES]);
  });

  it('copies a document staff replaced and a dictionary they edited as committed', () => {
    const { root, document, stopwords } = committedThenEdited();
    const copy = copyShippedCorpus('kotae-shipped-test-', root);
    dirs.push(copy.dir);
    expect(readFileSync(join(copy.corpusDir, `${ID}.txt`), 'utf8')).toBe(document);
    expect(readFileSync(join(copy.dictionariesDir, 'stopwords.txt'), 'utf8')).toBe(stopwords);
  });

  it('refuses a file that is no longer the shipped document, naming it and the fix', () => {
    const root = checkoutWithUpload();
    writeFileSync(
      join(root, 'corpus', `${ID}.txt`),
      '---\nid: something-else\ntitle: t\nmunicipality: 釧路市\nsource: x.txt\n---\n本文\n',
    );
    expect(() => copyShippedCorpus('kotae-shipped-test-', root)).toThrow(
      /corpus\/kushiro-ikinai-junkan-renkan\.txt .*"something-else".*git checkout/,
    );
  });
});
