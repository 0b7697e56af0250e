import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// Two pages give the figure; the newer one states its year only in the section heading, as result pages do.
const passages = [
  section('plan', '総合戦略', 0, '数値目標', '博物館の来館者数：現状値 2,026人(令和5年度) → 目標 2,500人'),
  section(
    'results',
    '市立博物館の実績',
    0,
    '来館の実績（令和7年度）',
    '博物館の来館者数：2,364人 / 開館日数：280日',
  ),
];

describe('the latest figure', () => {
  it('reads its year from the section heading when the text states none (asked without a year)', async () => {
    const { engine } = await fixtureEngine(passages);
    const answer = engine.ask('博物館の来館者数は何人？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('2,364人');
  });
});
