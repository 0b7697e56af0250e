// Recurring things the documents describe (毎週月曜日, 月1回（1日）発行, 年6回偶数月 ...) and their next dates.
import type { Passage } from '../qa/types.ts';
import {
  addDays,
  type DateRange,
  dateParts,
  holidayName,
  type IsoDate,
  isNewYearBreak,
  japanDate,
  japanMinuteOfDay,
  lastDayOfMonth,
  makeDate,
  type Weekday,
  weekdayOf,
} from './japan-date.ts';
import { foldWidth } from './numerals.ts';

export type ScheduleRule =
  /** 毎週月曜日, 毎週火・金曜日 */
  | { kind: 'weekly'; weekdays: Weekday[] }
  /** 金曜日のみ: the weekday is fixed, but not that it is every week (21回 a year is not every Friday). */
  | { kind: 'weekdayOnly'; weekdays: Weekday[] }
  /** 毎月第2・第4水曜日 */
  | { kind: 'nthWeekday'; weeks: number[]; weekdays: Weekday[] }
  /** 毎月1日, 月1回（1日）; day null for 月1回 with no day given. */
  | { kind: 'monthly'; day: number | null }
  /** 毎年3月, 年1回（8月）, 年6回偶数月（1日）: given months, optionally on a given day. */
  | { kind: 'months'; months: number[]; day: number | null }
  /** 年4回, 月2回 with no dates: the rule can be quoted but no date computed. */
  | { kind: 'count'; times: number; per: 'month' | 'year' };

/** Whether a rule fixes the dates it falls on: 年4回 and 金曜日のみ say how often, not which days. */
export function fixesDates(rule: ScheduleRule): boolean {
  return rule.kind !== 'count' && rule.kind !== 'weekdayOnly';
}

export interface Schedule {
  /** What recurs, as the document names it: `ラジオ広報「市役所からこんにちは」`. */
  name: string;
  /** Names to match a question against, shortest distinguishing title first (`aliases[0]`). */
  aliases: string[];
  rule: ScheduleRule;
  /** The rule as the source says it: `毎週月曜日午前10時05分から15分間`. */
  ruleText: string;
  /** What happens on those dates, as the source says it (発行, 放送, 実施 ...), or null. */
  activity: string | null;
  /** Start time in minutes after midnight (Japan time). */
  time?: number;
  durationMinutes?: number;
  passageId: string;
  /** The source line the rule was read from, for matching and citation. */
  line: string;
}

export interface Occurrence {
  date: IsoDate;
  /** `day` for a known date; `month` when the source only gives the month (年1回（8月）). */
  precision: 'day' | 'month';
  /** The date is a public holiday or in the New Year break, so the event may not happen. */
  needsConfirmation: boolean;
  reason: 'holiday' | 'newYearBreak' | null;
  holiday: string | null;
}

const WEEKDAY_CHARS = '日月火水木金土';
const ACTIVITY_WORDS = ['発行', '放送', '開催', '実施', '配信', '受付', '収集', '運行', '開館'];
const EVEN_MONTHS = [2, 4, 6, 8, 10, 12];
const ODD_MONTHS = [1, 3, 5, 7, 9, 11];
// Longest plausible title line; longer lines are sentences, not names.
const MAX_TITLE_LENGTH = 40;
// Modifiers that residents leave out when they name a service (無料法律相談 -> 法律相談).
const DROPPABLE_PREFIXES = ['無料', '定例', '特設'];

interface RuleMatch {
  rule: ScheduleRule;
  start: number;
  end: number;
  time?: number;
  durationMinutes?: number;
}

/** `火・金曜日` -> [2, 5]: the first character of each listed item names the day. */
function weekdaysOf(list: string): Weekday[] {
  return list.split(/[・、,と]/).map((item) => WEEKDAY_CHARS.indexOf(item.charAt(0)) as Weekday);
}

// A list of weekdays whose last item carries 曜: 月曜日, 火・金曜日, 月曜、木曜日.
// 火曜日と土曜日 lists two days as well.
const WEEKDAY_LIST = '((?:[日月火水木金土](?:曜日?)?[・、,と])*[日月火水木金土]曜日?)';
const NUMBER_LIST = '([1-5](?:[・、,]第?[1-5])*)';

