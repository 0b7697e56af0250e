import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/qa/engine.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// A plan's title names its edition (第２期…計画) once; its sections (計画期間) do not repeat it.
let engine: Engine;

beforeAll(async () => {
  const plan = '第２期釜石市環境基本計画 概要版';
  const compared = '第３期総合戦略の体系図（第２期との対比）';
  ({ engine } = await fixtureEngine([
    section(
      'env',
      plan,
      0,
      ['１ 計画の概要', '(1) 策定の趣旨'],
      '第１期の期間が令和６年度で終了したため、第２期釜石市環境計画を策定しました。',
      '釜石市',
    ),
    section('env', plan, 1, ['１ 計画の概要', '(2) 計画期間'], '令和７年度～令和16年度（10年間）', '釜石市'),
    section(
      'plan',
      compared,
      0,
      ['１ 計画の概要', '計画期間'],
      '第３期の計画期間：令和７年度～令和11年度',
      '釜石市',
    ),
  ]));
});

describe('an edition the question names', () => {
  it('is named for every section by a title that names it alone', () => {
    const answer = engine.ask('第2期釜石市環境基本計画の計画期間はいつからいつまで？');
    expect(answer.answer.split('\n')[0]).toContain('令和７年度～令和16年度');
  });
});
