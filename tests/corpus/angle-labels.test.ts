import { describe, expect, it } from 'vitest';
import { toPassages } from '../../src/corpus/passages.ts';
import type { CorpusDocument } from '../../src/qa/types.ts';

const doc = (body: string): CorpusDocument => ({
  meta: { id: 'angle', title: '公文書の公開請求のご案内', municipality: '釜石市', source: 'angle.txt' },
  body,
});

const paragraph = (topic: string) =>
  `${topic}について説明します。手続きは総務課の窓口で受け付けています。詳しい内容は、窓口でお尋ねください。` +
  '受付の際には本人確認書類をお持ちください。ご不明な点は事前に総務課へご相談ください。';

describe('a label in angle brackets alone on a line', () => {
  it('heads a section where it opens a block above a paragraph (〈請求の方法〉)', () => {
    const passages = toPassages(
      doc(
        `〈請求の方法〉\n${paragraph('請求の方法')}\n※電話や口頭での請求はできません。\n\n` +
          `〈決定までの期間〉\n${paragraph('決定までの期間')}\n15日以内に決定します。\n`,
      ),
    );
    const phone = passages.find((p) => p.text.includes('電話や口頭'));
    expect(phone?.headingPath.at(-1)).toContain('請求の方法');
    const days = passages.find((p) => p.text.includes('15日以内'));
    expect(days?.headingPath.at(-1)).toContain('決定までの期間');
  });

  it('stays a field’s label above a one-line value (〈登録手数料〉 3,000円)', () => {
    const passages = toPassages(
      doc('犬の登録\n\n〈登録の時期〉\n飼い始めてから30日以内\n〈登録手数料〉\n3,000円（1頭につき）\n'),
    );
    expect(passages.map((p) => p.headingPath)).toEqual([['犬の登録']]);
    expect(passages[0]?.text).toContain('〈登録手数料〉 3,000円（1頭につき）');
  });

  it('stays inside its block where no blank line sets it apart (〈平日 8時50分～17時20分〉 under ■)', () => {
    const passages = toPassages(
      doc(
        '■ヒグマを見かけたら（通報先）\nそれ以外の目撃情報\n〈平日 8時50分～17時20分〉\n環境保全課 0154-31-4594\n' +
          '〈夜間・土日祝日〉\n釧路警察署 0154-23-0110\n',
      ),
    );
    expect(passages.every((p) => p.headingPath.length === 0)).toBe(true);
  });
});
