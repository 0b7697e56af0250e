import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSuiteCorpus, loadSuite, SuiteError } from '../../src/eval/suite.ts';

let root: string;

const question = {
  id: 'gx001',
  question: '講座の参加費は？',
  category: 'program',
  variant: 'plain',
  municipality: '釧路市',
  expect: { answered: true, facts: ['無料'], docId: 'gen-koza' },
};

async function writeSuite(docsLine: string): Promise<string> {
  const dir = path.join(root, 'suite');
  await mkdir(path.join(dir, 'docs'), { recursive: true });
  await writeFile(
    path.join(dir, 'docs', 'koza.md'),
    '# 市民講座のご案内\n\n## 参加費\n\n無料\n\n## 会場\n\n釧路市生涯学習センター 3階 講堂\n',
  );
  await writeFile(path.join(dir, 'docs.jsonl'), `${docsLine}\n`);
  await writeFile(path.join(dir, 'questions.jsonl'), `${JSON.stringify(question)}\n`);
  return dir;
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'kotae-suite-test-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generalization suites', () => {
  it('adds the suite documents to a copy of the corpus through the add pipeline', async () => {
    const dir = await writeSuite(
      JSON.stringify({ file: 'koza.md', id: 'gen-koza', title: '市民講座のご案内', municipality: '釧路市' }),
    );
    const base = path.join(root, 'corpus');
    await mkdir(base);
    const suite = await loadSuite(dir);
    expect(suite.questions.map((q) => q.id)).toEqual(['gx001']);
    const corpus = await buildSuiteCorpus(base, [suite]);
    try {
      expect(await readdir(corpus.dir)).toEqual(['gen-koza.txt']);
    } finally {
      await corpus.remove();
    }
    expect(await readdir(base)).toEqual([]);
  });

  it('names the manifest line of a bad document entry', async () => {
    const dir = await writeSuite(
      JSON.stringify({ file: 'koza.md', id: 'Bad Id', title: 'x', municipality: '釧路市' }),
    );
    await expect(loadSuite(dir)).rejects.toThrow(SuiteError);
    await expect(loadSuite(dir)).rejects.toThrow(/docs\.jsonl:1: id/);
  });
});
