import { describe, expect, it } from 'vitest';
import { loadCorpusDir } from '../../src/corpus/load.ts';
import { createClock } from '../../src/dates/clock.ts';
import { extractSchedules, nextOccurrences, type Schedule } from '../../src/dates/schedule.ts';
import type { Passage } from '../../src/qa/types.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';
import { passagesByHeading, readCorpusBody, singlePassage } from './fixtures/passages.ts';

const SOGO_SEISAKU = 'kushiro-sogo-seisaku-jimu-gaiyo.txt';

function passage(text: string, headingPath: string[] = [], municipality = '釧路市'): Passage {
  return {
    id: 'doc#0',
    docId: 'doc',
    ordinal: 0,
    title: 'doc',
    municipality,
    headingPath,
    kind: 'text',
    text,
  };
}

function summary(s: Schedule) {
  return { name: s.name, rule: s.rule, ruleText: s.ruleText, activity: s.activity };
}

const EXPECTED_IN_SOGO_SEISAKU = [
  {
    name: '釧路市統計書',
    rule: { kind: 'months', months: [3], day: null },
    ruleText: '毎年3月',
    activity: '発行',
  },
  { name: '広報くしろ', rule: { kind: 'monthly', day: 1 }, ruleText: '月1回（1日）発行', activity: '発行' },
  {
    name: '阿寒町行政センター通信「あかん」',
    rule: { kind: 'monthly', day: null },
    ruleText: '月1回発行',
    activity: '発行',
  },
  {
    name: '「あかん」ふるさと版',
    rule: { kind: 'months', months: [8], day: null },
    ruleText: '年1回発行（8月）',
    activity: '発行',
  },
  {
    name: '音別町行政センター通信（北のビーナスタイムズ）',
    rule: { kind: 'months', months: [2, 4, 6, 8, 10, 12], day: 1 },
    ruleText: '年6回偶数月（1日）発行',
    activity: '発行',
  },
  {
    name: 'ラジオ広報「市役所からこんにちは」',
    rule: { kind: 'weekly', weekdays: [1] },
    ruleText: '毎週月曜日午前10時05分から15分間',
    activity: '放送',
  },
  {
    name: '無料法律・人権相談',
    rule: { kind: 'weekdayOnly', weekdays: [5] },
    ruleText: '金曜日のみ',
    activity: '実施',
  },
];

describe('extractSchedules on the 総合政策部 事務概要', () => {
  const body = readCorpusBody(SOGO_SEISAKU);

  it('lists every schedule the document describes, from passages split at headings', () => {
    expect(extractSchedules(passagesByHeading(body, 'sogo')).map(summary)).toEqual(EXPECTED_IN_SOGO_SEISAKU);
  });

  it('finds the same schedules when the whole document is one passage without headings', () => {
    expect(extractSchedules(singlePassage(body, 'sogo')).map(summary)).toEqual(EXPECTED_IN_SOGO_SEISAKU);
  });

  it('reads the radio time and length and the names a resident would use', () => {
    const radio = extractSchedules(passagesByHeading(body, 'sogo')).find((s) => s.name.startsWith('ラジオ'));
    expect(radio).toMatchObject({ time: 10 * 60 + 5, durationMinutes: 15 });
    expect(radio?.aliases).toEqual(
      expect.arrayContaining(['市役所からこんにちは', 'ラジオ広報', 'ラジオ', 'FMくしろ']),
    );
    expect(radio?.aliases[0]).toBe('市役所からこんにちは');
  });

  it('derives short names from compound and qualified names', () => {
    const all = extractSchedules(passagesByHeading(body, 'sogo'));
    const aliases = (name: string) => all.find((s) => s.name === name)?.aliases ?? [];
    expect(aliases('無料法律・人権相談')).toEqual(
      expect.arrayContaining(['法律相談', '人権相談', '無料法律相談']),
    );
    expect(aliases('釧路市統計書')).toContain('統計書');
    expect(aliases('音別町行政センター通信（北のビーナスタイムズ）')).toEqual(
      expect.arrayContaining(['北のビーナスタイムズ', 'ビーナスタイムズ']),
    );
    expect(aliases('音別町行政センター通信（北のビーナスタイムズ）')).not.toContain('センター');
    expect(aliases('阿寒町行政センター通信「あかん」')[0]).toBe('あかん');
    expect(aliases('「あかん」ふるさと版')[0]).toBe('あかんふるさと版');
  });

  it('keeps the passage the rule came from', () => {
    const passages = passagesByHeading(body, 'sogo');
    for (const s of extractSchedules(passages)) {
      expect(passages.find((p) => p.id === s.passageId)?.text).toContain(s.line);
    }
  });

  it('finds nothing in documents without schedules', () => {
    for (const file of [
      'kushiro-machizukuri-kihon-koso-gaiyo.txt',
      'kushiro-sogo-senryaku-taikeizu.txt',
      'kamaishi-sogo-keikaku-suishin.txt',
    ]) {
      expect(extractSchedules(passagesByHeading(readCorpusBody(file), file))).toEqual([]);
    }
  });
});

