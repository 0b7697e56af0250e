import { describe, expect, it } from 'vitest';
import { strongestFact, surfaceOf } from '../../src/qa/answer.ts';
import {
  ANSWER_TYPES,
  answerTypeOf,
  holdsFact,
  inlineLabel,
  labelNamesKind,
  splitFields,
} from '../../src/qa/answer-type.ts';
import { blockHeadings, compilePassage, factAt, labelOf, textUnits } from '../../src/qa/facts.ts';
import type { QueryAnalysis, QueryTerm, Vocabulary } from '../../src/qa/query.ts';
import type { Passage } from '../../src/qa/types.ts';

const type = (name: string) => {
  const found = ANSWER_TYPES.find((t) => t.name === name);
  if (!found) throw new Error(`no answer type ${name}`);
  return found;
};

describe('labelOf', () => {
  it('reads the label of a decorated or numbered line', () => {
    expect(labelOf('〈受付時間〉')).toBe('受付時間');
    expect(labelOf('【対象者】')).toBe('対象者');
    expect(labelOf('■申込方法')).toBe('申込方法');
    expect(labelOf('(5) 計画期間')).toBe('計画期間');
    expect(labelOf('参加費：')).toBe('参加費');
  });

  it('does not take a sentence for a label', () => {
    expect(labelOf('申込みは電話で受け付けます。')).toBeNull();
    expect(labelOf('')).toBeNull();
  });
});

describe('labelNamesKind', () => {
  it('matches a label that ends with the head of the kind', () => {
    expect(labelNamesKind(type('money'), '参加費')).toBe(true);
    expect(labelNamesKind(type('money'), '補助額（上限）')).toBe(true);
    expect(labelNamesKind(type('date'), '提携年月日')).toBe(true);
    expect(labelNamesKind(type('time'), '受付時間')).toBe(true);
    expect(labelNamesKind(type('eligibility'), '対象者')).toBe(true);
  });

  it('does not match a label that only contains the head', () => {
    expect(labelNamesKind(type('people'), '人口減少の緩和')).toBe(false);
    expect(labelNamesKind(type('money'), null)).toBe(false);
  });
});

describe('inlineLabel', () => {
  it('reads label：value and label: value rows', () => {
    expect(inlineLabel('参加費：無料')).toBe('参加費');
    expect(inlineLabel('提携年月日: 昭和40（1965）年9月9日')).toBe('提携年月日');
  });

  it('reads a label one space before its figure, numbered or marked as lists are', () => {
    expect(inlineLabel('(4) 申込期間 令和7年10月1日から10月31日まで')).toBe('申込期間');
    expect(inlineLabel('■受付時間 9時～17時')).toBe('受付時間');
    expect(inlineLabel('人口減少 2020年から')).toBeNull();
  });

  it('reads the label of a sentence that says a labelled value', () => {
    expect(inlineLabel('持ち込みの手数料は10kgごとに140円です。')).toBe('持ち込みの手数料');
    expect(inlineLabel('窓口へお越しください。')).toBeNull();
  });
});

describe('splitFields', () => {
  it('cuts a line of several labelled fields before each label', () => {
    expect(splitFields('開館時間9時～16時 休館日毎週火曜日、年末年始 入館料 500円')).toEqual([
      '開館時間9時～16時',
      '休館日毎週火曜日、年末年始',
      '入館料 500円',
    ]);
  });

  it('keeps sentences, table rows and words that only begin like a label whole', () => {
    expect(splitFields('口座振替　納期限の日に引き落とします。')).toHaveLength(1);
    expect(splitFields('区分 一般世帯 / 上限額 10万円')).toHaveLength(1);
    expect(splitFields('住所 東京都千代田区平河町2-4-1 日本都市センター会館9階')).toHaveLength(1);
    expect(splitFields('答　登録料は無料です')).toHaveLength(1);
  });

  it('keeps a label ending in a colon with its value, whatever word the value opens with', () => {
    expect(splitFields('前日: ガイド料の50％')).toEqual(['前日: ガイド料の50％']);
    expect(splitFields('対象者： 市内に住む65歳以上の方')).toHaveLength(1);
  });
});

