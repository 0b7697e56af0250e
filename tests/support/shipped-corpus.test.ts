import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyShippedCorpus, SHIPPED_DICTIONARIES, SHIPPED_DOCUMENTS } from './shipped-corpus.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout whose corpus/ a member of staff has added to, as the console's upload does. */
function checkoutWithUpload(): string {
  const { dir: root } = copyShippedCorpus('kotae-checkout-');
  dirs.push(root);
  writeFileSync(
    join(root, 'corpus', 'kushiro-new-upload.txt'),
    '---\nid: kushiro-new-upload\ntitle: 新しい資料\nmunicipality: 釧路市\nsource: x.txt\n---\n本文\n',
  );
  writeFileSync(join(root, 'dictionaries', 'extra.txt'), 'x\n');
  return root;
}

describe('copyShippedCorpus', () => {
  it('copies the five shipped documents and the dictionaries by name, and nothing staff added', () => {
    const copy = copyShippedCorpus('kotae-shipped-test-', checkoutWithUpload());
    dirs.push(copy.dir);
    expect(readdirSync(copy.corpusDir).sort()).toEqual(SHIPPED_DOCUMENTS.map((id) => `${id}.txt`));
    expect(readdirSync(copy.dictionariesDir).sort()).toEqual([...SHIPPED_DICTIONARIES]);
  });

  it('refuses a file that is no longer the shipped document, naming it and the fix', () => {
    const root = checkoutWithUpload();
    const file = join(root, 'corpus', 'kushiro-ikinai-junkan-renkan.txt');
    writeFileSync(
      file,
      '---\nid: something-else\ntitle: t\nmunicipality: 釧路市\nsource: x.txt\n---\n本文\n',
    );
    expect(() => copyShippedCorpus('kotae-shipped-test-', root)).toThrow(
      /corpus\/kushiro-ikinai-junkan-renkan\.txt .*"something-else".*git checkout/,
    );
  });
});
