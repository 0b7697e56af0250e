import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// The passage is chosen for the slot that states the fact; the answer must lead with that slot, not with another
// line that shares more of the question's words.
describe('the answer to a question of a kind', () => {
  it('leads with the labelled slot the passage was chosen for', async () => {
    const { engine } = await fixtureEngine([
      section(
        'shimai',
        '姉妹都市',
        0,
        ['国際交流', '姉妹都市'],
        [
          '都市名: 鳥取市（鳥取県）',
          '提携年月日: 昭和38（1963）年10月4日',
          '交流内容: 令和7年8月6日～8日、鳥取市の姉妹都市交流議員連盟が鳥取市を表敬訪問した。',
        ].join('\n'),
      ),
      section(
        'shimai',
        '姉妹都市',
        1,
        ['国際交流', '友好都市'],
        '都市名: 大連市（中国）\n提携年月日: 昭和45年',
      ),
    ]);
    const answer = engine.ask('鳥取市と姉妹都市になったのはいつ？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('10月4日');
  });
});
