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
