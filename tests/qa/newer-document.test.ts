import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import type { Passage } from '../../src/qa/types.ts';
import { fixtureEngine } from './fixture-engine.ts';

// An older news page and the current guide state the same figure differently; an undated page a third figure.
const page = (docId: string, title: string, text: string, documentDate?: string): Passage => ({
  id: `${docId}#0`,
  docId,
  ordinal: 0,
  title,
  municipality: '釧路市',
  headingPath: ['市民カード'],
  kind: 'text',
  text,
  ...(documentDate ? { documentDate } : {}),
});

let engine: Engine;

beforeAll(async () => {
  const passages = [
    page(
      'news',
      '市民カードの発行状況（お知らせ）',
      '市民カードの発行枚数は612枚になりました。市民カードを多くの方にご利用いただいています。',
      '2023-05-01',
    ),
    page('guide', '市民カードのご案内', '市民カードの発行枚数：778枚', '2025-04-01'),
  ];
  ({ engine } = await fixtureEngine(passages));
});

describe('two documents that state the same fact differently', () => {
  it('answers from the newer dated document and says so', () => {
    const answer = engine.ask('市民カードの発行枚数は？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('778枚');
    expect(answer.answer).not.toContain('612枚');
    expect(answer.answered && answer.citation).toContain('市民カードのご案内');
    expect(answer.answer).toContain('より新しい資料');
  });
});