describe('factAt', () => {
  it('finds a value that is not a number in a slot labelled for the kind', () => {
    expect(factAt(type('money'), ['〈参加費〉', '無料'], 1)).toBe(2);
    expect(factAt(type('money'), ['参加費：無料'], 0)).toBe(2);
    expect(factAt(type('eligibility'), ['【対象者】', 'どなたでも'], 1)).toBe(2);
  });

  it('finds a fact by its shape alone, and nothing where there is none', () => {
    expect(factAt(type('date'), ['令和7年10月4日に開催します。'], 0)).toBe(1);
    expect(factAt(type('money'), ['会場は市民ホールです。'], 0)).toBe(0);
  });

  it('does not take the next label or a row for the value of a label', () => {
    expect(factAt(type('money'), ['〈参加費〉', '■会場'], 1)).toBe(0);
    expect(factAt(type('phone'), ['電話 03-3263-1992', 'E-mail a@example.jp'], 1)).toBe(0);
  });
});

describe('answerTypeOf', () => {
  it('reads the kind a question names by the noun it ends on', () => {
    expect(answerTypeOf('バーナビー市との提携年月日は？')?.name).toBe('date');
    expect(answerTypeOf('講座の参加費は？')?.name).toBe('money');
    expect(answerTypeOf('講座の会場は？')?.name).toBe('place');
    expect(answerTypeOf('がん検診ってお金かかる？')?.name).toBe('money');
  });

  it('reads a period question and a question about who may apply', () => {
    expect(answerTypeOf('基本構想っていつからいつまで？')?.name).toBe('duration');
    expect(answerTypeOf('この補助金は誰が使えるの？')?.name).toBe('eligibility');
  });

  it('reads って何時 as a time and 何曜日 as a weekday, not as "what is it"', () => {
    expect(answerTypeOf('温水プールって何時に閉まる？')?.name).toBe('time');
    expect(answerTypeOf('健診って何曜日にやってる？')?.name).toBe('weekday');
    expect(answerTypeOf('域内連関って何？')?.name).toBe('definition');
  });

  it('counts in the counter a 何-question names, not any number nearby', () => {
    const type = answerTypeOf('観察会は何組まで参加できますか');
    expect(type?.name).toBe('count');
    expect(holdsFact(type, '定員 各回 親子15組（先着順）')).toBe(true);
    expect(holdsFact(type, '参加できるのは2回までです。')).toBe(false);
  });

  it('does not take a rate per person for a number of people', () => {
    expect(holdsFact(type('people'), '飲料水を1人につき1本配布する。')).toBe(false);
    expect(holdsFact(type('people'), '参加者は1,250人でした。')).toBe(true);
  });

  it('reads a question about what a plan is made of as a list', () => {
    expect(answerTypeOf('総合戦略の基本目標は？')?.name).toBe('list');
    expect(answerTypeOf('どんな施策がありますか')?.name).toBe('list');
    expect(answerTypeOf('基本目標3は何ですか？')?.name).not.toBe('list');
  });

  it('does not take a topic word for the kind asked', () => {
    expect(answerTypeOf('弁護士の無料相談はいつ？')?.name).toBe('date');
  });
});

describe('units of a two-column page', () => {
  it('splits a line at the gap between its columns', () => {
    expect(
      textUnits('(2) 計画期間                                活環境\n令和７年度～令和16年度      基本目標１'),
    ).toEqual(['(2) 計画期間', '活環境', '令和７年度～令和16年度', '基本目標１']);
  });

  it('keeps a numbering marker with the label it numbers', () => {
    expect(splitFields('(5) 計画期間')).toEqual(['(5) 計画期間']);
  });
});

describe('units', () => {
  it('leaves out when the page was updated, which no resident asks for', () => {
    expect(
      textUnits(
        '最終更新日：令和7年4月1日\n児童手当は年6回支給します。\n市民課　令和7年4月1日更新\n更新日 2025年3月14日',
      ),
    ).toEqual(['児童手当は年6回支給します。']);
  });
});

