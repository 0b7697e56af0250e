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

// A city keeps last year's edition of a page beside this year's (令和5年度 … のお知らせ, 令和7年度 …).
describe('an older edition of the same page', () => {
  const edition = (docId: string, year: string, text: string, documentDate: string): Passage => ({
    id: `${docId}#0`,
    docId,
    ordinal: 0,
    title: `${year} 猫の手術費助成のお知らせ`,
    municipality: '釜石市',
    headingPath: ['助成の対象'],
    kind: 'text',
    text,
    documentDate,
  });
  let editions: Engine;

  beforeAll(async () => {
    ({ engine: editions } = await fixtureEngine([
      edition('r5', '令和5年度', '飼い主のいない猫の手術は、助成の対象になりません。', '2023-04-20'),
      edition('r7', '令和7年度', '飼い主のいない猫の手術も、助成の対象です（1匹15,000円）。', '2025-04-25'),
      page('other', '犬の登録', '犬を飼い始めたら登録してください。', '2025-04-01'),
    ]));
  });

  it('does not answer a question that names no year: this year’s edition does', () => {
    const answer = editions.ask('飼い主のいない猫の手術は、助成の対象になりますか');
    expect(answer.answered && answer.citation).toContain('令和7年度');
    expect(answer.answer).not.toContain('対象になりません');
  });

  it('answers a question about its year or about the past', () => {
    expect(editions.ask('令和5年度は飼い主のいない猫の手術は助成の対象になりましたか').answer).toContain(
      '対象になりません',
    );
    expect(editions.ask('前の年度は飼い主のいない猫の手術も助成の対象だった？').answer).toContain(
      '対象になりません',
    );
  });
});
