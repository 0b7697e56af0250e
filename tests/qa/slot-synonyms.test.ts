import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A resident's お休み is the slot pages label 休館日 or 休場日, spelled so by a synonym: it says which fact is asked,
// not whose. What remains (斎場) must be the page's own thing.
const SYNONYMS = '休み, お休み => 休館日, 休場日\n';
const gym = section(
  'gym',
  '市民体育館 利用案内',
  0,
  '開館時間・休館日',
  '開館時間：9時～21時\n休館日：毎月第2水曜日、年末年始（12月29日～1月3日）',
);
const crematory = section(
  'saijo',
  '釧路市斎場 ご利用のご案内',
  0,
  '施設の概要',
  '施設名 釧路市斎場\n所在地 釧路市貝塚3丁目18番1号\n開場時間 9時00分～17時00分\n休場日 1月1日、1月2日、友引の日',
);

describe('a question for a closed day named in the resident’s words', () => {
  it('is answered from the page of the thing it names, not from another page’s closed days', async () => {
    const { engine } = await fixtureEngine([gym, crematory], SYNONYMS);
    const answer = engine.ask('釧路市斎場がお休みの日はいつですか');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).toContain('友引');
    expect(answer.answer).not.toContain('第2水曜日');
  });

  it('is declined when only another page states closed days', async () => {
    const { engine } = await fixtureEngine(
      [
        gym,
        section(
          'saijo',
          '釧路市斎場 ご利用のご案内',
          0,
          '施設の概要',
          '施設名 釧路市斎場\n開場時間 9時00分～17時00分',
        ),
      ],
      SYNONYMS,
    );
    expect(engine.ask('釧路市斎場がお休みの日はいつですか').answered).toBe(false);
  });
});
