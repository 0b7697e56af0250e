import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { serializeCorpusFile } from '../../src/corpus/document.ts';
import { loadCorpusDir } from '../../src/corpus/load.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kotae-corpus-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const meta = (id: string) => ({ id, title: `${id}の文書`, municipality: '釜石市', source: `${id}.pdf` });

describe('loadCorpusDir', () => {
  it('loads every valid file and reports each bad one by name', async () => {
    await writeFile(join(dir, 'a-doc.txt'), serializeCorpusFile(meta('a-doc'), '1 はじめに\n\n本文です。'));
    await writeFile(join(dir, 'b-doc.txt'), serializeCorpusFile(meta('b-doc'), '2 次に\n\n別の本文です。'));
    await writeFile(join(dir, 'broken.txt'), '---\nid: broken\n---\n本文');
    await writeFile(join(dir, 'notes.md'), 'not a corpus file');
    const corpus = await loadCorpusDir(dir);
    expect(corpus.documents.map((d) => d.meta.id)).toEqual(['a-doc', 'b-doc']);
    expect(corpus.passages.map((p) => p.id)).toEqual(['a-doc#0', 'b-doc#0']);
    expect(corpus.errors).toHaveLength(1);
    expect(corpus.errors[0]).toMatch(/^broken\.txt: .*"title"/);
  });

  it('reports a document without text and skips it', async () => {
    await writeFile(join(dir, 'empty-doc.txt'), serializeCorpusFile(meta('empty-doc'), '\n \n'));
    const corpus = await loadCorpusDir(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors).toEqual(['empty-doc.txt: the document has no text after its header']);
  });

  it('rejects a file whose id is not its name, so ids stay unique', async () => {
    await writeFile(join(dir, 'a-doc.txt'), serializeCorpusFile(meta('a-doc'), '本文です。'));
    await writeFile(join(dir, 'a-doc.TXT.txt'), serializeCorpusFile(meta('a-doc'), '本文です。'));
    const corpus = await loadCorpusDir(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.errors.join('\n')).toMatch(/a-doc\.TXT\.txt: header field "id"/);
  });

  it('reports a file that is not UTF-8', async () => {
    const shiftJis = Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x82, 0xa0, 0x0a]);
    await writeFile(join(dir, 'sjis-doc.txt'), shiftJis);
    const corpus = await loadCorpusDir(dir);
    expect(corpus.errors).toEqual([
      'sjis-doc.txt: the file is not UTF-8 text (add it with npm run corpus -- add to convert it)',
    ]);
  });

  it('reports a missing directory instead of throwing', async () => {
    const corpus = await loadCorpusDir(join(dir, 'missing'));
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors[0]).toMatch(/missing: cannot read the corpus directory/);
  });
});
