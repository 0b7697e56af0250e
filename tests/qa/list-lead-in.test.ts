import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// An item of a list says nothing by itself (ゴム印、シャチハタなどのインク浸透印): the line that opens the list says
// what holds for every item (次のような印鑑は登録できません。), the answer to a yes/no question about one of them.
const TITLE = '印鑑登録 よくある質問';
const entry = section(
  'inkan',
  TITLE,
  2,
  ['登録について', 'Ｑ２　どんな印鑑でも登録できますか。'],
  [
    'Ａ２　次のような印鑑は登録できません。',
    '住民票に記載されている氏名以外を表しているもの',
    '印影の大きさが8ミリメートルの正方形に収まるもの',
    'ゴム印、シャチハタなどのインク浸透印、その他変形しやすいもの',
    '印影が不鮮明なもの、外枠がないもの',
  ].join('\n'),
);
const fee = section(
  'inkan',
  TITLE,
  3,
  ['登録について', 'Ｑ３　登録にはいくらかかりますか。'],
  'Ａ３　手数料は200円です。',
);

describe('a yes/no question about an item of a list', () => {
  it('is answered with the line that opens the list, then the item', async () => {
    const { engine } = await fixtureEngine([entry, fee]);
    const answer = engine.ask('シャチハタで印鑑登録ってできる？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    const [first = '', second = ''] = answer.answer.split('\n');
    expect(first).toContain('登録できません');
    expect(second).toContain('シャチハタ');
  });

  it('is answered with the sentence itself when the matched line is a sentence of its own', async () => {
    const { engine } = await fixtureEngine([
      section(
        'inkan',
        TITLE,
        4,
        'Ｑ４　代理人でも取れますか。',
        '次のものをお持ちください。\n印鑑登録証（カード）を持参すれば、代理人でも取得できます。',
      ),
      fee,
    ]);
    const answer = engine.ask('印鑑登録証を持参すれば代理人でも取得できる？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('代理人でも取得できます');
  });

  it('is not said under the line that opens another list above it', async () => {
    const steps = section(
      'kaitai',
      '空き家解体補助のご案内',
      7,
      ['手続きの流れ', '②交付申請'],
      [
        '対象となった方は、次の書類を提出してください。',
        '・交付申請書',
        '・解体工事の見積書の写し',
        '③交付決定通知（申請からおおむね3週間）',
        '④解体工事の契約・着手',
        '⑤完了報告',
      ].join('\n'),
    );
    const { engine } = await fixtureEngine([steps, fee]);
    const answer = engine.ask('空き家解体補助の解体工事の契約・着手について教えて');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).not.toContain('次の書類');
  });
});