const WEEKLY = new RegExp(`(毎週)?${WEEKDAY_LIST}(のみ|ごと)?`, 'g');
const NTH_WEEKDAY = new RegExp(`(?:毎月)?第${NUMBER_LIST}${WEEKDAY_LIST}`, 'g');
const MONTHLY_DAY = /毎月([0-9]{1,2})日/g;
const ACTIVITY = '(?:発行|実施|開催|放送)?';
const PER_MONTH = new RegExp(
  `月([0-9]+)回(?:程度)?${ACTIVITY}(?:\\(([0-9]{1,2})日(?:発行)?\\))?${ACTIVITY}`,
  'g',
);
const PER_YEAR = new RegExp(`年([0-9]+)回(偶数月|奇数月)?${ACTIVITY}(?:\\(([^)]{1,20})\\))?${ACTIVITY}`, 'g');
const YEARLY = /毎年([0-9]{1,2})月(?:([0-9]{1,2})日)?/g;
const TIME =
  /^(?:、|に|の)?(午前|午後)?([0-9]{1,2})(?:時|:)(?:([0-9]{1,2})分?|(半))?(?:から([0-9]+)分間|(?:から|～|~|-)(午前|午後)?([0-9]{1,2})(?:時|:)(?:([0-9]{1,2})分?)?)?/;

function toMinutes(meridiem: string | undefined, hour: number, minute: number): number {
  const h = meridiem === '午後' && hour < 12 ? hour + 12 : hour;
  return h * 60 + minute;
}

/** A time right after the rule: 午前10時05分から15分間, 10時～12時, 13:30. */
function readTime(after: string): Pick<RuleMatch, 'time' | 'durationMinutes'> & { length: number } {
  const m = TIME.exec(after);
  if (!m) return { length: 0 };
  const start = toMinutes(m[1], Number(m[2]), m[4] ? 30 : Number(m[3] ?? 0));
  const out: Pick<RuleMatch, 'time' | 'durationMinutes'> & { length: number } = {
    time: start,
    length: m[0].length,
  };
  if (m[5]) out.durationMinutes = Number(m[5]);
  else if (m[7]) out.durationMinutes = toMinutes(m[6] ?? m[1], Number(m[7]), Number(m[8] ?? 0)) - start;
  return out;
}

/** Months named in a parenthesis: `8月`, `4・7・10・1月`, `1日` (day only). */
function readMonthsAndDay(note: string | undefined): { months: number[]; day: number | null } {
  if (!note) return { months: [], day: null };
  const months: number[] = [];
  const monthList = /((?:[0-9]{1,2}[・、,])*[0-9]{1,2})月/.exec(note);
  if (monthList?.[1]) for (const n of monthList[1].split(/[・、,]/)) months.push(Number(n));
  const dayMatch = /(?:^|[^0-9])([0-9]{1,2})日/.exec(note);
  return { months: months.filter((m) => m >= 1 && m <= 12), day: dayMatch ? Number(dayMatch[1]) : null };
}

/** What joins two nth-weekday rules of one schedule: 第1火曜日と第3火曜日. */
const NTH_JOINER = /^(?:と|・|、|,|及び|および)$/;

/** Two nth-weekday rules of the same weekdays as one (第1火曜日, 第3火曜日 → 第1・第3火曜日), or null. */
function joinNth(a: ScheduleRule, b: ScheduleRule): ScheduleRule | null {
  if (a.kind !== 'nthWeekday' || b.kind !== 'nthWeekday') return null;
  const same = a.weekdays.length === b.weekdays.length && a.weekdays.every((d, i) => b.weekdays[i] === d);
  return same ? { ...a, weeks: [...a.weeks, ...b.weeks] } : null;
}

