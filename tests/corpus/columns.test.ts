import { describe, expect, it } from 'vitest';
import { unweaveColumns } from '../../src/corpus/columns.ts';

// Two boxes printed side by side come out of a PDF extraction line by line, interleaved.
const twoBoxes = [
  '■ 元気はつらつ体操教室                        ■ 男の料理教室',
  ' 椅子に座ったままできる体操です。               季節の食材で料理を作ります。',
  ' 日時　毎月第2水曜日                            日時　年4回の第3土曜日',
  ' 参加費　無料                                   参加費　1回500円',
  '                                                申込み　1週間前まで',
].join('\n');

describe('unweaveColumns', () => {
  it('reads two boxes laid side by side as the left one, then the right one', () => {
    expect(unweaveColumns(twoBoxes).split('\n')).toEqual([
      '■ 元気はつらつ体操教室',
      ' 椅子に座ったままできる体操です。',
      ' 日時　毎月第2水曜日',
      ' 参加費　無料',
      '■ 男の料理教室',
      '季節の食材で料理を作ります。',
      '日時　年4回の第3土曜日',
      '参加費　1回500円',
      '申込み　1週間前まで',
    ]);
  });

  it('writes a table aligned with spaces with tabs between its cells, never as two columns', () => {
    const table = [
      '  区分                  メス（不妊手術）     オス（去勢手術）',
      '  飼い猫                10,000円             5,000円',
      '  飼い主のいない猫      15,000円             8,000円',
    ].join('\n');
    expect(unweaveColumns(table).split('\n')).toEqual([
      '区分\tメス（不妊手術）\tオス（去勢手術）',
      '飼い猫\t10,000円\t5,000円',
      '飼い主のいない猫\t15,000円\t8,000円',
    ]);
  });

  it('leaves a label and its value apart by spaces as they are (two cells are no table)', () => {
    const fields = ['受付時間      8時30分～17時15分', '電話          0193-22-0177'].join('\n');
    expect(unweaveColumns(fields)).toBe(fields);
  });

  it('leaves a page header with the date on the right, and one column of text, as they are', () => {
    const page = [
      '社協だより かまいし 令和7年度 特集号                      令和7年4月15日発行',
      '発行 社会福祉法人 釜石市社会福祉協議会                     No.214',
      '',
      '社協では、高齢の方が地域で元気に暮らし続けられるよう、介護予防の教室を開いています。',
      'どなたでも気軽にご参加ください。',
      '送迎が必要な方は、開催日の3日前までにご相談ください。',
    ].join('\n');
    expect(unweaveColumns(page)).toBe(page);
  });

  it('leaves a block alone when a line runs across both columns', () => {
    const mixed = `${twoBoxes}\n会場まで一人で来るのが難しい方は、各教室の開催日の3日前までにご相談ください。社協の車で送迎できます。`;
    expect(unweaveColumns(mixed)).toBe(mixed);
  });

  it('writes a table typed with pipes with tabs between its cells and drops its rule', () => {
    const table = [
      '2 中部地区',
      '| 番号 | 施設名 | ペット同行 |',
      '|------|--------|------|',
      '| 1 | 中央小学校 | × |',
    ].join('\n');
    expect(unweaveColumns(table).split('\n')).toEqual([
      '2 中部地区',
      '番号\t施設名\tペット同行',
      '1\t中央小学校\t×',
    ]);
  });
});
