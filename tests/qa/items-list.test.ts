import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// 必要な書類は？ asks for the whole list a page gives, not its first line and two neighbours.
describe('a question for the things to bring', () => {
  it('is answered with the whole list', async () => {
    const { engine } = await fixtureEngine([
      section(
        'reform',
        '住宅リフォーム補助金',
        0,
        '申請の手続き',
        [
          '必要書類：補助金交付申請書（様式第1号）',
          '工事見積書の写し',
          '工事箇所の着工前の写真',
          '住民票の写し',
          '市税の納税証明書',
          '工事を始めてから申請された場合は補助の対象になりません。',
        ].join('\n'),
      ),
    ]);
    const answer = engine.ask('リフォーム補助金の申請に必要な書類を教えてください');
    expect(answer.answered && answer.answer).toContain('工事見積書');
    expect(answer.answered && answer.answer).toContain('納税証明書');
  });
});
