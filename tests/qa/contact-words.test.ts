import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// 申し込み先, 送り先, 提出先 ask where to reach, as 問い合わせ先 does: the 電話 of a block answers them.
describe('a word for where to reach in a phone question', () => {
  it('is the contact, not a slot of its own the page must name', async () => {
    const { engine } = await fixtureEngine([
      section(
        'gomi',
        'ごみの出し方 よくある質問',
        0,
        '品目別の分別について',
        [
          'Q. 粗大ごみはどうやって出せばよいですか。',
          'A. 粗大ごみは事前申込制です。受付センターに電話で申し込んでください。',
          '粗大ごみ受付センター　電話番号 0154-31-4567',
        ].join('\n'),
      ),
      section('kouza', '公民館講座', 0, '申し込み方法', '電話または申込フォームで申し込んでください。'),
    ]);
    const answer = engine.ask('粗大ごみの申し込み先の電話番号は？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('0154-31-4567');
  });
});

// Whose number it is is said by nouns; the verbs of どこに電話すれば questions tell the resident's case (見た, 出したい).
describe('a question asking whom to call', () => {
  it('is answered by the number of the office its nouns name, whatever the resident did', async () => {
    const { engine } = await fixtureEngine([
      section(
        'sodai',
        '粗大ごみの戸別収集',
        0,
        '申し込み方法',
        '粗大ごみ受付センター　電話 0154-64-5300\n受付時間　平日 8時30分～17時00分',
      ),
      section(
        'sodai',
        '粗大ごみの戸別収集',
        1,
        '出し方',
        '収集日の朝8時30分までに、玄関先に出してください。',
      ),
      section('kouza', '公民館講座', 0, '申し込み方法', '電話で申し込んでください。講座の会場は公民館です。'),
    ]);
    const answer = engine.ask('粗大ごみを出したいんだけど、どこに電話すればいい？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('0154-64-5300');
  });
});
