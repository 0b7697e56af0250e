import { describe, expect, it } from 'vitest';
import { okuriganaSkeleton, okuriganaVariants } from '../../src/qa/okurigana.ts';
import { buildVocabulary, type Vocabulary } from '../../src/qa/query.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

const vocabularyOf = (words: string[]): Vocabulary => buildVocabulary([{ terms: words, spelled: [] }]);

describe('okuriganaSkeleton', () => {
  it('keeps the kanji of a word whose kana endings vary', () => {
    expect(okuriganaSkeleton('申し込み')).toBe('申込');
    expect(okuriganaSkeleton('申込む')).toBe('申込');
    expect(okuriganaSkeleton('申込')).toBe('申込');
    expect(okuriganaSkeleton('引き落とし')).toBe('引落');
    expect(okuriganaSkeleton('受け付ける')).toBe('受付');
  });

  it('leaves words with one kanji, a kana prefix or a kana word of their own', () => {
    expect(okuriganaSkeleton('見る')).toBeNull();
    expect(okuriganaSkeleton('子ども')).toBeNull();
    expect(okuriganaSkeleton('お知らせ')).toBeNull();
    expect(okuriganaSkeleton('世帯あたり')).toBeNull();
    expect(okuriganaSkeleton('ステイ')).toBeNull();
  });
});

describe('okuriganaVariants', () => {
  const words = vocabularyOf(['申込', '申し込み', '取組', '取り組む', '振込', '見る']);

  it('takes no word run on by the tokenizer for a spelling (釧路ら, 年度ごと)', () => {
    expect(okuriganaVariants('釧路', vocabularyOf(['釧路ら', '釧路']), true)).toEqual([]);
    expect(okuriganaVariants('年度', vocabularyOf(['年度ごと', '家庭ごみ']), true)).toEqual([]);
    expect(okuriganaVariants('受付', vocabularyOf(['受付け', '受付']), true)).toEqual(['受付け']);
  });

  it('finds the corpus spellings of a verb, its noun among them', () => {
    expect(okuriganaVariants('申し込む', words).sort()).toEqual(['申し込み', '申込'].sort());
    expect(okuriganaVariants('振り込む', words)).toEqual(['振込']);
  });

  it('keeps a noun to nouns: the initiatives asked about are not a sentence saying the city works at something', () => {
    expect(okuriganaVariants('取り組み', words, true)).toEqual(['取組']);
  });
});

describe('a question worded with other okurigana than the page', () => {
  const passages = [
    section('furikae', '市税の口座振替', 0, '振替日', '振替日：各納期限の日（原則として月末）'),
    section(
      'furikae',
      '市税の口座振替',
      1,
      '申込方法',
      '申込書に記入し、通帳と届出印を持って金融機関の窓口へお出しください。',
    ),
    section('jidou', '児童手当', 0, '支給日', '振込日：2月・4月・6月・8月・10月・12月の各10日'),
  ];

  it('finds the page that writes the verb as a noun (振り込まれる → 振込日, 申し込む → 申込書)', async () => {
    const { engine } = await fixtureEngine(passages);
    const paid = engine.explain('児童手当はいつ振り込まれますか');
    expect(paid.query.synonymsApplied).toContainEqual({ from: '振り込む', to: ['振込'] });
    expect(paid.answer.answered && paid.answer.answer).toContain('10日');
    const apply = engine.explain('口座振替はどうやって申し込むの？');
    expect(apply.candidates[0]?.passage.id).toBe('furikae#1');
    expect(apply.candidates[0]?.coverage.matched).toContain('申し込む');
  });
});

describe('a slot asked by name with other okurigana', () => {
  it('is the slot the page labels (締め切り asked, 応募締切 on the page)', async () => {
    const { engine } = await fixtureEngine([
      section(
        'tai',
        '地域おこし協力隊の募集',
        0,
        '応募方法',
        '応募用紙に記入し、郵送または持参で提出してください。\n応募締切：令和7年12月19日（金）必着',
      ),
      section(
        'tai',
        '地域おこし協力隊の募集',
        1,
        '選考',
        '書類選考のあと面接を行います。面接日は令和8年1月に通知します。',
      ),
    ]);
    const answer = engine.ask('地域おこし協力隊の応募の締め切りはいつですか');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('12月19日');
  });
});
