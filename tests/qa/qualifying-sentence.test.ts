import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// A sentence that opens with なお、 or ただし、 qualifies the one before it, as a ※ note does: where the rule
// itself states the fact asked, the rule leads and the exception follows.
const grant = section(
  'grant',
  '不妊治療費助成事業（令和7年度）',
  0,
  '申請期限',
  '1回の治療が終わった日の属する年度の3月31日までに申請してください。なお、令和8年3月中に治療が終わった場合は、令和8年4月30日まで申請できます。',
);
const hall = section(
  'hall',
  '市民ホールの貸出（令和7年度）',
  0,
  '申込み',
  '大ホールの申込みは、利用日の6か月前の1日から受け付けます。ただし、小ホールは利用日の1か月前の1日から受け付けます。',
);

describe('a sentence that qualifies the one before it (なお、 ただし、)', () => {
  it('leads only where nothing else states the fact', async () => {
    const { engine } = await fixtureEngine([grant, hall]);
    const deadline = engine.ask('不妊治療の助成の申請期限はいつまで？');
    if (!deadline.answered) throw new Error(`declined: ${deadline.reason}`);
    expect(deadline.answer.split('\n')[0]).toContain('3月31日までに申請');
    const booking = engine.ask('市民ホールの大ホールの申込みはいつから受け付けてる？');
    if (!booking.answered) throw new Error(`declined: ${booking.reason}`);
    expect(booking.answer.split('\n')[0]).toContain('6か月前');
  });
});
