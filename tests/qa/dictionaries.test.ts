import { describe, expect, it } from 'vitest';
import { parseDictionaries, parseSynonyms, parseUserTerms } from '../../src/qa/dictionaries.ts';
import { readShippedDictionary } from '../support/shipped-corpus.ts';

describe('parseUserTerms', () => {
  it('reads term and optional kana reading', () => {
    const parsed = parseUserTerms('# comment\n域内連関\tいきないれんかん\n阿寒湖\n');
    expect(parsed).toEqual({
      success: true,
      data: [
        { term: '域内連関', reading: 'イキナイレンカン' },
        { term: '阿寒湖', reading: '' },
      ],
    });
  });
  it('names the file and line of a malformed entry', () => {
    const parsed = parseUserTerms('域内連関\tikinai\n', 'user-terms.tsv');
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.errors[0]).toContain('user-terms.tsv:1');
  });
});

describe('parseSynonyms', () => {
  it('reads groups and one-way rules', () => {
    const parsed = parseSynonyms('スマホ, スマートフォン\n弁護士 => 法律相談\n');
    expect(parsed).toEqual({
      success: true,
      data: [
        { from: ['スマホ', 'スマートフォン'], to: ['スマホ', 'スマートフォン'] },
        { from: ['弁護士'], to: ['法律相談'] },
      ],
    });
  });
  it('rejects a group of one and a double arrow', () => {
    const parsed = parseSynonyms('弁護士\na => b => c\n');
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.errors).toHaveLength(2);
  });
});

describe('the shipped dictionaries', () => {
  it('parse without errors', () => {
    const parsed = parseDictionaries({
      userTerms: readShippedDictionary('user-terms.tsv'),
      synonyms: readShippedDictionary('synonyms.txt'),
      stopwords: readShippedDictionary('stopwords.txt'),
    });
    expect(parsed.success ? [] : parsed.errors).toEqual([]);
  });

  it('spell out the weekend residents write as 土日 the way pages do (土曜日・日曜日)', () => {
    const parsed = parseSynonyms(readShippedDictionary('synonyms.txt'));
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const weekend = parsed.data.find((rule) => rule.from.includes('土日'));
    expect(weekend?.to).toEqual(expect.arrayContaining(['土曜日', '日曜日']));
  });

  it('search what a page lends (貸出, 貸与) for what a resident borrows (借りたい, 借りられる)', () => {
    const parsed = parseSynonyms(readShippedDictionary('synonyms.txt'));
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const borrow = parsed.data.find((rule) => rule.from.some((word) => '電気柵を借りたい'.includes(word)));
    expect(borrow?.to).toEqual(expect.arrayContaining(['貸出', '貸し出し', '貸与']));
  });

  it('spell out the short names residents use (げんつき, 母子手帳, マイナカード) as pages write them', () => {
    const parsed = parseSynonyms(readShippedDictionary('synonyms.txt'));
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const full = (short: string) => parsed.data.find((rule) => rule.from.includes(short))?.to ?? [];
    expect(full('げんつき')).toContain('原動機付自転車');
    expect(full('母子手帳')).toContain('母子健康手帳');
    expect(full('マイナカード')).toContain('マイナンバーカード');
  });

  it('search the standard terms of certificate and tax pages for the words residents use', () => {
    const parsed = parseSynonyms(readShippedDictionary('synonyms.txt'));
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const searched = (question: string) =>
      parsed.data.filter((rule) => rule.from.some((word) => question.includes(word))).flatMap((r) => r.to);
    expect(searched('戸籍謄本はいくら？')).toContain('全部事項証明書');
    expect(searched('給料から天引きされる住民税')).toEqual(expect.arrayContaining(['特別徴収', '市民税']));
    expect(searched('残高不足で引き落とせなかったら？')).toContain('口座振替');
  });

  it('search the closed days every kind of facility names (休館日, 休場日, 休園日) for a resident’s 休み', () => {
    const parsed = parseSynonyms(readShippedDictionary('synonyms.txt'));
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const closed = parsed.data.find((rule) => rule.from.includes('休み'))?.to ?? [];
    expect(closed).toEqual(expect.arrayContaining(['休館日', '定休日', '休場日', '休園日', '休所日']));
  });

  it('hold 全部 and its spellings as qualifiers: 全部教えて asks the whole list, it names no topic', () => {
    const stopwords = readShippedDictionary('stopwords.txt').split('\n');
    expect(stopwords).toEqual(expect.arrayContaining(['全部', '全て', 'すべて', 'ぜんぶ']));
  });
});
