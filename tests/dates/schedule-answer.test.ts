import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/dates/clock.ts';
import { extractSchedules } from '../../src/dates/schedule.ts';
import { answerScheduleQuestion, matchSchedule } from '../../src/dates/schedule-answer.ts';
import { passagesByHeading, readCorpusBody } from './fixtures/passages.ts';

const schedules = extractSchedules(
  passagesByHeading(readCorpusBody('kushiro-sogo-seisaku-jimu-gaiyo.txt'), 'sogo'),
);

function ask(question: string, nowIso: string) {
  return answerScheduleQuestion(question, schedules, createClock(nowIso).now());
}

describe('matchSchedule', () => {
  it.each([
    ['次の法律相談はいつ？', '無料法律・人権相談'],
    ['弁護士相談っていつやってる？', '無料法律・人権相談'],
    ['人権相談は何曜日？', '無料法律・人権相談'],
    ['ラジオは何時から？', 'ラジオ広報「市役所からこんにちは」'],
    ['「市役所からこんにちは」は何曜日？', 'ラジオ広報「市役所からこんにちは」'],
    ['ＦＭくしろの市の番組はいつ？', 'ラジオ広報「市役所からこんにちは」'],
    ['広報くしろはいつ届く？', '広報くしろ'],
    ['あかんはいつ発行？', '阿寒町行政センター通信「あかん」'],
    ['あかんのふるさと版はいつ？', '「あかん」ふるさと版'],
    ['ビーナスタイムズはいつ届く？', '音別町行政センター通信（北のビーナスタイムズ）'],
    ['統計書はいつ出る？', '釧路市統計書'],
    ['らじおは何曜日？', 'ラジオ広報「市役所からこんにちは」'],
  ])('matches %s to %s', (question, name) => {
    expect(matchSchedule(question, schedules)?.name).toBe(name);
  });

  it('declines a name two schedules share equally', () => {
    expect(matchSchedule('行政センター通信はいつ？', schedules)).toBeNull();
  });

  it('declines a name another document gives its own schedule of the same words (two cities)', () => {
    const other = {
      ...schedules[0],
      name: '法律相談',
      aliases: ['法律相談'],
      passageId: 'other-city#3',
    } as (typeof schedules)[number];
    expect(matchSchedule('次の法律相談はいつ？', [...schedules, other])).toBeNull();
    expect(matchSchedule('次の法律相談はいつ？', schedules)?.name).toBe('無料法律・人権相談');
  });
});

describe('answerScheduleQuestion', () => {
  const FRIDAY = '2026-11-27T10:00:00+09:00';
  it.each([
    [
      FRIDAY,
      '次の法律相談はいつ？',
      '無料法律・人権相談は金曜日のみ実施しています。具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
    ],
    [
      FRIDAY,
      '今週の金曜に法律相談ある？',
      '無料法律・人権相談は金曜日のみ実施しています。具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
    ],
    [
      FRIDAY,
      '明日、弁護士相談ある？',
      '無料法律・人権相談は金曜日のみ実施しています。具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
    ],
    [
      FRIDAY,
      'ラジオは何時から？',
      'ラジオ広報「市役所からこんにちは」は毎週月曜日午前10時05分から15分間放送しています。次回は11月30日（月）午前10時05分からです。',
    ],
    [FRIDAY, '広報くしろはいつ届く？', '広報くしろは月1回（1日）発行です。次回は12月1日（火）です。'],
    [FRIDAY, 'あかんはいつ発行？', '阿寒町行政センター通信「あかん」は月1回発行です。次回は12月の予定です。'],
    [
      FRIDAY,
      'ふるさと版はいつ届く？',
      '「あかん」ふるさと版は年1回発行（8月）です。次回は2027年8月の予定です。',
    ],
    [
      FRIDAY,
      'ビーナスタイムズの次の発行日は？',
      '音別町行政センター通信（北のビーナスタイムズ）は年6回偶数月（1日）発行です。次回は12月1日（火）です。',
    ],
    [FRIDAY, '統計書はいつ出る？', '釧路市統計書は毎年3月に発行しています。次回は2027年3月の予定です。'],
    [
      FRIDAY,
      '来月の法律相談の日程は？',
      '無料法律・人権相談は金曜日のみ実施しています。具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
    ],
    // The week of 勤労感謝の日: Monday 11/23 is a holiday.
    [
      '2026-11-20T12:00:00+09:00',
      'ラジオは何時から？',
      'ラジオ広報「市役所からこんにちは」は毎週月曜日午前10時05分から15分間放送しています。次回は11月23日（月）午前10時05分から（祝日のため要確認）です。その次は11月30日（月）午前10時05分からです。',
    ],
    [
      '2026-11-20T12:00:00+09:00',
      '来週の月曜にラジオある？',
      'ラジオ広報「市役所からこんにちは」は毎週月曜日午前10時05分から15分間放送しています。11月23日（月）午前10時05分から（祝日のため要確認）は放送日にあたります。',
    ],
    // New Year: 1/1 is both a holiday and in the break.
    [
      '2026-12-25T09:00:00+09:00',
      '広報くしろはいつ届く？',
      '広報くしろは月1回（1日）発行です。次回は1月1日（金）（祝日のため要確認）です。その次は2月1日（月）です。',
    ],
    [
      '2026-12-25T09:00:00+09:00',
      '年末年始は法律相談やってる？',
      '無料法律・人権相談は金曜日のみ実施しています。具体的な日付は資料に書かれていないため、担当窓口にご確認ください。',
    ],
    [
      '2027-12-20T09:00:00+09:00',
      '年末年始にラジオある？',
      'ラジオ広報「市役所からこんにちは」は毎週月曜日午前10時05分から15分間放送しています。年末年始の放送日は1月3日（月）午前10時05分から（年末年始のため要確認）です。',
    ],
    // Monday after the broadcast ended: next week's.
    [
      '2026-11-30T11:00:00+09:00',
      '次のラジオはいつ？',
      'ラジオ広報「市役所からこんにちは」は毎週月曜日午前10時05分から15分間放送しています。次回は12月7日（月）午前10時05分からです。',
    ],
  ])('on %s answers %s', (nowIso, question, expected) => {
    expect(ask(question, nowIso)?.text).toBe(expected);
  });

  it('returns the schedule it answered from', () => {
    expect(ask('次の法律相談はいつ？', FRIDAY)?.schedule.passageId).toMatch(/^sogo#/);
  });

  it.each([
    '法律相談の件数は？',
    '広報くしろは何部発行している？',
    '市役所はいつ開いてる？',
    '人口は何人？',
    '行政センター通信はいつ？',
  ])('returns null for %s', (question) => {
    expect(ask(question, FRIDAY)).toBeNull();
  });
});
