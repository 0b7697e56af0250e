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

  it('reports a missing directory instead of throwing', async () => {
    const corpus = await loadCorpusDir(join(dir, 'missing'));
    expect(corpus.documents).toEqual([]);
    expect(corpus.errors[0]).toMatch(/missing: cannot read the corpus directory/);
  });
});
