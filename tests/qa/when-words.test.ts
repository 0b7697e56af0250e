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