/** Every schedule rule in one line (already width-folded), in order of position. */
function findRules(line: string): RuleMatch[] {
  const found: RuleMatch[] = [];
  const push = (m: RegExpMatchArray, rule: ScheduleRule) => {
    const start = m.index ?? 0;
    found.push({ rule, start, end: start + m[0].length });
  };
  for (const m of line.matchAll(NTH_WEEKDAY)) {
    const weeks = (m[1] ?? '').split(/[・、,]第?/).map(Number);
    push(m, { kind: 'nthWeekday', weeks, weekdays: weekdaysOf(m[2] ?? '') });
  }
  for (const m of line.matchAll(WEEKLY)) {
    // A weekday alone is a date, not a rule; 毎週 or のみ makes it recurring.
    if (!m[1] && !m[3]) continue;
    // 毎週月曜日は休館 names the days it does not happen.
    if (/^(?:は|が)?(?:休|除|閉)/.test(line.slice((m.index ?? 0) + m[0].length))) continue;
    const weekdays = weekdaysOf(m[2] ?? '');
    push(m, !m[1] && m[3] === 'のみ' ? { kind: 'weekdayOnly', weekdays } : { kind: 'weekly', weekdays });
  }
  for (const m of line.matchAll(MONTHLY_DAY)) push(m, { kind: 'monthly', day: Number(m[1]) });
  for (const m of line.matchAll(PER_MONTH)) {
    const times = Number(m[1]);
    push(
      m,
      times === 1
        ? { kind: 'monthly', day: m[2] ? Number(m[2]) : null }
        : { kind: 'count', times, per: 'month' },
    );
  }
  for (const m of line.matchAll(PER_YEAR)) {
    const times = Number(m[1]);
    const { months, day } = readMonthsAndDay(m[3]);
    const parity = m[2] === '偶数月' ? EVEN_MONTHS : m[2] === '奇数月' ? ODD_MONTHS : [];
    const chosen = parity.length > 0 ? parity : months;
    push(
      m,
      chosen.length > 0 ? { kind: 'months', months: chosen, day } : { kind: 'count', times, per: 'year' },
    );
  }
  for (const m of line.matchAll(YEARLY)) {
    const month = Number(m[1]);
    if (month >= 1 && month <= 12)
      push(m, { kind: 'months', months: [month], day: m[2] ? Number(m[2]) : null });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const result: RuleMatch[] = [];
  for (const match of found) {
    const last = result.at(-1);
    if (last && match.start < last.end) continue;
    // 第1火曜日と第3火曜日 is one rule, as 第1・第3火曜日 is.
    const joined =
      last && NTH_JOINER.test(line.slice(last.end, match.start)) && joinNth(last.rule, match.rule);
    if (last && joined) {
      last.rule = joined;
      last.end = match.end;
      continue;
    }
    if (
      match.rule.kind === 'weekly' ||
      match.rule.kind === 'weekdayOnly' ||
      match.rule.kind === 'nthWeekday'
    ) {
      const time = readTime(line.slice(match.end));
      if (time.time !== undefined) match.time = time.time;
      if (time.durationMinutes !== undefined) match.durationMinutes = time.durationMinutes;
      match.end += time.length;
    }
    result.push(match);
  }
  return result;
}

// Outline markers: 1 / (1) / ア / (ア) / ① and a leading list dash.
const MARKER = /^(?:[-・*]\s*)?(?:\(\s*[0-9]+\s*\)|\(\s*[ア-ン]\s*\)|[0-9]+\s+|[ア-ン]\s+|[①-⑳]\s*)/;

function markerType(line: string): string | null {
  const m = MARKER.exec(foldWidth(line).trim());
  if (!m) return null;
  const marker = m[0].replace(/^[-・*]\s*/, '').trim();
  if (/^\([0-9]/.test(marker)) return 'paren-number';
  if (/^\(/.test(marker)) return 'paren-kana';
  if (/^[0-9]/.test(marker)) return 'number';
  if (/^[ア-ン]/.test(marker)) return 'kana';
  return 'circled';
}

/** A line as a name: outline marker and print specs (A4判 2ページ) removed; null when it is not title-like. */
function asTitle(raw: string): string | null {
  const folded = foldWidth(raw).trim();
  let title = raw
    .trim()
    .slice(folded.length - folded.replace(MARKER, '').length)
    .trim();
  title = title
    .replace(/\s*(?:[A-ZＡ-Ｚ][0-9０-９]|タブロイド|変形)判.*$/, '')
    .replace(/\s*[0-9０-９～~-]+ページ.*$/, '');
  title = title.trim();
  if (title.length < 2 || title.length > MAX_TITLE_LENGTH) return null;
  if (/[。、]$|。/.test(title) || /\t/.test(title)) return null;
  if (findRules(foldWidth(title)).length > 0) return null;
  // Mostly figures (部数, 金額) is data, not a name.
  if ((title.match(/[0-9０-９,，]/g)?.length ?? 0) > title.length / 3) return null;
  return title;
}

function isBareQuote(title: string): boolean {
  return /^[「『][^」』]+[」』]$/.test(title);
}

/** The name of what a rule on `lines[index]` describes: table row head, then the nearest title above. */
function findName(lines: readonly string[], index: number, ruleStart: number): string | null {
  const line = lines[index] ?? '';
  // Table cells: tab-separated as extracted, `a | b`, or `見出し 値 / 見出し 値` as the chunker renders rows.
  const rendered = /\s\/\s/.test(line);
  const cells: { text: string; start: number }[] = [];
  let cellStart = 0;
  for (const m of line.matchAll(/\t|\s[|｜/]\s/g)) {
    cells.push({ text: line.slice(cellStart, m.index), start: cellStart });
    cellStart = m.index + m[0].length;
  }
  cells.push({ text: line.slice(cellStart), start: cellStart });
  const ruleCell = cells.findLast((c) => c.start <= ruleStart) ?? { text: line, start: 0 };
  if (ruleCell !== cells[0]) {
    // `統計刊行物の発行: 名称 釧路市統計書`: drop the caption, then the column header.
    let head = (cells[0]?.text ?? '').replace(/^.*:\s/, '').trim();
    if (rendered) head = head.replace(/^\S{1,12}\s+/, '');
    const title = head ? asTitle(head) : null;
    if (title) return title;
  }
  // `市民相談: 毎週火曜日`: a label before the colon names the rule after it.
  const labelled = /^(.*?):\s/.exec(line.slice(ruleCell.start, ruleStart));
  if (labelled?.[1]) {
    const title = asTitle(labelled[1]);
    if (title) return title;
  }
  // Drop the medium (FMくしろ（76.1MHz）にて) to reach a name written on the same line.
  let before = line.slice(ruleCell.start, ruleStart).trim();
  if (rendered) before = before.replace(/^\S{1,12}(?:\s+|$)/, '');
  before = before.replace(/[^\s、。「」]+?(?:[（(][^）)]*[）)])?(?:にて|で)$/, '').trim();
  if (before && !/(?:は|が|、|を|に)$/.test(before)) {
    const own = asTitle(before);
    if (own) return own;
  }
  for (let i = index - 1; i >= 0; i--) {
    const title = asTitle(lines[i] ?? '');
    if (!title) continue;
    if (!isBareQuote(title)) return title;
    // A bare 「あかん」 is a sub-item: prefix the parent title (a line with another kind of marker).
    const type = markerType(lines[i] ?? '');
    for (let j = i - 1; j >= 0; j--) {
      const parentLine = lines[j] ?? '';
      const parent = asTitle(parentLine);
      if (parent && markerType(parentLine) !== type) return `${parent}${title}`;
    }
    return title;
  }
  return null;
}

/** The medium or place named before the rule (FMくしろ（76.1MHz）にて): an extra alias. */
function mediumBefore(before: string): string | null {
  const trimmed = before.trim();
  const m = /([^\s、。「」]+?)(?:\([^)]*\))?(?:にて|で)$/.exec(foldWidth(trimmed));
  return m?.[1] && m[1].length >= 2 ? trimmed.slice(m.index, m.index + m[1].length) : null;
}

const KATAKANA_RUN = /[ァ-ヴー]{3,}/g;
const PLACE_PREFIX = /^[一-龯]{1,3}[市町村]/;

/** Names a resident might use for a schedule; the distinguishing title comes first. */
export function aliasesFor(name: string, municipality: string, extra: string[] = []): string[] {
  const plain = (s: string) => s.replace(/[「」『』]/g, '');
  const quoted = [...name.matchAll(/[「『]([^」』]+)[」』]/g)].map((m) => m[1] ?? '');
  const outside = name.replace(/[「『][^」』]*[」』]/g, '').trim();
  const parenthesized = [...name.matchAll(/[（(]([^）)]+)[）)]/g)].map((m) => m[1] ?? '');
  const withoutParens = name.replace(/[（(][^）)]*[）)]/g, '').trim();

  const title =
    isBareQuote(name.replace(/^[^「『]*/, '')) && quoted.length === 1 ? (quoted[0] ?? name) : plain(name);
  const candidates = [title, plain(name), ...quoted, ...parenthesized, plain(withoutParens)];
  if (outside && quoted.length > 0) candidates.push(outside);

  // 無料法律・人権相談 -> 法律相談, 人権相談: the shared tail of the last item applies to each.
  const base = plain(withoutParens);
  if (base.includes('・')) {
    const parts = base.split('・');
    const last = parts.at(-1) ?? '';
    if (last.length >= 3) {
      const tail = last.slice(-2);
      for (const part of parts.slice(0, -1)) candidates.push(part + tail);
      candidates.push(last);
    }
  }
  for (const s of [...name.matchAll(KATAKANA_RUN)]) {
    const index = s.index ?? 0;
    const before = name.charAt(index - 1);
    const after = name.charAt(index + s[0].length);
    const isKanji = (ch: string) => /[一-龯]/.test(ch);
    // A katakana word inside a kanji compound (行政センター通信) names nothing on its own.
    if (!(isKanji(before) && isKanji(after))) candidates.push(s[0]);
  }
  candidates.push(...extra);

  const expanded: string[] = [];
  for (const c of candidates) {
    expanded.push(c);
    for (const prefix of DROPPABLE_PREFIXES) if (c.startsWith(prefix)) expanded.push(c.slice(prefix.length));
    if (c.startsWith(municipality)) expanded.push(c.slice(municipality.length));
    else if (PLACE_PREFIX.test(c)) expanded.push(c.replace(PLACE_PREFIX, ''));
  }
  return [...new Set(expanded.map((s) => s.trim()).filter((s) => s.length >= 2))];
}

