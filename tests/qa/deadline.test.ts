import { describe, expect, it } from 'vitest';
import { answerTypeOf, holdsFact } from '../../src/qa/answer-type.ts';
import { fixtureEngine, section } from './fixture-engine.ts';

describe('a question asking by when', () => {
  it('is answered by a deadline counted from an event, a date question in general is not', () => {
    const byWhen = answerTypeOf('契約してからいつまでに申請すればいい？');
    expect(holdsFact(byWhen, '工事の契約から6か月以内に申請してください。')).toBe(true);
    expect(holdsFact(byWhen, '各回の開催日の1週間前までにお申し込みください。')).toBe(true);
    const month = answerTypeOf('料理教室は何月に開催されますか');
    expect(holdsFact(month, '各回の開催日の1週間前までにお申し込みください。')).toBe(false);
  });

  it('is not answered by a date in passing that ends nothing', () => {
    const byWhen = answerTypeOf('奨学金の申込みっていつまで？');
    expect(holdsFact(byWhen, '本人または保護者が、釜石市に1年以上住んでいること')).toBe(false);
    expect(holdsFact(byWhen, '令和6年10月分から制度が変わりました。')).toBe(false);
    expect(holdsFact(byWhen, '募集期間 令和7年4月1日から5月9日まで')).toBe(true);
    expect(holdsFact(byWhen, '令和7年度は5月26日（月）が申請期限です。')).toBe(true);
    expect(holdsFact(byWhen, '応募書類は令和7年12月19日（金）必着で郵送してください。')).toBe(true);
  });

  it('by when is answered by a bound on or before a date', () => {
    const byWhen = answerTypeOf('補助の対象はいつまでに建てた家ですか');
    expect(holdsFact(byWhen, '昭和56年5月31日以前に着工された木造住宅')).toBe(true);
    expect(holdsFact(byWhen, '昭和56年に建てられた木造住宅')).toBe(false);
  });

  it('takes the words beside a date from the heading the date stands under', () => {
    const byWhen = answerTypeOf('申請はいつまで？');
    expect(holdsFact(byWhen, '令和7年5月9日（金）', '3 申請期限')).toBe(true);
    expect(holdsFact(byWhen, '令和7年5月9日（金）', '3 申請の方法')).toBe(false);
    // The heading says the word, never the value: a year in the heading is no deadline.
    expect(holdsFact(byWhen, '書類は窓口へ提出してください。', '令和7年度の申請期限')).toBe(false);
  });

  it('from when is answered by a unit that says where time starts', () => {
    const fromWhen = answerTypeOf('期日前投票はいつからできますか');
    expect(holdsFact(fromWhen, '投票日（7月20日）は、期日前投票所では投票できません。')).toBe(false);
    expect(holdsFact(fromWhen, '期間 7月4日（金曜日）から7月19日（土曜日）まで')).toBe(true);
    expect(holdsFact(answerTypeOf('いつからいつまで？'), '7月4日～7月19日')).toBe(true);
  });

  it('from when is answered by a day named by what happens on it', () => {
    const fromWhen = answerTypeOf('後期高齢者医療にはいつから入るの？');
    expect(holdsFact(fromWhen, '75歳の誕生日当日から、自動的に後期高齢者医療制度に加入します。')).toBe(true);
    expect(holdsFact(fromWhen, '転入した日から加入します。')).toBe(true);
    expect(holdsFact(fromWhen, '加入の手続きは必要ありません。')).toBe(false);
    expect(holdsFact(fromWhen, '返還開始 卒業した月の６か月後から')).toBe(true);
  });

  it('from when needs the start word after its date, not a ～ between fees elsewhere in the row', () => {
    const fromWhen = answerTypeOf('いつから入居できますか');
    expect(holdsFact(fromWhen, '建設年度 S58 / 家賃（月額） 13,800円～27,100円')).toBe(false);
    expect(holdsFact(fromWhen, '令和7年12月1日（月）から入居できます。')).toBe(true);
  });

  it('from when until when is answered by a period, not by a date in passing', () => {
    const period = answerTypeOf('市営住宅の申込みっていつからいつまで？');
    expect(holdsFact(period, '令和7年度所得証明書（18歳以上の世帯員全員分）')).toBe(false);
    expect(holdsFact(period, '令和7年10月1日（水）から10月10日（金）まで')).toBe(true);
    expect(holdsFact(period, '募集期間は2週間です。')).toBe(true);
    // One end is no period: 以降 alone says when something starts.
    expect(holdsFact(period, '令和7年1月以降に就職した方は給与明細の写し')).toBe(false);
    expect(holdsFact(period, '令和7年度～')).toBe(true);
    // Named, a single date may be all the page gives (調査期日 令和3年6月1日).
    expect(holdsFact(answerTypeOf('経済センサスの調査期日は？'), '令和3年6月1日')).toBe(true);
  });

  it('how many at most is answered by a limit, not by any count', () => {
    const most = answerTypeOf('1世帯何匹まで助成が受けられますか');
    expect(holdsFact(most, '先着60匹 予定数に達した時点で受付を終了します。')).toBe(false);
    expect(holdsFact(most, '※1世帯につき年度内2匹までです。')).toBe(true);
    const closing = answerTypeOf('図書館は何時まで開いていますか');
    expect(holdsFact(closing, '開館時間 9時～17時')).toBe(true);
    expect(holdsFact(closing, '大雨の日は午前7時に電話でお知らせします。')).toBe(false);
  });

  it('takes the period that ends over a condition naming a year', async () => {
    const { engine } = await fixtureEngine([
      section(
        'shogaku',
        '奨学生の募集',
        0,
        '応募資格',
        '本人または保護者が、市内に1年以上住んでいる奨学金の申込者',
      ),
      section(
        'shogaku',
        '奨学生の募集',
        1,
        '奨学金の申込み',
        '募集人員 10人程度\n募集期間 令和7年4月1日から5月9日まで',
      ),
    ]);
    const answer = engine.ask('奨学金の申込みっていつまで？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('5月9日');
  });

  it('quotes the relative deadline the page gives', async () => {
    const { engine } = await fixtureEngine([
      section(
        'kaishu',
        '空き家改修補助金',
        0,
        '申請の時期',
        '補助金の申請は、工事の請負契約を結んだ日から6か月以内に行ってください。',
      ),
      section('kaishu', '空き家改修補助金', 1, '補助額', '改修費用の2分の1（上限50万円）'),
    ]);
    const answer = engine.ask('空き家の改修補助金は契約してからいつまでに申請すればいい？');
    expect(answer.answered && answer.answer.split('\n')[0]).toContain('6か月以内');
  });
});

describe('facts compiled for a passage', () => {
  it('are kept apart for kinds narrowed by their question (何台, 何冊)', async () => {
    const { engine } = await fixtureEngine([
      section(
        'lib',
        '図書館',
        0,
        '駐車場と貸出',
        '図書館の駐車場は40台です。図書館の本の貸出は1人10冊までです。',
      ),
    ]);
    const cars = engine.ask('図書館の駐車場は何台？');
    expect(cars.answered && cars.answer).toContain('40台');
    const books = engine.ask('図書館の本は何冊まで借りられる？');
    expect(books.answered && books.answer.split('\n')[0]).toContain('10冊');
  });
});
