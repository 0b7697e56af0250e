import { describe, expect, it } from 'vitest';
import { chooseAnswering } from '../../src/qa/choose.ts';
import { questionBigrams, questionSimilarity } from '../../src/qa/faq-match.ts';
import { listAnswer } from '../../src/qa/lists.ts';
import { parseQuestion } from '../../src/qa/question.ts';
import { FIXTURE_NOW, fixtureEngine, section } from './fixture-engine.ts';

// A Q&A page: every entry shares the page's words (住宅用火災警報器); only the resident's wording tells which entry
// they asked, in their own kana and conjugations.
const PAGE = '住宅用火災警報器 よくある質問';
const entries = [
  section(
    'keihoki-faq',
    PAGE,
    1,
    'Q.高齢で、自分では住宅用火災警報器を取り付けられません。',
    'A.住宅用火災警報器の取り付け作業は無料ですが、本体はご自身で用意してください。',
  ),
  section(
    'keihoki-faq',
    PAGE,
    2,
    'Q.住宅用火災警報器はどこで買えますか。値段はいくらくらいですか。',
    'A.ホームセンターや家電量販店で売っています。価格は1個あたり2,000円～5,000円程度です。',
  ),
];

describe('a Q&A entry whose question the resident restates', () => {
  it('is closer to the restated question than to another entry', () => {
    const asked = questionBigrams('住宅用火災警報器っていくらぐらいでかえる？');
    const restated = questionSimilarity(asked, questionBigrams(entries[1]?.headingPath[0] ?? ''));
    const other = questionSimilarity(asked, questionBigrams(entries[0]?.headingPath[0] ?? ''));
    expect(restated).toBeGreaterThan(other);
  });

  it('answers, whatever the retrieval order', async () => {
    const { engine, index } = await fixtureEngine(entries);
    const question = '警報器っていくらぐらいでかえる？';
    const { candidates, query } = engine.explain(question);
    const install = candidates.find((c) => c.passage.ordinal === 1);
    const price = candidates.find((c) => c.passage.ordinal === 2);
    if (!install || !price) throw new Error('both entries must be candidates');
    // The installing entry first, the price entry close behind: both state an amount (無料, 2,000円).
    const ranked = [
      { ...install, score: 100 },
      { ...price, score: 80 },
    ];
    const chosen = chooseAnswering(ranked, parseQuestion(question), query, index, FIXTURE_NOW);
    expect(chosen?.top.passage.ordinal).toBe(2);
  });
});

// Entries without headings of their own (Ｑ４ … on the first line) share one section: they are not a list.
describe('a yes/no question on a Q&A page whose entries have no headings', () => {
  it('is answered from its entry alone', async () => {
    const title = '競争入札参加資格審査申請 よくある質問';
    const { engine } = await fixtureEngine([
      section(
        'nyusatsu-faq',
        title,
        0,
        '',
        '市の入札に参加するには、競争入札参加資格の申請をして、資格審査を受けてください。競争入札参加資格の申請についてよくある質問をまとめました。',
      ),
      section(
        'nyusatsu-faq',
        title,
        1,
        '',
        'Ｑ１ 競争入札参加資格の申請は窓口に持っていかなければなりませんか。\nＡ１ 持参または郵送で提出してください。電子申請（メール）は受け付けていません。',
      ),
      section(
        'nyusatsu-faq',
        title,
        2,
        '',
        'Ｑ２ 競争入札参加資格の申請にはどんな書類が必要ですか。\nＡ２ 申請書と納税証明書です。',
      ),
      section(
        'nyusatsu-faq',
        title,
        3,
        '',
        'Ｑ３ 競争入札参加資格の審査の結果はいつわかりますか。\nＡ３ 3月下旬に市のホームページに掲載します。',
      ),
    ]);
    const answer = engine.ask('競争入札参加資格の申請はメールで送ってもいいですか');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer).toContain('受け付けていません');
    // Not the next entries' answers either: each answers another question.
    expect(answer.answer).not.toMatch(/Ａ[２３]/);
  });
});

describe('Q&A entries that rank alike in one section', () => {
  it('are not listed as the records of a list', () => {
    const title = '競争入札参加資格審査申請 よくある質問';
    // One section each: passages of a page without headings are never records.
    const entry = (ordinal: number, text: string, heading = 'よくある質問') => ({
      passage: section('nyusatsu-faq', title, ordinal, heading, text),
      score: 10,
      matched: [],
      coverage: { score: 0.8 },
    });
    const [first, ...rest] = [
      entry(1, 'Ｑ１ 競争入札参加資格の申請は郵送でもできますか。\nＡ１ 郵送でも受け付けます。'),
      entry(2, 'Ｑ２ 競争入札参加資格の申請に手数料はかかりますか。\nＡ２ かかりません。'),
    ];
    if (!first) throw new Error('fixture');
    expect(listAnswer(first, [first, ...rest], 0.5, () => true, 300)).toBeNull();
    // Records that ask nothing (a sister city each) are a list.
    const [city, ...cities] = [
      entry(1, '鳥取市（鳥取県）\n昭和38年に提携しました。', '姉妹都市'),
      entry(2, '湯沢町（新潟県）\n平成2年に提携しました。', '姉妹都市'),
    ];
    if (!city) throw new Error('fixture');
    expect(listAnswer(city, [city, ...cities], 0.5, () => true, 300)).not.toBeNull();
  });
});

// The question typed in kana alone (めんきょへんのうの しえん ゆうそうで しんせいできる？) restates an entry as the corpus
// spells it: compared so, not letter by letter against the entry's kanji.
describe('a Q&A entry restated in kana', () => {
  it('answers as the same question in kanji would', async () => {
    const title = '運転免許自主返納支援事業';
    const { engine } = await fixtureEngine([
      section(
        'henno',
        title,
        1,
        'Q.郵送で申請できますか。',
        'A.郵送での申請は受け付けていません。窓口へお越しください。',
      ),
      section(
        'henno',
        title,
        2,
        'Q.家族が代わりに申請できますか。',
        'A.家族の方が代わりに申請できます。免許返納の支援の申請書は、郵送でもお取り寄せできます。郵送で申請書をお送りします。',
      ),
      section(
        'henno',
        title,
        0,
        '申請の流れ',
        '運転免許を自主返納した方への支援です。申請書に記入し、運転経歴証明書を添えて申請してください。商品券は後日郵送します。',
      ),
    ]);
    const answer = engine.ask('めんきょへんのうの しえん ゆうそうで しんせいできる？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('受け付けていません');
  });
});
