import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A resident typing kana sets words apart with spaces (ほうりつそうだん おかね かかるの？): the space is the only
// word boundary, so no reading or compound runs across it.
const consultation = section(
  'soudan',
  '弁護士による法律相談',
  0,
  '相談の内容',
  '弁護士が、相続や借金などの法律相談に応じます。\n相談にお金はかかりません（無料）。\n相談は予約制で、1人30分までです。',
);
const library = section(
  'library',
  '図書館の利用案内',
  0,
  '開館時間',
  '市立図書館は、平日は午前9時から午後7時まで開館しています。',
);

describe('spaces a resident types between kana words', () => {
  it('keep the words apart: no compound of two of them', async () => {
    const { engine } = await fixtureEngine([consultation, library]);
    const terms = engine.explain('ほうりつそうだん おかね かかるの？').query.terms.map((t) => t.term);
    expect(terms).toEqual(expect.arrayContaining(['法律相談', 'お金']));
    expect(terms).not.toContain('法律相談お金');
    const libraryTerms = engine.explain('としょかん へいじつは なんじまで？').query.terms.map((t) => t.term);
    expect(libraryTerms).toEqual(expect.arrayContaining(['図書館', '平日']));
    expect(libraryTerms).not.toContain('図書館平日');
  });

  it('answer as the same question typed without them', async () => {
    const { engine } = await fixtureEngine([consultation, library]);
    const fee = engine.ask('ほうりつそうだん おかね かかるの？');
    if (!fee.answered) throw new Error(`declined: ${fee.reason}`);
    expect(fee.answer.split('\n')[0]).toContain('お金はかかりません');
  });

  it('between kanji are joined as before (釧路市 人口 is one phrase of the question)', async () => {
    const { engine } = await fixtureEngine([library]);
    expect(engine.explain('図書館 開館時間').query.rewritten).toBe('図書館開館時間');
  });
});
