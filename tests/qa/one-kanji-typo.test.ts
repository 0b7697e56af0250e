import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A phone's input method converts a reading into the wrong kanji (公園緑値課 for 公園緑地課, 市営募地 for 市営墓地):
// the tokenizer then finds two lone kanji side by side, and reads them by other readings (値 as チ), so the word
// is found as the corpus's one word of that length that differs in that kanji only.
const park = section(
  'park',
  'テニスコートの予約',
  0,
  '問い合わせ',
  '予約と使用料のお問い合わせは、都市整備部 公園緑地課へ。\n電話：0154-31-4595',
);
const cemetery = section(
  'cemetery',
  '市営墓地の使用者募集',
  0,
  '抽選会',
  '市営墓地の申込みが募集区画数を超えたときは、7月4日（金）10時から公開抽選を行います。',
);
const pages = [park, cemetery];

describe('a word typed with one wrong kanji', () => {
  it('is read as the corpus’s word one kanji away', async () => {
    const { engine } = await fixtureEngine(pages);
    const phone = engine.explain('公園緑値課の電話番号おしえて');
    expect(phone.query.corrections).toContainEqual({ from: '公園緑値課', to: '公園緑地課' });
    if (!phone.answer.answered) throw new Error(`declined: ${phone.answer.reason}`);
    expect(phone.answer.answer).toContain('0154-31-4595');
    const draw = engine.ask('市営募地の抽選会はいつですか');
    if (!draw.answered) throw new Error(`declined: ${draw.reason}`);
    expect(draw.answer.split('\n')[0]).toContain('7月4日');
  });

  it('is not read so where the words are the tokenizer’s own, a kanji is a verb’s stem, or 何 asks', async () => {
    const { engine } = await fixtureEngine([
      ...pages,
      section(
        'city',
        '市の概要',
        0,
        '',
        '釧路市の人口は16万人です。\n令和元年から公園緑地課が管理しています。',
      ),
    ]);
    const corrected = (q: string) => engine.explain(q).query.corrections.map((c) => c.from);
    expect(corrected('札幌市の人口は？')).toEqual([]);
    expect(corrected('令和何年から管理してるの？')).toEqual([]);
    expect(corrected('公園緑返ってくる？')).not.toContain('公園緑返');
  });
});