describe('extractSchedules on new wording', () => {
  it.each([
    ['市民相談\t毎週火・金曜日', { kind: 'weekly', weekdays: [2, 5] }],
    ['子育て相談\t毎月第2・第4水曜日', { kind: 'nthWeekday', weeks: [2, 4], weekdays: [3] }],
    ['移動図書館\t毎月第1火曜日と第3火曜日', { kind: 'nthWeekday', weeks: [1, 3], weekdays: [2] }],
    ['資源回収\t毎月15日', { kind: 'monthly', day: 15 }],
    ['議会だより\t年4回（5・8・11・2月）発行', { kind: 'months', months: [5, 8, 11, 2], day: null }],
    ['市民まつり\t毎年8月第1日曜日', { kind: 'months', months: [8], day: null }],
    ['健康講座\t年4回実施', { kind: 'count', times: 4, per: 'year' }],
    ['ＦＭ番組\t毎週土曜日午後１時から１時３０分', { kind: 'weekly', weekdays: [6] }],
    ['安全講習\t毎週火曜日と土曜日の14時から', { kind: 'weekly', weekdays: [2, 6] }],
  ])('reads %s', (line, rule) => {
    const [schedule] = extractSchedules([passage(line)]);
    expect(schedule?.rule).toEqual(rule);
    expect(schedule?.name).toBe(line.split('\t')[0]);
  });

  it('takes the activity from the sentence of the rule, not the next one', () => {
    const [schedule] = extractSchedules([
      passage('安全講習\t毎週火曜日の14時から実施。受講後に利用者カードを発行します。'),
    ]);
    expect(schedule?.activity).toBe('実施');
  });

  it('reads an afternoon time range as start and duration', () => {
    const [schedule] = extractSchedules([passage('ＦＭ番組\t毎週土曜日午後１時から１時３０分')]);
    expect(schedule).toMatchObject({ time: 13 * 60, durationMinutes: 30 });
  });

  it('takes the name from the heading path when the passage text has only the rule', () => {
    const [schedule] = extractSchedules([
      passage('タブロイド判 16～24ページ\n月1回（1日）発行 毎回82,000部', ['3 広報活動', 'ア 市報かまいし']),
    ]);
    expect(schedule?.name).toBe('市報かまいし');
  });

  it('reads a name written on the same line before the medium', () => {
    const [schedule] = extractSchedules([
      passage(
        'ラジオ広報「市役所からこんにちは」FMくしろ（76.1MHz）にて毎週月曜日午前10時05分から15分間放送',
        ['(2) 電波による広報活動'],
      ),
    ]);
    expect(schedule).toMatchObject({
      name: 'ラジオ広報「市役所からこんにちは」',
      time: 605,
      durationMinutes: 15,
    });
    expect(schedule?.aliases).toContain('FMくしろ');
  });

  it('takes no schedule from a calendar row with rules in several columns (ごみ収集日一覧)', () => {
    const row = '地区 甲子 / 燃やせるごみ 水・土 / 燃やせないごみ 第1月曜日 / 資源ごみ 毎週火曜日';
    expect(extractSchedules([passage(row, ['地区別ごみ収集日一覧'])])).toEqual([]);
    const single = '事業名 市民相談 / 日程 毎週火曜日 / 会場 本庁舎';
    expect(extractSchedules([passage(single)]).map((s) => s.ruleText)).toEqual(['毎週火曜日']);
  });

  it('reads table rows rendered with pipes', () => {
    const [schedule] = extractSchedules([
      passage('無料法律・人権相談 | 金曜日のみ、弁護士会の協力により実施。 | 21回'),
    ]);
    expect(schedule).toMatchObject({ name: '無料法律・人権相談', ruleText: '金曜日のみ', activity: '実施' });
  });

  it.each([
    '毎年度ローリング方式による３年間とします。',
    '図書館\t毎週月曜日は休館',
    '窓口\t日曜日のみ休み',
    '毎年釧路市長賞が贈られている。',
    '金曜日に会議を開いた。',
    '平成27年2月2日から運用開始',
  ])('does not read %s as a schedule', (text) => {
    expect(extractSchedules([passage(text, ['1 見出し'])])).toEqual([]);
  });
});