function activityOf(lines: readonly string[], index: number, ruleText: string): string | null {
  // On the rule's own line, only its sentence: 受講後に利用者カードを発行します says nothing of the 講習 before it.
  const own = lines[index] ?? '';
  const sentence = (own.match(/[^。]+。?/g) ?? [own]).find((s) => s.includes(ruleText)) ?? own;
  const around = [sentence, ...lines.slice(0, index).reverse()];
  for (const text of around) {
    const spaced = text.replace(/\s+/g, '');
    const hits = ACTIVITY_WORDS.filter((w) => spaced.includes(w));
    if (hits.length === 0) continue;
    // Prefer the word nearest after the rule (…放送), else the first named.
    const afterRule = spaced.slice(spaced.indexOf(ruleText.replace(/\s+/g, '')) + 1);
    return hits.find((w) => afterRule.includes(w)) ?? hits[0] ?? null;
  }
  return null;
}

/**
 * Every recurring thing the passages describe. Works on the text alone, so a new document
 * with a schedule is picked up without code changes. Names come from the table row head, the text
 * before the rule, or the nearest title line above it (in the passage, then its heading path).
 */
function rulesInSeveralCells(line: string, rules: readonly RuleMatch[]): boolean {
  const separators = [...line.matchAll(/\s\/\s/g)].map((m) => m.index ?? 0);
  if (separators.length === 0) return false;
  const cells = new Set(rules.map((r) => separators.filter((at) => at < r.start).length));
  return cells.size > 1;
}

