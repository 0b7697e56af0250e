// Relative date words in a question (今日, 来週の月曜, 11月27日, 年末年始 ...) -> a range of Japan dates.

import {
  addDays,
  type DateRange,
  dateParts,
  type IsoDate,
  japanDate,
  lastDayOfMonth,
  makeDate,
  startOfWeek,
  type Weekday,
  weekdayOf,
} from './japan-date.ts';
import { foldWidth } from './numerals.ts';

export interface RelativeDate extends DateRange {
  /** The words of the question that gave the range (half-width, spaces removed). */
  text: string;
  /** `next` means "the next time" (次回, 今度): from today, open-ended up to NEXT_HORIZON_DAYS. */
  kind: 'day' | 'week' | 'month' | 'year' | 'period' | 'next';
}

/** How far "次回" looks ahead; yearly schedules must still fall inside. */
export const NEXT_HORIZON_DAYS = 400;

const WEEKDAY_CHARS = '日月火水木金土';
const WEEKDAY = `([${WEEKDAY_CHARS}])曜日?`;

function weekdayNumber(ch: string): Weekday {
  return WEEKDAY_CHARS.indexOf(ch) as Weekday;
}

/** The first date on or after `from` that falls on the weekday. */
function onOrAfter(from: IsoDate, weekday: Weekday): IsoDate {
  return addDays(from, (weekday - weekdayOf(from) + 7) % 7);
}

function day(date: IsoDate, text: string): RelativeDate {
  return { from: date, to: date, text, kind: 'day' };
}

function monthRange(year: number, month: number, text: string): RelativeDate {
  return { from: makeDate(year, month, 1), to: lastDayOfMonth(year, month), text, kind: 'month' };
}

interface Rule {
  pattern: RegExp;
  resolve(match: RegExpExecArray, today: IsoDate): RelativeDate | null;
}

const DAY_WORDS: [RegExp, number][] = [
  [/明明後日|明々後日|しあさって/, 3],
  [/明後日|あさって/, 2],
  [/明日|あした|あす(?![ぁ-ん])/, 1],
  [/今日|本日|きょう/, 0],
  [/一昨日|おととい/, -2],
  [/昨日|きのう/, -1],
];

const WEEK_OFFSETS: Record<string, number> = { 先週: -1, 今週: 0, 来週: 1, 再来週: 2 };
const MONTH_OFFSETS: Record<string, number> = { 先月: -1, 今月: 0, 来月: 1, 再来月: 2 };
const YEAR_OFFSETS: Record<string, number> = { 去年: -1, 昨年: -1, 今年: 0, 本年: 0, 来年: 1, 再来年: 2 };

// Most specific first: a question saying 来週の金曜 means the Friday, not the whole week.
const RULES: Rule[] = [
  {
    pattern: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/,
    resolve: (m, today) => {
      const { year: thisYear } = dateParts(today);
      const month = Number(m[2]);
      const dom = Number(m[3]);
      if (month < 1 || month > 12 || dom < 1 || dom > 31) return null;
      if (m[1]) return day(makeDate(Number(m[1]), month, dom), m[0]);
      // Without a year, the date is the next one to come.
      const candidate = makeDate(thisYear, month, dom);
      return day(candidate < today ? makeDate(thisYear + 1, month, dom) : candidate, m[0]);
    },
  },
  {
    pattern: /年末年始/,
    resolve: (m, today) => {
      const { year, month, day: dom } = dateParts(today);
      const startYear = month === 1 && dom <= 3 ? year - 1 : year;
      return {
        from: makeDate(startYear, 12, 29),
        to: makeDate(startYear + 1, 1, 3),
        text: m[0],
        kind: 'period',
      };
    },
  },
  {
    pattern: new RegExp(`(再来週|来週|今週|先週)の?${WEEKDAY}`),
    resolve: (m, today) => {
      const monday = addDays(startOfWeek(today), 7 * (WEEK_OFFSETS[m[1] ?? ''] ?? 0));
      return day(addDays(monday, (weekdayNumber(m[2] ?? '') + 6) % 7), m[0]);
    },
  },
  ...DAY_WORDS.map(
    ([pattern, offset]): Rule => ({ pattern, resolve: (m, today) => day(addDays(today, offset), m[0]) }),
  ),
  {
    pattern: new RegExp(`(次の|今度の|次回の)?${WEEKDAY}`),
    resolve: (m, today) => {
      // 次の金曜 said on a Friday means next week's.
      const from = m[1] ? addDays(today, 1) : today;
      return day(onOrAfter(from, weekdayNumber(m[2] ?? '')), m[0]);
    },
  },
  {
    pattern: /(再来週|来週|今週|先週)/,
    resolve: (m, today) => {
      const monday = addDays(startOfWeek(today), 7 * (WEEK_OFFSETS[m[1] ?? ''] ?? 0));
      return { from: monday, to: addDays(monday, 6), text: m[0], kind: 'week' };
    },
  },
  {
    pattern: /週末/,
    resolve: (m, today) => {
      const saturday = weekdayOf(today) === 0 ? addDays(today, -1) : onOrAfter(today, 6);
      return { from: saturday, to: addDays(saturday, 1), text: m[0], kind: 'week' };
    },
  },
  {
    pattern: /(再来月|来月|今月|先月)/,
    resolve: (m, today) => {
      const { year, month } = dateParts(today);
      const first = dateParts(makeDate(year, month + (MONTH_OFFSETS[m[1] ?? ''] ?? 0), 1));
      return monthRange(first.year, first.month, m[0]);
    },
  },
  {
    pattern: /(?<![0-9])(1[0-2]|[1-9])月(?![0-9])/,
    resolve: (m, today) => {
      const { year, month } = dateParts(today);
      const target = Number(m[1]);
      return monthRange(target < month ? year + 1 : year, target, m[0]);
    },
  },
  {
    pattern: /(再来年|来年|今年|本年|去年|昨年)(度)?/,
    resolve: (m, today) => {
      const { year, month } = dateParts(today);
      const offset = YEAR_OFFSETS[m[1] ?? ''] ?? 0;
      if (m[2]) {
        const fiscalStart = (month >= 4 ? year : year - 1) + offset;
        return {
          from: makeDate(fiscalStart, 4, 1),
          to: makeDate(fiscalStart + 1, 3, 31),
          text: m[0],
          kind: 'year',
        };
      }
      return {
        from: makeDate(year + offset, 1, 1),
        to: makeDate(year + offset, 12, 31),
        text: m[0],
        kind: 'year',
      };
    },
  },
  {
    pattern: /次回|次の|次は|この次|今度|直近/,
    resolve: (m, today) => ({ from: today, to: addDays(today, NEXT_HORIZON_DAYS), text: m[0], kind: 'next' }),
  },
];

/**
 * The date range a question refers to, in Japan dates, or null when it names none.
 * `now` is the injected clock's time; the most specific expression wins (来週の月曜 over 来週).
 * A month and day without a year means the next such date (on 12月20日, 1月5日 is next year's).
 */
export function parseRelativeDate(question: string, now: Date): RelativeDate | null {
  const text = foldWidth(question).replace(/\s+/g, '');
  const today = japanDate(now);
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (!match) continue;
    const result = rule.resolve(match, today);
    if (result) return result;
  }
  return null;
}
