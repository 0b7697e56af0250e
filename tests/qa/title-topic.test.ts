import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A page's sections seldom repeat its topic: the title names it (市民温水プール 利用案内 > 利用できる時間).
let engine: Engine;

beforeAll(async () => {
  const pool = '市民温水プール 利用案内';
  const dog = '犬の登録と狂犬病予防注射';
  const vote = '期日前投票のご案内（参議院議員通常選挙）';
  ({ engine } = await fixtureEngine([
    section(
      'pool',
      pool,
      0,
      '施設の概要',
      '市民温水プールには25mプールと幼児用プールがあります。どなたでも利用できます。',
    ),
    section('pool', pool, 1, '利用できる時間', '平日：10時から20時まで\n土曜日・日曜日：10時から18時まで'),
    section('pool', pool, 2, '料金', '〈一般〉\n1回400円'),
    section('dog', dog, 0, '登録の手続き', '〈登録手数料〉\n3,000円\n登録は生涯1回です。'),
    // Shares 市長 and 選挙 with the question below, enough to be considered: only the title's topic differs.
    section(
      'vote',
      vote,
      0,
      '期日前投票の期間',
      '7月4日（金曜日）から7月19日（土曜日）まで\n期日前投票所は市長が指定します。',
    ),
    section('dog', dog, 1, '予防注射', '〈注射料金〉\n2,950円\n集合注射会場では現金でお支払いください。'),
  ]));
});

describe('a section about the page title topic', () => {
  it('answers from the section that states the kind asked, though it never names the topic', () => {
    const answer = engine.ask('温水プールは何時まで使えますか');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toMatch(/20時|18時/);
  });

  it('still declines what no section states', () => {
    expect(engine.ask('温水プールの駐車場は何台とめられますか').answered).toBe(false);
  });

  it('does not take a title that shares only the generic tail of the topic (選挙 of 市長選挙)', () => {
    expect(engine.ask('次の市長選挙はいつですか？').answered).toBe(false);
  });

  it('prefers the section that names the asked slot to one that only shares the title', () => {
    const answer = engine.ask('犬の登録の手数料はいくら？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('3,000円');
    expect(answer.answer).not.toMatch(/^[^\n]*2,950円/);
  });
});
