import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A yes/no question adds words to its page's topic (犬 to 栗林キャンプ場). The page's introduction holds every
// word of the title and ranks first; only a passage holding an added word is about what was asked.
const TITLE = '栗林キャンプ場 ご利用案内';
const intro = section(
  'camp',
  TITLE,
  0,
  '',
  '栗林キャンプ場は甲子川沿いにある市営の栗林キャンプ場です。栗林キャンプ場ではオートサイトとバンガローを利用できます。',
);
const fees = section(
  'camp',
  TITLE,
  1,
  '施設使用料',
  'オートサイトは1区画2,000円、バンガローは1棟5,000円です。',
);
// Other pages of the city: 犬 is a word the city uses, not one it never heard of.
const others = [
  section(
    'inu',
    '犬の登録',
    0,
    '',
    '犬を飼い始めたら30日以内に登録してください。犬の登録手数料は3,000円です。',
  ),
  section('gomi', 'ごみの出し方', 0, '', '燃やすごみは週2回です。資源物は月2回です。'),
];

describe('a yes/no question whose added words no passage holds', () => {
  it('is declined, not answered from the page introduction', async () => {
    const { engine } = await fixtureEngine([intro, fees, ...others]);
    const answer = engine.ask('栗林キャンプ場に犬を連れて行ってもいい？');
    expect(answer.answered).toBe(false);
  });
});

describe('a yes/no question whose added word one passage holds', () => {
  it('is answered from that passage', async () => {
    const rules = section(
      'camp',
      TITLE,
      2,
      '利用のきまり',
      '花火は手持ち花火のみです。犬などのペットは、リードをつければ同伴できます。',
    );
    const { engine } = await fixtureEngine([intro, fees, rules, ...others]);
    const answer = engine.ask('栗林キャンプ場に犬を連れて行ってもいい？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).toContain('同伴できます');
  });
});

describe('a question about the page as a whole', () => {
  it('is answered from the introduction: it adds no words to the title', async () => {
    const { engine } = await fixtureEngine([intro, fees, ...others]);
    const answer = engine.ask('栗林キャンプ場ってどんなところ？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).toContain('甲子川沿い');
  });
});
