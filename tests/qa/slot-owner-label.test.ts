import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// 完了報告の期限 asks the 期限 of 完了報告. Procedure pages number their steps (⑤完了報告) and state each step's date on
// the line below, never repeating the word 期限: the step's label says whose date it is.
const demolition = section(
  'demolition',
  '危険空き家等解体費補助金のご案内',
  5,
  ['5 手続きの流れ', '②交付申請'],
  [
    '・交付申請書（様式第1号）',
    '・解体工事の見積書の写し',
    '③交付決定通知',
    '④工事の契約・着手',
    '⑤完了報告',
    '工事が終わってから30日以内、または令和8年2月27日（金）のいずれか早い日までに、完了実績報告書を提出してください。',
  ].join('\n'),
);
const allowance = section(
  'allowance',
  '児童手当のご案内',
  3,
  ['3 手続き', '(1) 認定請求'],
  [
    '出生や転入の日の翌日から15日以内に請求してください。',
    '(2) 現況届',
    '毎年6月30日までに、現況届を子育て支援課へ提出してください。',
  ].join('\n'),
);

describe('a question for the date of a step a page labels', () => {
  it('is answered from the line under the step’s label', async () => {
    const { engine } = await fixtureEngine([demolition, allowance]);
    const report = engine.ask('空き家解体補助の完了報告の期限はいつですか');
    if (!report.answered) throw new Error(`declined: ${report.reason}`);
    expect(report.answer.split('\n')[0]).toContain('令和8年2月27日');
    const status = engine.ask('児童手当の現況届の提出期限はいつ？');
    if (!status.answered) throw new Error(`declined: ${status.reason}`);
    expect(status.answer.split('\n')[0]).toContain('6月30日');
  });
});