export function extractSchedules(passages: readonly Passage[]): Schedule[] {
  const schedules: Schedule[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    const lines: readonly string[] = [...passage.headingPath, ...passage.text.split('\n')];
    for (let i = passage.headingPath.length; i < lines.length; i++) {
      const original = lines[i] ?? '';
      const folded = foldWidth(original);
      const rules = findRules(folded);
      // A table row with a rule in several columns (地区 甲子 / 燃やせないごみ 第1月曜日 / 古紙 第2・第4月曜日) is a
      // calendar: which column is asked for is the passage's to answer, not one schedule named after the row.
      if (rulesInSeveralCells(folded, rules)) continue;
      for (const match of rules) {
        const name = findName(lines, i, match.start);
        if (!name) continue;
        const ruleText = original.slice(match.start, match.end).trim();
        const key = `${passage.docId}|${name}|${ruleText}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const medium = mediumBefore(original.slice(0, match.start));
        const schedule: Schedule = {
          name,
          aliases: aliasesFor(name, passage.municipality, medium ? [medium] : []),
          rule: match.rule,
          ruleText,
          activity: activityOf(lines, i, ruleText),
          passageId: passage.id,
          line: original.trim(),
        };
        if (match.time !== undefined) schedule.time = match.time;
        if (match.durationMinutes !== undefined) schedule.durationMinutes = match.durationMinutes;
        schedules.push(schedule);
      }
    }
  }
  return schedules;
}

function occurrence(date: IsoDate, precision: Occurrence['precision']): Occurrence {
  if (precision === 'month')
    return { date, precision, needsConfirmation: false, reason: null, holiday: null };
  const holiday = holidayName(date);
  const reason = holiday ? 'holiday' : isNewYearBreak(date) ? 'newYearBreak' : null;
  return { date, precision, needsConfirmation: reason !== null, reason, holiday };
}

/** Does the rule fall on this date (day-precise rules only)? */
function fallsOn(rule: ScheduleRule, date: IsoDate): boolean {
  const { year, month, day } = dateParts(date);
  const weekday = weekdayOf(date);
  switch (rule.kind) {
    case 'weekly':
      return rule.weekdays.includes(weekday);
    case 'nthWeekday':
      return rule.weekdays.includes(weekday) && rule.weeks.includes(Math.ceil(day / 7));
    case 'monthly':
      // A day past the month's end (31日 in June) moves to the last day.
      return rule.day !== null && day === Math.min(rule.day, dateParts(lastDayOfMonth(year, month)).day);
    case 'months':
      return rule.day !== null && rule.months.includes(month) && day === rule.day;
    case 'count':
    case 'weekdayOnly':
      return false;
  }
}

function monthPrecise(rule: ScheduleRule): number[] | null {
  if (rule.kind === 'monthly' && rule.day === null) return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (rule.kind === 'months' && rule.day === null) return rule.months;
  return null;
}

// Enough to find a yearly date from any starting day.
const SEARCH_DAYS = 800;

/**
 * The next dates of a schedule, in Japan time: from `now` (today included unless today's session
 * has already ended), or within a date range. Month-only rules give the first of each month with
 * precision `month`; `count` rules give none. Holidays and the New Year break are flagged.
 */
export function nextOccurrences(schedule: Schedule, window: Date | DateRange, count = 3): Occurrence[] {
  let from: IsoDate;
  let to: IsoDate;
  if (window instanceof Date) {
    from = japanDate(window);
    to = addDays(from, SEARCH_DAYS);
    const end = schedule.time !== undefined ? schedule.time + (schedule.durationMinutes ?? 0) : null;
    if (end !== null && japanMinuteOfDay(window) >= end && fallsOn(schedule.rule, from))
      from = addDays(from, 1);
  } else {
    ({ from, to } = window);
  }
  const out: Occurrence[] = [];
  const months = monthPrecise(schedule.rule);
  if (months) {
    const start = dateParts(from);
    // A yearly rule needs a year per date asked for.
    if (window instanceof Date) to = addDays(from, 366 * (count + 1));
    // This month's issue of an every-month rule is already out or due; a given month (毎年3月) still counts.
    const skipCurrent = window instanceof Date && schedule.rule.kind === 'monthly';
    for (let i = skipCurrent ? 1 : 0; out.length < count; i++) {
      const first = makeDate(start.year, start.month + i, 1);
      if (first > to) break;
      if (months.includes(dateParts(first).month)) out.push(occurrence(first, 'month'));
    }
    return out;
  }
  if (schedule.rule.kind === 'count') return out;
  for (let date = from; date <= to && out.length < count; date = addDays(date, 1)) {
    if (fallsOn(schedule.rule, date)) out.push(occurrence(date, 'day'));
  }
  return out;
}
