import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A city's pages repeat a topic's words (人口, 人口減少) far more than the short table that states the figure:
// the search looks deeper for a fact that must be stated.
describe('a figure stated in a short table among many pages on its topic', () => {
  it('is still found', async () => {
    const talk = Array.from({ length: 45 }, (_, i) =>
      section(
        `plan${i}`,
        `まちづくり計画 第${i + 1}章`,
        0,
        `人口減少への対応 ${i + 1}`,
        `人口減少と人口の高齢化が進む中で、人口の流出を抑え、人口規模に見合った施策${i + 1}を進めます。人口の将来見通しを踏まえ、人口対策を強化します。`,
      ),
    );
    const { engine } = await fixtureEngine([
      ...talk,
      section(
        'toukei',
        '統計資料',
        0,
        ['各種統計調査結果', '(1) 人口'],
        '総数 151,326 / 男 70,765 / 女 80,561',
      ),
    ]);
    const answer = engine.ask('人口は？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('151,326');
  });
});
