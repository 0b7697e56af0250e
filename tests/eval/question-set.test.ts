import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCorpusFile } from '../../src/corpus/document.ts';
import { expectedDocIds, loadQuestions, type Question } from '../../src/eval/questions.ts';
import { normalizeForMatch } from '../../src/eval/score.ts';
import type { CorpusDocument } from '../../src/qa/types.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const SETS = { main: 'tests/eval/questions.jsonl', holdout: 'tests/eval/holdout.jsonl' };

async function loadCorpus(dir: string): Promise<CorpusDocument[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.txt')).sort();
  return Promise.all(
    names.map(async (name) => {
      const parsed = parseCorpusFile(await readFile(path.join(dir, name), 'utf8'), name);
      if (!parsed.success) throw new Error(parsed.error);
      return parsed.data;
    }),
  );
}

let main: Question[];
let holdout: Question[];
let corpus: Map<string, CorpusDocument>;
let sources: Map<string, string>;

beforeAll(async () => {
  [main, holdout] = await Promise.all([loadQuestions(SETS.main), loadQuestions(SETS.holdout)]);
  const shipped = copyShippedCorpus();
  const documents = await loadCorpus(shipped.corpusDir).finally(() => shipped.remove());
  corpus = new Map(documents.map((d) => [d.meta.id, d]));
  sources = new Map(documents.map((d) => [d.meta.source, d.meta.id]));
});

describe('the tuning set', () => {
  it('has at least 140 questions and 25 out-of-scope ones', () => {
    expect(main.length).toBeGreaterThanOrEqual(140);
    expect(main.filter((q) => q.category === 'out_of_scope').length).toBeGreaterThanOrEqual(25);
  });

  it('has at least 15 hiragana, typo or full-width questions', () => {
    const noisy = main.filter((q) => ['hiragana', 'typo', 'fullwidth'].includes(q.variant));
    expect(noisy.length).toBeGreaterThanOrEqual(15);
  });

  it('covers every document of the corpus and both cities', () => {
    const covered = new Set(main.flatMap((q) => expectedDocIds(q, sources)));
    expect([...corpus.keys()].filter((id) => !covered.has(id))).toEqual([]);
    expect(new Set(main.map((q) => q.municipality))).toEqual(new Set(['釧路市', '釜石市']));
  });
});

describe.each(Object.entries(SETS))('%s set', (name) => {
  const questions = () => (name === 'main' ? main : holdout);

  it('names only documents that exist in corpus/', () => {
    const unknown = questions()
      .flatMap((q) => expectedDocIds(q, sources).map((id) => `${q.id}:${id}`))
      .filter((entry) => !corpus.has(entry.split(':')[1] ?? ''));
    expect(unknown).toEqual([]);
  });

  it('takes every fact from one of its expected documents', () => {
    const unsupported = questions().flatMap((q) => {
      if (!q.expect.answered) return [];
      const texts = expectedDocIds(q, sources).map((id) => normalizeForMatch(corpus.get(id)?.body ?? ''));
      return q.expect.facts
        .filter((fact) => !texts.some((t) => t.includes(normalizeForMatch(fact))))
        .map((fact) => `${q.id}:${fact}`);
    });
    expect(unsupported).toEqual([]);
  });

  it('does not share a question with the other set', () => {
    const other = new Set((name === 'main' ? holdout : main).map((q) => normalizeForMatch(q.question)));
    expect(
      questions()
        .filter((q) => other.has(normalizeForMatch(q.question)))
        .map((q) => q.id),
    ).toEqual([]);
  });
});
