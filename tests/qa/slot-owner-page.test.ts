import { describe, expect, it } from 'vitest';
import { fixtureEngine, section } from './fixture-engine.ts';

// 市民ホールの駐車場 asks about the hall's car park. Another page with a car park of its own (the bicycle pound's
// three spaces) shares 駐車場 and 台 with the question, but never names the hall: it states another thing's count.
const hall = section(
  'hall',
  '釜石市民ホールの貸出と利用料金',
  1,
  ['開館時間・休館日'],
  ['開館時間：9時から22時まで', '休館日：毎週火曜日'].join('\n'),
  '釜石市',
);
const pound = section(
  'pound',
  '放置自転車の撤去と返還について',
  3,
  ['保管所と返還の受付'],
  ['項目 保管所 / 内容 市自転車保管所（鳥取南5丁目）', '※保管所には駐車場が3台分あります。'].join('\n'),
  '釜石市',
);
const hallWithParking = section(
  'hall-parking',
  '釜石市民ホールの貸出と利用料金',
  2,
  ['駐車場'],
  'ホールの駐車場は普通車120台分です。',
  '釜石市',
);

// Pages of the city's other counters: 市民 is a common word, as in a city's corpus.
const counters = [1, 2, 3, 4, 5, 6].map((n) =>
  section(
    `counter-${n}`,
    `市民課の手続き（${n}）`,
    1,
    ['受付'],
    `市民課の窓口${n}番で受け付けます。`,
    '釜石市',
  ),
);

describe('a question naming whose slot it asks by の', () => {
  it('is not answered from a page that never names the owner', async () => {
    const { engine } = await fixtureEngine([hall, pound, ...counters]);
    const answer = engine.ask('市民ホールの駐車場って何台とめられる？');
    expect(answer.answered ? answer.answer : '').not.toContain('3台');
  });

  it('is answered from the owner’s page', async () => {
    const { engine } = await fixtureEngine([hall, pound, hallWithParking, ...counters]);
    const answer = engine.ask('市民ホールの駐車場って何台とめられる？');
    if (!answer.answered) throw new Error(`declined: ${answer.reason}`);
    expect(answer.answer.split('\n')[0]).toContain('120台');
  });
});

describe('an owner that is no thing of its own', () => {
  const plan = section(
    'plan',
    '釜石市総合計画 推進計画',
    4,
    ['働き方改革'],
    '男性職員の育児休業取得率：30.0%（令和6年度）',
    '釜石市',
  );
  const tax = section(
    'tax',
    '軽自動車税（種別割）',
    2,
    ['廃車したとき'],
    '4月2日以降に廃車しても、その年度の税金は1年分かかります。',
    '釜石市',
  );

  // Another page names both as words of its own, so the corpus knows them.
  const access = section(
    'access',
    '庁舎のご案内',
    1,
    ['所在地'],
    '釜石市役所 第1庁舎は只越町にあります。今年度の窓口延長は毎週木曜日です。',
    '釜石市',
  );

  it('keeps the city’s own office and a time as qualifiers, not as pages to find', async () => {
    const { engine } = await fixtureEngine([plan, tax, access, ...counters]);
    const office = engine.ask('釜石市役所の男性職員の育児休業取得率は？');
    if (!office.answered) throw new Error(`declined: ${office.reason}`);
    expect(office.answer).toContain('30.0%');
    const year = engine.ask('5月に軽自動車を廃車にしたら今年度の税金はかかる？');
    if (!year.answered) throw new Error(`declined: ${year.reason}`);
    expect(year.answer).toContain('1年分');
  });
});
