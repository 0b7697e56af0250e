import { describe, expect, it } from 'vitest';
import { compilePassage } from '../../src/qa/facts.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A page prints its title with its city's name and its edition written otherwise than the title it is filed
// under (釧路市 公園有料施設の予約と使用料 令和7年度版 for 公園有料施設の予約と使用料（令和7年度）): that line says
// what the page is, and states no fee (使用料 令和7年度版 is no amount).
const TITLE = '公園有料施設の予約と使用料（令和7年度）';
const intro = section(
  'park',
  TITLE,
  0,
  '',
  '釧路市 公園有料施設の予約と使用料 令和7年度版\n市が管理する公園の有料施設は、予約をしたうえで使用できます。',
);
const fees = section(
  'park',
  TITLE,
  1,
  '使用料',
  '■使用料（1面1時間あたり） テニスコート：一般 600円／高校生以下 300円',
);

describe('a page’s printed title', () => {
  it('is its title, whatever city name and edition it adds', () => {
    expect(compilePassage(intro).titles).toEqual([true, false]);
    expect(
      compilePassage(
        section(
          'other',
          '令和7年度 市民農園の利用者募集',
          0,
          '',
          '釜石市 市民農園の利用者募集（令和7年度版）',
          '釜石市',
        ),
      ).titles,
    ).toEqual([true]);
  });

  it('never answers for a fact: the fee comes from the page’s own fee line', async () => {
    const { engine } = await fixtureEngine([intro, fees]);
    const answer = engine.ask('公園のテニスコートって1時間いくら？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('600円');
  });
});