describe('nextOccurrences', () => {
  const body = readCorpusBody(SOGO_SEISAKU);
  const schedules = extractSchedules(passagesByHeading(body, 'sogo'));
  const byName = (prefix: string) => {
    const found = schedules.find((s) => s.name.startsWith(prefix));
    if (!found) throw new Error(`no schedule ${prefix}`);
    return found;
  };
  const at = (iso: string) => createClock(iso).now();

  it.each([
    // 金曜日のみ (21回 a year) fixes the weekday, not the weeks: no date can be stated.
    ['無料法律', '2026-11-27T10:00:00+09:00', []],
    // Monday before 10:20: today's broadcast counts; after it, next week's.
    ['ラジオ', '2026-11-30T10:10:00+09:00', ['2026-11-30', '2026-12-07', '2026-12-14']],
    ['ラジオ', '2026-11-30T10:20:00+09:00', ['2026-12-07', '2026-12-14', '2026-12-21']],
    // 00:30 JST on Monday is still Sunday in UTC.
    ['ラジオ', '2026-11-29T15:30:00Z', ['2026-11-30', '2026-12-07', '2026-12-14']],
    ['広報くしろ', '2026-11-27T10:00:00+09:00', ['2026-12-01', '2027-01-01', '2027-02-01']],
    ['音別町', '2026-11-27T10:00:00+09:00', ['2026-12-01', '2027-02-01', '2027-04-01']],
    ['釧路市統計書', '2026-11-27T10:00:00+09:00', ['2027-03-01', '2028-03-01', '2029-03-01']],
    ['「あかん」ふるさと版', '2026-08-15T10:00:00+09:00', ['2026-08-01', '2027-08-01', '2028-08-01']],
    ['阿寒町', '2026-12-31T23:59:00+09:00', ['2027-01-01', '2027-02-01', '2027-03-01']],
  ])('gives the next dates of %s from %s', (prefix, iso, dates) => {
    expect(nextOccurrences(byName(prefix), at(iso), 3).map((o) => o.date)).toEqual(dates);
  });

  it('flags a broadcast on a public holiday (2026-11-23 勤労感謝の日)', () => {
    const [first, second] = nextOccurrences(byName('ラジオ'), at('2026-11-20T12:00:00+09:00'), 2);
    expect(first).toEqual({
      date: '2026-11-23',
      precision: 'day',
      needsConfirmation: true,
      reason: 'holiday',
      holiday: '勤労感謝の日',
    });
    expect(second).toMatchObject({ date: '2026-11-30', needsConfirmation: false, reason: null });
  });

  it('flags dates in the New Year break', () => {
    const radio = nextOccurrences(byName('ラジオ'), { from: '2027-12-27', to: '2028-01-05' }, 5);
    expect(radio.map((o) => [o.date, o.reason])).toEqual([
      ['2027-12-27', null],
      ['2028-01-03', 'newYearBreak'],
    ]);
  });

  it('gives month-only dates with month precision and no flag', () => {
    const [march] = nextOccurrences(byName('釧路市統計書'), at('2026-11-27'), 1);
    expect(march).toMatchObject({ date: '2027-03-01', precision: 'month', needsConfirmation: false });
  });

  it('lists the dates inside a range', () => {
    expect(
      nextOccurrences(byName('ラジオ'), { from: '2026-12-01', to: '2026-12-31' }, 10).map((o) => o.date),
    ).toEqual(['2026-12-07', '2026-12-14', '2026-12-21', '2026-12-28']);
  });
});

describe('extractSchedules on the corpus chunker’s passages', () => {
  it('lists the same schedules from the passages the engine indexes', async () => {
    const shipped = copyShippedCorpus();
    try {
      const corpus = await loadCorpusDir(shipped.corpusDir);
      expect(extractSchedules(corpus.passages).map(summary)).toEqual(EXPECTED_IN_SOGO_SEISAKU);
    } finally {
      shipped.remove();
    }
  });

  it('reads rows rendered as `見出し 値 / 見出し 値` with a caption', () => {
    const [statistics] = extractSchedules([passage('統計刊行物の発行: 名称 釧路市統計書 / 発行 毎年3月')]);
    expect(statistics?.name).toBe('釧路市統計書');
    const [consultation] = extractSchedules([
      passage('事業名 無料法律・人権相談 / 内容 金曜日のみ、協力により実施。 / 実績 実施回数 21回'),
    ]);
    expect(consultation?.name).toBe('無料法律・人権相談');
  });

  it('reads a label before a colon as the name', () => {
    const [schedule] = extractSchedules([passage('市民相談: 毎週火曜日 / 市役所1階')]);
    expect(schedule).toMatchObject({ name: '市民相談', rule: { kind: 'weekly', weekdays: [2] } });
  });
});
