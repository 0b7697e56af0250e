import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/qa/analyzer.ts';
import { parseDictionaries } from '../../src/qa/dictionaries.ts';
import { createEngine, type Engine } from '../../src/qa/engine.ts';
import { buildIndex } from '../../src/qa/index.ts';
import type { Passage } from '../../src/qa/types.ts';
import { yearTerms } from '../../src/qa/years.ts';
import { loadTokenizer } from '../../src/tokenizer.ts';

const passage = (ordinal: number, municipality: string, headingPath: string[], text: string): Passage => ({
  id: `${municipality === '釧路市' ? 'k' : 'm'}#${ordinal}`,
  docId: municipality === '釧路市' ? 'k' : 'm',
  ordinal,
  title: `${municipality}の資料`,
  municipality,
  headingPath,
  kind: text.includes(' / ') ? 'table' : 'text',
  text,
});

const passages: Passage[] = [
  passage(
    0,
    '釧路市',
    ['広聴活動'],
    '事業名 無料法律・人権相談 / 内容 金曜日のみ、釧路弁護士会の協力により実施。 / 実績 実施回数 21回',
  ),
  passage(1, '釧路市', ['国内姉妹都市'], '都市名: 鳥取市（鳥取県）\n提携年月日: 昭和38（1963）年10月4日'),
  passage(2, '釧路市', ['国内姉妹都市'], '都市名: 湯沢市（秋田県）\n提携年月日: 昭和38（1963）年10月4日'),
  passage(3, '釧路市', ['東京事務所'], '住所 〒102-0093 東京都千代田区平河町2-4-1\n電話 (03) 3263-1992'),
  passage(4, '釧路市', ['長期滞在'], 'くしろステイメンバースカード発行枚数 778枚（令和7年度）'),
  passage(
    5,
    '釜石市',
    ['行財政運営'],
    '指標 経常収支比率 / 現状値 (令和6年度) 99.0% / 目標値 (令和12年度) 96.0%',
  ),
  passage(
    6,
    '釧路市',
    ['まちづくり'],
    '地域の人口は減少傾向が続いています。市民の愛着をまちづくりに生かします。',
  ),
  {
    ...passage(0, '共通', ['防災'], '避難所の案内は防災ハンドブックに掲載しています。'),
    id: 's#0',
    docId: 's',
  },
];

let engine: Engine;

beforeAll(async () => {
  const dictionaries = parseDictionaries({
    userTerms:
      'くしろステイメンバースカード\nくしろ\tクシロ\n無料法律・人権相談\n法律相談\tホウリツソウダン\n',
    synonyms: '弁護士 => 法律相談\nステイカード => くしろステイメンバースカード\n',
    stopwords: 'いつ\n何\nある\nする\n教える\n',
  });
  if (!dictionaries.success) throw new Error(dictionaries.errors.join('\n'));
  const analyzer = createAnalyzer({
    tokenizer: await loadTokenizer(),
    dictionaries: dictionaries.data,
    extraTerms: yearTerms,
  });
  engine = createEngine({
    analyzer,
    index: buildIndex(passages, analyzer),
    now: () => new Date('2026-11-20T10:00:00+09:00'),
  });
});

describe('the answer engine', () => {
  it('answers from the passage that holds the fact and cites it', () => {
    const answer = engine.ask('ステイメンバースカードは何枚発行されましたか？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('778枚');
    expect(answer.answered && answer.citation).toContain('出典');
    expect(answer.sources[0]?.passageId).toBe('k#4');
  });

  it('finds a program through a synonym', () => {
    const answer = engine.ask('ステイカードの発行枚数は？');
    expect(answer.answer).toContain('778枚');
  });

  it('answers a schedule question with the rule, and no date the rule does not fix (金曜日のみ)', () => {
    const answer = engine.ask('弁護士の無料相談はいつ？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('金曜日のみ');
    expect(answer.answer).not.toContain('11月20日');
    expect(answer.answer).toContain('ご確認ください');
  });

  it('declines a question about something the documents lack, naming a contact', () => {
    const answer = engine.ask('明日の天気は？');
    expect(answer.answered).toBe(false);
    expect(answer.answered === false && answer.reason).toBe('out_of_scope');
    expect(answer.answer).toContain('問い合わせ');
  });

  it('declines when the passage shares the words but not the kind of fact asked for', () => {
    const answer = engine.ask('鳥取市の人口は何人ですか？');
    expect(answer.answered).toBe(false);
  });

  it('lists the records of a section the question cannot tell apart', () => {
    const answer = engine.ask('国内姉妹都市はどこですか？');
    expect(answer.answer).toContain('鳥取市');
    expect(answer.answer).toContain('湯沢市');
  });

  it('gives a phone number from a contact block', () => {
    expect(engine.ask('東京事務所の電話番号は？').answer).toContain('3263-1992');
  });

  it('keeps to the municipality the question names', () => {
    const answer = engine.ask('釜石市の経常収支比率の目標値は？');
    expect(answer.municipality).toBe('釜石市');
    expect(answer.answer).toContain('96.0%');
    expect(engine.ask('釜石市の長期滞在者は何人？').answered).toBe(false);
  });

  it('answers a city from its own documents and the shared ones only', () => {
    expect(engine.ask('防災ハンドブックには何が載っていますか', { municipality: '釜石市' }).answered).toBe(
      true,
    );
    expect(engine.ask('ステイメンバースカードの発行枚数は？', { municipality: '釜石市' }).answered).toBe(
      false,
    );
  });

  it('meets era and Gregorian years', () => {
    expect(engine.ask('2025年度のステイメンバースカード発行枚数は？').answer).toContain('778枚');
  });

  it('declines empty, symbol-only and overlong input without throwing', () => {
    for (const input of ['', '   ', '？？？', '\u0000\uD800', 'あ'.repeat(10_000)]) {
      const answer = engine.ask(input);
      expect(answer.answered).toBe(false);
      expect(answer.answer.length).toBeGreaterThan(0);
    }
  });

  it('explains the analyzer view and the ranked candidates', () => {
    const x = engine.explain('くしろステイメンバースカードの発行枚数は？');
    expect(x.tokens.some((t) => t.userTerm && t.surface === 'くしろステイメンバースカード')).toBe(true);
    expect(x.candidates[0]?.passage.id).toBe('k#4');
  });
});
