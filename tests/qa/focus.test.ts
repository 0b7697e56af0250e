import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

describe('the thing a question asks about', () => {
  it('is never a figure or a year the question qualifies it by', async () => {
    const { engine } = await fixtureEngine([
      section(
        'hokensho',
        '後期高齢者医療のお知らせ',
        0,
        '保険証',
        'お手元の保険証は令和7年7月31日まで使えます。',
      ),
      section('zei', '軽自動車税', 0, '税率', '原動機付自転車（50cc以下）の税額は2,000円です。'),
    ]);
    expect(engine.explain('保険証って2025年の何月何日まで使えるの？').query.focus).toEqual(['保険']);
    expect(engine.explain('保険証は令和7年度のいつまで使える？').query.focus).toEqual(['保険']);
    const moped = engine.explain('原動機付自転車の税額は50cc').query.focus;
    expect(moped.some((f) => /^\d/.test(f))).toBe(false);
  });
});
