import { beforeAll, describe, expect, it } from 'vitest';
import type { Analyzer } from '../../src/qa/analyzer.ts';
import type { Engine } from '../../src/qa/engine.ts';
import type { buildIndex } from '../../src/qa/index.ts';
import { readTopicParticle } from '../../src/qa/query.ts';
import type { Passage } from '../../src/qa/types.ts';
import { fixtureEngine } from './fixture-engine.ts';

// Pages in the shapes city sites use: a Q&A page, labels above their values, labels run into values, tables, lists.
const page = (ordinal: number, headingPath: string[], text: string): Passage => ({
  id: `p#${ordinal}`,
  docId: 'p',
  ordinal,
  title: '市民講座とメール配信のご案内',
  municipality: '釧路市',
  headingPath,
  kind: 'text',
  text,
});

const passages: Passage[] = [
  page(
    0,
    ['よくある質問'],
    '問1 配信メールの登録にお金はかかりますか。\n答 登録料・利用料は無料です。ただし通信料は利用者の負担となります。\n問2 配信を止めるには？\n答 配信停止のメールを送ってください。',
  ),
  page(
    1,
    ['星空観察講座'],
    '星空観察会\n〈会場〉\n釧路市こども遊学館 3階 プラネタリウム\n〈定員〉\n30人（先着順）\n〈参加費〉\n無料',
  ),
  page(2, ['天文台'], '天文台の利用案内です。\n開館時間午後6時から午後9時まで\n休館日毎週月曜日'),
  page(3, ['行政相談'], '行政相談は年4回実施します。\n日程：5月14日、8月13日、11月12日、2月11日'),
  page(
    4,
    ['郷土資料館'],
    '郷土資料館は市の歴史を紹介します。\n入館料\n区分 一般 / 個人 300円 / 団体 200円\n見学 展示室は自由に見学できます（見学料は不要）',
  ),
  page(5, ['生活相談'], '生活相談の窓口です。\n相談は無料で、秘密は守ります。'),
  page(
    6,
    ['市民プール'],
    '市民プールの利用案内\n〈開館時間〉\n午前9時から午後9時まで\n〈入場受付時間〉\n午前9時から午後8時まで',
  ),
  page(7, ['このページに関するお問い合わせ'], '生涯学習課 社会教育係\n電話：0154-22-6183'),
  page(
    9,
    ['読書のまちづくり'],
    '主な取組は次のとおりです。\n① 読み聞かせ会の開催\n② 移動図書館の巡回\n③ 学校図書館との連携\n④ 図書の宅配サービス',
  ),
  page(8, ['子ども読書計画'], '(4) 策定\n令和6年3月策定\n(5) 計画期間\n令和6年度～令和10年度\n(6) 推進体制'),
  page(10, ['子ども読書計画の数値目標'], '子ども読書計画の貸出冊数の目標：15万冊（現状値 12万冊）'),
  page(11, ['評価'], '第2期の貸出冊数の目標 11万冊（達成）'),
  page(
    12,
    ['歴代館長'],
    '氏名 山田一郎 / 在任期間 平成20年4月1日～平成28年3月31日\n氏名 佐藤花子 / 在任期間 平成28年4月1日～令和5年3月31日\n氏名 鈴木次郎 / 在任期間 令和5年4月1日～',
  ),
  page(13, ['市民活動センター'], '〈開館時間〉\n午前10時から午後8時まで'),
  page(14, ['子育て'], '子育て支援の取組を進めます。'),
  page(
    15,
    ['入札参加資格 よくある質問'],
    'Ｑ１ 申請は郵送でもできますか。\nＡ１ できます。郵送の場合は2月14日の消印まで有効です。\nＱ２ 登録の有効期間はいつまでですか。\nＡ２ 令和7年4月1日から令和9年3月31日までの2年間です。',
  ),
  page(
    16,
    ['起業セミナー'],
    '起業を考えている方のためのセミナーです。\n【講師】\n中小企業診断士 田中 一郎 氏\n【会場】\n市民活動センター 2階',
  ),
  page(
    17,
    ['交付手数料'],
    '証明書の交付手数料は次のとおりです。\n住民票の写しなど証明書の交付手数料\n区分 住民票の写し / 窓口 300円 / コンビニ 200円\n区分 戸籍謄本 / 窓口 450円 / コンビニ 400円',
  ),
];

