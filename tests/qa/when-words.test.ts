import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// 今年, 毎月, 来年度 say when or how often: the question's topic is the thing before them.
describe('a word placing the question in time', () => {
  const page = () =>
    fixtureEngine([
      section(
        'gomi',
        '粗大ごみの戸別収集',
        0,
        '申込み',
        '収集を希望する日の1週間前までに電話で申し込んでください。',
      ),
      section(
        'gomi',
        '粗大ごみの戸別収集',
        1,
        '手数料の減免',
        '生活保護を受けている世帯は手数料が免除されます。免除を受けるには、令和7年度は6月30日までに申請が必要です。',
      ),
    ]);

  it('is not the topic a passage must hold (申請は今年はいつまで？)', async () => {
    const { engine } = await page();
    const answer = engine.ask('粗大ごみの手数料の免除の申請は今年はいつまで？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('6月30日');
  });

  it('leaves a question without the fact declined', async () => {
    const { engine } = await page();
    expect(engine.ask('粗大ごみの収集は毎月何回？').answered).toBe(false);
  });
});

// お金 in お金かかる？ asks for an amount; it names no topic: the thing that costs it is the one before it.
describe('お金 in a question about a cost', () => {
  it('is not the topic a passage must hold', async () => {
    const { engine } = await fixtureEngine([
      section(
        'saku',
        '有害鳥獣対策',
        0,
        '電気柵の貸出し',
        '農地をシカの被害から守るため、電気柵を貸し出しています。貸出しの費用は無料です。',
      ),
      section('saku', '有害鳥獣対策', 1, '捕獲', 'シカの捕獲には許可が必要です。'),
    ]);
    const answer = engine.ask('電気柵を借りたい。お金かかる？');
    expect(answer.answered && answer.answer).toContain('無料');
  });
});

// だめ in 食べちゃだめ？ judges what is asked; a word in kana no page uses is no topic.
describe('a judging word in kana', () => {
  it('is not the topic a passage must hold', async () => {
    const { engine } = await fixtureEngine([
      section(
        'kenshin',
        '集団健診のご案内',
        0,
        '胃がん検診を受ける方へ',
        '胃がん検診を受ける方は、前日の夜9時以降は食事をしないでください。水は当日の朝まで飲めます。',
      ),
      section('kenshin', '集団健診のご案内', 1, '予約方法', '予約受付は平日午前9時から午後5時までです。'),
    ]);
    const answer = engine.ask('胃がん検診の前の日は何時から食べちゃだめ？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('夜9時');
  });
});