describe('compilePassage', () => {
  const passage = {
    id: 'p#0',
    docId: 'p',
    ordinal: 0,
    title: '講座のご案内',
    municipality: '釧路市',
    headingPath: ['星空観察講座'],
    kind: 'text' as const,
    text: '〈参加費〉\n無料\n定員：30人（先着順）\n開館時間9時～16時 休館日毎週火曜日\n星を観察します。',
  };

  it('lists the facts a page states, with their labels and the kinds they answer', () => {
    const { units, facts } = compilePassage(passage);
    expect(units).toEqual([
      '〈参加費〉',
      '無料',
      '定員：30人（先着順）',
      '開館時間9時～16時',
      '休館日毎週火曜日',
      '星を観察します。',
    ]);
    const byText = new Map(facts.map((f) => [f.text, f]));
    expect(byText.get('無料')).toMatchObject({ label: '参加費', labelled: ['money'] });
    expect(byText.get('定員：30人（先着順）')).toMatchObject({ label: '定員' });
    expect(byText.get('定員：30人（先着順）')?.labelled).toContain('people');
    expect(byText.get('開館時間9時～16時')?.labelled).toContain('time');
    expect(byText.get('休館日毎週火曜日')?.shaped).toContain('date');
    expect(byText.has('星を観察します。')).toBe(false);
  });

  it('takes the page title for what the document is, not a fact in it', () => {
    const notice = {
      ...passage,
      id: 'n#0',
      title: '令和8年 二十歳のつどい 開催のお知らせ',
      text: '令和８年 二十歳のつどい 開催のお知らせ\n日時：令和8年1月11日（日）',
    };
    const { facts } = compilePassage(notice);
    expect(facts.map((f) => f.text)).toEqual(['日時：令和8年1月11日（日）']);
  });

  it('compiles a passage once', () => {
    expect(compilePassage(passage)).toBe(compilePassage(passage));
  });
});

describe('strongestFact on two slots of the same kind', () => {
  const pool: Passage = {
    id: 'pool#0',
    docId: 'pool',
    ordinal: 0,
    title: '市民プール',
    municipality: '釧路市',
    headingPath: ['市民プール'],
    kind: 'text',
    text: '市民プールの利用案内です。\n〈開館時間〉\n午前9時から午後9時まで',
  };
  const term = (t: string): QueryTerm => ({
    term: t,
    weight: 1,
    origin: 'question',
    compound: false,
    pos: '名詞',
    part: false,
  });
  const query = (words: string[]): QueryAnalysis => ({
    rewritten: words.join(''),
    terms: words.map(term),
    unknown: [],
    synonymsApplied: [],
    corrections: [],
    focus: [words.at(-1) ?? ''],
  });
  const vocabulary: Vocabulary = {
    df: new Map(),
    spellings: new Map(),
    looseSpellings: new Map(),
    documentCount: 10,
  };

  it('counts the slot the question names', () => {
    expect(
      strongestFact([pool], query(['市民プール', '開館時間']), type('time'), vocabulary).strength,
    ).toBeGreaterThan(0);
  });

  it('does not count a slot of the same kind under another name (開館時間 for 受付時間)', () => {
    expect(strongestFact([pool], query(['市民プール', '受付時間']), type('time'), vocabulary).strength).toBe(
      0,
    );
  });

  it('counts an address under a page title that names whose it is, though the section never does', () => {
    const overview: Passage = {
      ...pool,
      title: '斎場 ご利用のご案内',
      headingPath: ['施設の概要'],
      text: '所在地 貝塚3丁目18番1号\n開場時間 9時～17時',
    };
    expect(
      strongestFact([overview], query(['斎場', '住所']), type('address'), vocabulary).strength,
    ).toBeGreaterThan(0);
  });
});

describe('surfaceOf', () => {
  const t = (term: string, pos: string): QueryTerm => ({
    term,
    weight: 1,
    origin: 'question',
    compound: false,
    pos,
    part: false,
  });

  it('finds a verb by its stem, as texts conjugate it', () => {
    expect(surfaceOf(t('申し込む', '動詞'))).toBe('申し込');
    expect('令和7年12月19日までにお申し込みください。').toContain(surfaceOf(t('申し込む', '動詞')));
  });

  it('keeps nouns and short verbs whole', () => {
    expect(surfaceOf(t('申込', '名詞'))).toBe('申込');
    expect(surfaceOf(t('住む', '動詞'))).toBe('住む');
  });
});

describe('blockHeadings', () => {
  it('finds the marker line that opens the block each unit stands in', () => {
    const body = [
      '■ レディース健診',
      '女性のための検診日です。',
      '実施日　金曜日のみ',
      '■ 阿寒地区の集団健診',
      '6月17日',
    ];
    expect(blockHeadings(body)).toEqual([
      '',
      '■ レディース健診',
      '■ レディース健診',
      '',
      '■ 阿寒地区の集団健診',
    ]);
    expect(blockHeadings(['実施日 6月1日'])).toEqual(['']);
  });
});

