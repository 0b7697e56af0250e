import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

const firstLine = (answer: { answer: string }) => answer.answer.split('\n')[0];

describe('the slot a question names', () => {
  it('is named by a noun, の and the kind (除雪の期間 is the slot 除雪期間, not 申込期間)', async () => {
    const { engine } = await fixtureEngine([
      section(
        'josetsu',
        '除雪計画',
        0,
        '間口除雪サービス',
        '除雪車が残した間口の雪を、除雪の協力員が取り除きます。除雪期間中の申込みは随時。\n(4) 申込期間 令和7年10月1日から10月31日まで',
      ),
      section('josetsu', '除雪計画', 1, '2 除雪期間', '令和7年11月15日から令和8年3月31日まで'),
    ]);
    expect(firstLine(engine.ask('除雪計画の除雪の期間はいつからいつまで？'))).toContain('11月15日');
  });

  it('may be the label on the line above, whatever label the value opens with', async () => {
    const { engine } = await fixtureEngine([
      section(
        'kaigo',
        '65歳以上の方の介護保険料のお知らせ',
        0,
        '保険料',
        '保険料基準額\n年額 73,200円（月額 6,100円）\n所得段階 第1段階\n年額 20,862円',
      ),
    ]);
    expect(firstLine(engine.ask('65歳以上の介護保険料の基準額は年いくら？'))).toContain('73,200円');
  });
});
