import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/qa/query.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

// Two kanji of a longer word typed wrong (医寮 for 医療) are cut into single characters; the pair read as the
// corpus spells it is what was meant, even where the whole word cannot be read back.
describe('a kanji pair typed wrong inside a longer word', () => {
  const pages = () =>
    fixtureEngine([
      section(
        'kouki',
        '後期高齢者医療制度',
        0,
        '問い合わせ先',
        '後期高齢者医療制度の担当は市民課 後期高齢者医療係です。\n電話：0154-31-4530',
      ),
      section('kouki', '後期高齢者医療制度', 1, '保険料', '保険料は所得に応じて決まります。'),
    ]);

  it('is read as the corpus word with the same reading', async () => {
    const { analyzer, index } = await pages();
    const query = analyzeQuery('後期高齢者医寮の担当の電話番号は？', analyzer, index.vocabulary);
    expect(query.corrections).toContainEqual({ from: '医寮', to: '医療' });
  });

  it('finds the page the resident meant', async () => {
    const { engine } = await pages();
    const answer = engine.ask('後期高齢者医寮の担当の電話番号を教えて');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('0154-31-4530');
  });

  it('leaves a pair alone when no corpus word reads the same', async () => {
    const { analyzer, index } = await pages();
    const query = analyzeQuery('後期高齢者の犬猫の担当は？', analyzer, index.vocabulary);
    expect(query.corrections.filter((c) => c.from === '犬猫')).toEqual([]);
  });

  it('leaves whole words alone, however the corpus spells their reading', async () => {
    const { analyzer, index } = await fixtureEngine([
      section('haisha', '自動車の廃車', 0, '廃車の手続き', '廃車の手続きは陸運局で行います。'),
    ]);
    const query = analyzeQuery('歯医者の予約はどこ？', analyzer, index.vocabulary);
    expect(query.corrections).toEqual([]);
  });
});