let engine: Engine;
let analyzer: Analyzer;
let vocabulary: ReturnType<typeof buildIndex>['vocabulary'];

beforeAll(async () => {
  const built = await fixtureEngine(passages);
  ({ engine, analyzer } = built);
  vocabulary = built.index.vocabulary;
});

const firstLine = (text: string) => text.split('\n')[0];

describe('answers that lead with the fact', () => {
  it('answers a Q&A page from the answer to the matching question, without its 答 marker', () => {
    const answer = engine.ask('配信メールの登録にお金はかかりますか');
    expect(answer.answered).toBe(true);
    expect(firstLine(answer.answer)).toMatch(/^登録料・利用料は無料です/);
  });

  it('quotes no question of the Q&A page after the answer: not its own, not the next one without its answer', () => {
    const answer = engine.ask('配信メールの登録にお金はかかりますか');
    expect(answer.answer).not.toMatch(/問1|問2/);
  });

  it('answers from the answer to the Q&A question that restates the question asked, numbered in full width', () => {
    const answer = engine.ask('入札参加資格の登録はいつまで有効？');
    expect(firstLine(answer.answer)).toMatch(/^令和7年4月1日から令和9年3月31日/);
  });

  it('says a value under a label on the line above together with its label', () => {
    const answer = engine.ask('星空観察講座の参加費は？');
    expect(answer.answered).toBe(true);
    expect(firstLine(answer.answer)).toBe('参加費：無料');
  });

  it('says the line under a bracketed label the question matched, with the label (講師：…)', () => {
    const answer = engine.ask('起業セミナーの講師はどなたですか');
    expect(answer.answer.split('\n')[0]).toBe('講師：中小企業診断士 田中 一郎 氏');
  });

  it('reads every row of a table under the caption above it, so the row the question names leads', () => {
    const answer = engine.ask('戸籍謄本を窓口でとる証明書の交付手数料はいくら？');
    expect(answer.answer.split('\n')[0]).toContain('450円');
  });

  it('answers a count of people from a labelled slot', () => {
    const answer = engine.ask('星空観察講座の定員は何人？');
    expect(firstLine(answer.answer)).toContain('30人');
  });

  it('answers from a label run into its value', () => {
    const answer = engine.ask('天文台は何時まで開いていますか');
    expect(answer.answered).toBe(true);
    expect(firstLine(answer.answer)).toContain('午後9時');
  });
});

describe('facts of the kind asked, named otherwise on the page', () => {
  it('answers いくら from a table under the label 入館料', () => {
    const answer = engine.ask('郷土資料館の入館料って大人いくら？');
    expect(answer.answered).toBe(true);
    expect(firstLine(answer.answer)).toContain('300円');
  });

  it('reads 見学料は不要 as an amount', () => {
    const answer = engine.ask('郷土資料館の見学にお金はかかりますか');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('不要');
  });

  it('does not take the fee of one thing (相談は無料) for the fee asked about (会費)', () => {
    expect(engine.ask('生活相談の会費は年いくらですか').answered).toBe(false);
  });
});

describe('two slots of the same kind side by side', () => {
  it('answers from the slot the question names, not its neighbour', () => {
    const answer = engine.ask('市民プールの受付時間は何時まで？');
    expect(firstLine(answer.answer)).toContain('午後8時');
  });
});

