import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A city's page seldom repeats the city's name in each section: once the question names the city, the name
// scopes the search and no section has to hold it.
let engine: Engine;

beforeAll(async () => {
  ({ engine } = await fixtureEngine([
    section(
      'k-shots',
      '高齢者の予防接種',
      0,
      '自己負担額',
      '65歳以上の方のインフルエンザ予防接種は1,500円です。',
      '釜石市',
    ),
    section('k-shots', '高齢者の予防接種', 1, '接種期間', '10月1日から1月31日までです。', '釜石市'),
    section('s-pool', '市民プール', 0, '使用料', '一般の方は1回400円です。', '釧路市'),
    section('s-stats', '統計', 0, '国勢調査', '人口 151,326人 / 世帯数 77,314世帯', '釧路市'),
  ]));
});

describe('a question naming its city', () => {
  it('is answered from a section that never repeats the city’s name', () => {
    const answer = engine.ask('釜石のインフルエンザについて');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('1,500円');
  });

  it('and only the kind of fact (釧路市の人口は？) is answered: the kind is the topic', () => {
    const answer = engine.ask('釧路市の人口は？');
    expect(answer.answered).toBe(true);
    expect(answer.answer.split('\n')[0]).toContain('151,326人');
  });

  it('still finds nothing in another city’s pages', () => {
    expect(engine.ask('釧路のインフルエンザについて').answered).toBe(false);
  });
});
