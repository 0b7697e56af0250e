import { beforeAll, describe, expect, it } from 'vitest';
import { type Analyzer, createAnalyzer } from '../../src/qa/analyzer.ts';
import { parseDictionaries } from '../../src/qa/dictionaries.ts';
import { analyzeQuery, buildVocabulary, rewriteKana, type Vocabulary } from '../../src/qa/query.ts';
import { yearTerms } from '../../src/qa/years.ts';
import { loadTokenizer } from '../../src/tokenizer.ts';

let analyzer: Analyzer;
let vocabulary: Vocabulary;

const corpus = [
  '無料法律・人権相談 金曜日のみ、釧路地方法務局人権擁護課の協力により実施。',
  'くしろステイメンバースカード発行枚数 778枚（令和7年度）',
  '長期滞在・移住に関する相談対応と情報発信により、長期滞在者の受入を行う。',
  '東京事務所 電話 (03) 3263-1992',
];

beforeAll(async () => {
  const dictionaries = parseDictionaries({
    userTerms:
      'くしろステイメンバースカード\tクシロステイメンバースカード\n無料法律・人権相談\n法律相談\tホウリツソウダン\n',
    synonyms: 'ステイカード => くしろステイメンバースカード\n弁護士 => 法律相談\n',
    stopwords: 'いつ\nある\nする\n何\n',
  });
  if (!dictionaries.success) throw new Error(dictionaries.errors.join('\n'));
  analyzer = createAnalyzer({
    tokenizer: await loadTokenizer(),
    dictionaries: dictionaries.data,
    extraTerms: yearTerms,
  });
  vocabulary = buildVocabulary(corpus.map((text) => analyzer.documentTerms(text)));
});

describe('analyzer', () => {
  it('keeps user dictionary terms whole and indexes their parts', () => {
    const { terms } = analyzer.documentTerms('無料法律・人権相談を実施');
    expect(terms).toContain('無料法律・人権相談');
    expect(terms).toContain('法律');
    expect(terms).toContain('相談');
  });
  it('drops particles, symbols, question words and a lone question mark', () => {
    const terms = analyzer.queryTerms('無料の法律相談はいつ？').map((t) => t.term);
    expect(terms).toContain('法律相談');
    expect(terms).toContain('無料');
    expect(terms).not.toContain('?');
    expect(terms).not.toContain('の');
    expect(terms).not.toContain('いつ');
  });
  it('reads nouns joined by ・ with the head they share as words of the text', () => {
    expect(analyzer.documentTerms('介護・福祉サービスの窓口').terms).toEqual(
      expect.arrayContaining(['介護サービス', '福祉サービス']),
    );
    expect(analyzer.documentTerms('無料法律・人権相談を実施').terms).toContain('法律相談');
    // Each already ends with the head: nothing to add, and no 市民税税.
    expect(analyzer.documentTerms('市民税・道民税').terms).not.toContain('市民税税');
    expect(analyzer.documentTerms('相談・受付は平日').terms).not.toContain('相談受付');
  });
  it('joins adjacent nouns into compounds', () => {
    const terms = analyzer.queryTerms('長期滞在者数').map((t) => t.term);
    expect(terms).toContain('長期滞在');
  });
  it('lets era and Gregorian years meet', () => {
    const a = analyzer.documentTerms('令和7年度の実績').terms;
    const b = analyzer.queryTerms('2025年度の実績').map((t) => t.term);
    expect(a).toContain('2025年度');
    expect(b).toContain('2025年度');
  });
});

describe('question analysis', () => {
  it('spells a hiragana-only question back into the corpus words', () => {
    expect(rewriteKana('ほうりつそうだんはなんようび', vocabulary)).toContain('法律相談');
  });
  it('applies synonyms with a lower weight', () => {
    const q = analyzeQuery('ステイカードって何？', analyzer, vocabulary);
    expect(q.terms).toContainEqual(
      expect.objectContaining({ term: 'くしろステイメンバースカード', weight: 0.8, origin: 'synonym' }),
    );
  });
  it('corrects a homophone typo to the corpus spelling', () => {
    const q = analyzeQuery('法律総談はいつ', analyzer, vocabulary);
    expect(q.corrections).toContainEqual({ from: '法律総談', to: '法律相談' });
    expect(q.unknown).toEqual([]);
  });
  it('reports words the corpus has never seen', () => {
    const q = analyzeQuery('明日の天気は？', analyzer, vocabulary);
    expect(q.unknown).toContain('天気');
  });
});