describe('labels of printed notices', () => {
  it('read a numbered section line (１　申込受付期間) as the label of the value below it', () => {
    expect(labelOf('１　申込受付期間')).toBe('申込受付期間');
    const duration = answerTypeOf('申込みはいつからいつまで？');
    expect(factAt(duration, ['１　申込受付期間', '令和7年10月1日（水）から10月10日（金）まで'], 1)).toBe(2);
  });

  it('take each line of a title printed over two lines as the title, not as a fact', () => {
    const opening = {
      id: 'notice#0',
      docId: 'notice',
      ordinal: 0,
      title: '令和7年度第3回 市営住宅 入居者募集のご案内',
      municipality: '釧路市',
      headingPath: [],
      kind: 'text' as const,
      text: '令和7年度 第3回\n市営住宅 入居者募集のご案内\n令和7年10月1日から受け付けます。',
    };
    const date = answerTypeOf('いつから？');
    const compiled = compilePassage(opening);
    const stated = (unit: string) => compiled.stated(date, compiled.units.indexOf(unit));
    expect(stated('令和7年度 第3回')).toBe(0);
    expect(stated('令和7年10月1日から受け付けます。')).toBe(1);
  });
});

describe('a fee a Q&A page says is not charged', () => {
  it('is an amount, labelled after the answer marker (A. 登録料はかかりません。)', () => {
    const money = answerTypeOf('登録するのってお金かかる？');
    expect(money?.name).toBe('money');
    expect(inlineLabel('A. 登録料はかかりません。')).toBe('登録料');
    expect(holdsFact(money, '費用はいりません。')).toBe(true);
  });

  it('is asked by an interrogative beside a procedure verb: 申し込むのはいつまで？ asks a date', () => {
    expect(answerTypeOf('申し込むのはいつまで？')?.name).toBe('date');
    expect(answerTypeOf('申し込みたいです')?.name).toBe('procedure');
  });
});

describe('a share', () => {
  it('is a figure with % or 割, not 割 inside a word (所得割, 種別割)', () => {
    const share = answerTypeOf('何パーセント安くなりますか');
    expect(holdsFact(share, '所得割 7.40%')).toBe(true);
    expect(holdsFact(share, '受講料の3割を補助します')).toBe(true);
    expect(holdsFact(share, '固定資産税、軽自動車税（種別割）')).toBe(false);
  });
});

describe('an address', () => {
  it('takes the shapes Japanese addresses take, and a phone number is none of them', () => {
    const address = answerTypeOf('斎場の住所は？');
    expect(holdsFact(address, '所在地 貝塚3丁目18番1号')).toBe(true);
    expect(holdsFact(address, '黒金町7丁目5番地')).toBe(true);
    expect(holdsFact(address, '大町1-2-3')).toBe(true);
    expect(holdsFact(address, '電話 0154-31-4700')).toBe(false);
  });
});

describe('a means of contact in a question', () => {
  it('is how a thing is done, not the fact asked (電話で予約できる？), unless a number is asked', () => {
    expect(answerTypeOf('駐輪場の定期、電話で予約できる？')?.name).not.toBe('phone');
    expect(answerTypeOf('リフォーム補助について電話で聞きたいです。番号は？')?.name).toBe('phone');
    expect(answerTypeOf('駐輪場の電話は？')?.name).toBe('phone');
  });
});

describe('a label or a value', () => {
  it('a word for a kind of day is a value, not the label of a date slot (受付時間 平日8時30分から)', () => {
    const date = answerTypeOf('募集はいつまで？');
    expect(labelNamesKind(date, '平日')).toBe(false);
    expect(labelNamesKind(date, '締切日')).toBe(true);
    expect(labelNamesKind(date, '※投票日当日(7月20日)')).toBe(false);
    expect(labelNamesKind(date, '定休日')).toBe(true);
    expect(splitFields('受付時間 平日8時30分から17時15分まで')).toEqual([
      '受付時間 平日8時30分から17時15分まで',
    ]);
    expect(factAt(date, ['受付時間 平日8時30分から17時15分まで'], 0)).toBe(0);
  });

  it('a label alone in brackets is the label of the line after it, not a value (【会場】)', () => {
    const place = answerTypeOf('文化祭の会場はどこですか');
    expect(factAt(place, ['【会場】', '釧路市生涯学習センター'], 0)).toBe(0);
    expect(factAt(place, ['【会場】', '釧路市生涯学習センター'], 1)).toBeGreaterThan(0);
  });
});