describe('the context after a stated fact', () => {
  it('leaves out a label whose value is not there ((6) 推進体制)', () => {
    const answer = engine.ask('子ども読書計画の計画期間は？');
    expect(firstLine(answer.answer)).toBe('計画期間：令和6年度～令和10年度');
    expect(answer.answer).not.toContain('推進体制');
  });
});

describe('a list question', () => {
  it('gets the whole list, not the first lines', () => {
    const answer = engine.ask('読書のまちづくりにはどんな取組がありますか？');
    for (const item of ['読み聞かせ会', '移動図書館', '学校図書館', '宅配サービス'])
      expect(answer.answer).toContain(item);
  });
});

describe('an edition the question names', () => {
  it('answers from that edition, not the one in force', () => {
    const answer = engine.ask('第2期子ども読書計画の貸出冊数の目標は？');
    expect(firstLine(answer.answer)).toContain('11万冊');
  });
});

describe('a question about what holds now', () => {
  it('leads with the latest record, not the first', () => {
    const answer = engine.ask('今の館長は誰ですか？');
    expect(firstLine(answer.answer)).toContain('鈴木次郎');
  });
});

describe('a slot of the kind asked, of something else', () => {
  it('does not give the opening hours of one facility for another', () => {
    expect(engine.ask('子育て支援センターの開館時間は？').answered).toBe(false);
    expect(engine.ask('市民活動センターの開館時間は？').answered).toBe(true);
  });
});

describe('a page contact block', () => {
  it('gives the phone number asked for anything on its page', () => {
    const answer = engine.ask('星空観察講座の問い合わせ先の電話番号は？');
    expect(answer.answered).toBe(true);
    expect(firstLine(answer.answer)).toContain('0154-22-6183');
  });
});

describe('schedules whose rule fixes no date', () => {
  it('answer from the passage where it lists the dates', () => {
    const answer = engine.ask('行政相談はいつ？');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toContain('11月12日');
  });
});

describe('readTopicParticle', () => {
  it('reads って after a noun as the topic particle when the corpus then knows every word', () => {
    expect(readTopicParticle('観察会って何時から?', analyzer, vocabulary)).toBe('観察会は何時から?');
  });

  it('leaves って alone where it is part of a verb', () => {
    expect(readTopicParticle('何を持って行けばいい?', analyzer, vocabulary)).toBe('何を持って行けばいい?');
  });
});

describe('a note beside the fact', () => {
  it('does not lead the answer (※上限額は… before the table row)', async () => {
    const { fixtureEngine, section } = await import('./fixture-engine.ts');
    const { engine } = await fixtureEngine([
      section(
        'iryo',
        '子ども医療費の助成',
        0,
        '自己負担の上限',
        [
          '※上限額は医療機関ごとではなく、お子さん1人あたり1か月の合計です。',
          '区分 中学生 / 入院 無料 / 通院 1割負担（1か月の上限3,000円）',
          '区分 高校生相当年齢 / 入院 1割負担（1か月の上限5,000円） / 通院 1割負担（1か月の上限3,000円）',
        ].join('\n'),
      ),
    ]);
    const answer = engine.ask('高校生の入院の1か月の上限はいくら？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('5,000円');
  });
});

describe('a question of no kind about one thing of a page', () => {
  it('leads with the line holding what the heading does not already say', async () => {
    const { engine: parking } = await fixtureEngine([
      {
        id: 'churin#1',
        docId: 'churin',
        ordinal: 1,
        title: '自転車駐車場のご案内',
        municipality: '釧路市',
        headingPath: ['■東釧路駅自転車駐車場'],
        kind: 'text',
        text: '所在地 釧路市東川町（JR東釧路駅北口前）\n収容台数 自転車120台\n冬期閉鎖 12月1日～翌年3月31日（除雪のため）',
      },
    ]);
    const answer = parking.ask('東釧路駅の自転車駐車場は、雪の多い冬期も使えますか');
    expect(firstLine(answer.answer)).toContain('冬期閉鎖');
  });
});