describe('stopword predicates typed in kana', () => {
  it('drops ききたい and おしえて as it drops 聞きたい and 教えて, and keeps the content words beside them', async () => {
    const parsed = parseDictionaries({ userTerms: '', synonyms: '', stopwords: '聞く\n教える\n' });
    if (!parsed.success) throw new Error(parsed.errors.join('\n'));
    const kana = createAnalyzer({ tokenizer: await loadTokenizer(), dictionaries: parsed.data });
    const terms = (text: string) => kana.queryTerms(text).map((t) => t.term);
    expect(terms('保険料のことで聞きたい')).not.toContain('聞く');
    expect(terms('保険料のことでききたい')).not.toContain('きく');
    expect(terms('でんわばんごうおしえて')).not.toContain('おしえる');
    expect(terms('保険料のことでききたい')).toContain('保険');
  });
});

describe('a katakana word cut short', () => {
  it('stands for the corpus word it begins (インフル for インフルエンザ), before any one-keystroke neighbour', () => {
    const words = buildVocabulary([
      analyzer.documentTerms('インフルエンザの予防接種'),
      analyzer.documentTerms('インクルーシブ教育'),
    ]);
    const query = analyzeQuery('インフルの予防接種はいくら？', analyzer, words);
    expect(query.corrections).toContainEqual({ from: 'インフル', to: 'インフルエンザ' });
  });
  it('is no typo when it is a word of the dictionary (コープ is not コーナ a keystroke away)', () => {
    const words = buildVocabulary([analyzer.documentTerms('体験コーナーのご案内')]);
    expect(analyzeQuery('コープの営業時間は？', analyzer, words).corrections).toEqual([]);
    expect(
      analyzeQuery(
        'プラサの営業時間は？',
        analyzer,
        buildVocabulary([analyzer.documentTerms('国際交流プラザ')]),
      ).corrections,
    ).toContainEqual({ from: 'プラサ', to: 'プラザ' });
  });
});

describe('compounds', () => {
  it('never join an interrogative to the nouns beside it (今年度いくら助成)', () => {
    const terms = analyzer.queryTerms('今年度いくら助成されますか').map((t) => t.term);
    expect(terms).toContain('今年度');
    expect(terms.some((t) => t.includes('いくら'))).toBe(false);
    expect(analyzer.queryTerms('申込は何月何日まで？').some((t) => t.term.includes('何'))).toBe(false);
  });
});

describe('kana spelled back to the corpus', () => {
  it('keeps a run of particles and question words (はいつ) rather than reading it as a word (ハイツ)', () => {
    const words = buildVocabulary([analyzer.documentTerms('市営住宅 春採ハイツ')]);
    expect(rewriteKana('リニューアルしたのはいつ', words)).toBe('リニューアルしたのはいつ');
  });
});

describe('reading corrections', () => {
  it('do not spell an unknown word back as single characters of the corpus (給料 → 級量)', () => {
    const words = buildVocabulary(
      ['水の量を測ります', '級を上げる試験', '量が多い', '級の認定'].map((t) => analyzer.documentTerms(t)),
    );
    expect(analyzeQuery('給料から引かれますか', analyzer, words).corrections).toEqual([]);
  });
});

describe('a short kana noun', () => {
  it('is spelled as the corpus spells the word read so (ねこ → 猫), where the rewrite left it alone', () => {
    const words = buildVocabulary([analyzer.documentTerms('猫の不妊手術の助成')]);
    const query = analyzeQuery('ねこのしゅじゅつのじょせいはいくら？', analyzer, words);
    expect(query.corrections).toContainEqual({ from: 'ねこ', to: '猫' });
  });
});

describe('a potential verb the corpus never uses', () => {
  it('stands for its plain verb (使える → 使う, 引き落とせる → 引き落とす)', () => {
    const words = buildVocabulary([
      analyzer.documentTerms('スマートフォン決済を使うことができます。'),
      analyzer.documentTerms('納期限の日に口座から引き落とします。'),
    ]);
    expect(analyzeQuery('スマホ決済は使える？', analyzer, words).corrections).toContainEqual({
      from: '使える',
      to: '使う',
    });
    expect(analyzeQuery('残高不足で引き落とせなかったら？', analyzer, words).corrections).toContainEqual({
      from: '引き落とせる',
      to: '引き落とす',
    });
  });
});
