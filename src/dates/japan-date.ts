// Calendar arithmetic on Japan dates (Asia/Tokyo, UTC+9, no DST), independent of the machine's TZ.
import holidayJp from '@holiday-jp/holiday_jp';

/** A calendar date in Japan, written `YYYY-MM-DD`. Strings compare in date order. */
export type IsoDate = string;

/** An inclusive range of Japan dates. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

const JAPAN_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export const WEEKDAY_NAMES = ['日', '月', '火', '水', '木', '金', '土'] as const;

/** 0 = Sunday ... 6 = Saturday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Builds a date, normalizing overflow (month 13, day 0) the way Date.UTC does. */
export function makeDate(year: number, month: number, day: number): IsoDate {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = date.split('-').map(Number);
  return { year, month, day };
}

function toUtcMidnight(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day);
}

/** The Japan calendar date of an instant. */
export function japanDate(instant: Date): IsoDate {
  const shifted = new Date(instant.getTime() + JAPAN_OFFSET_MS);
  return makeDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** Minutes since midnight, Japan time. */
export function japanMinuteOfDay(instant: Date): number {
  const shifted = new Date(instant.getTime() + JAPAN_OFFSET_MS);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** The instant at a Japan wall-clock time on a Japan date. */
export function japanInstant(date: IsoDate, minuteOfDay = 0): Date {
  return new Date(toUtcMidnight(date) - JAPAN_OFFSET_MS + minuteOfDay * 60 * 1000);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = dateParts(date);
  return makeDate(year, month, day + days);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtcMidnight(to) - toUtcMidnight(from)) / DAY_MS);
}

export function weekdayOf(date: IsoDate): Weekday {
  return new Date(toUtcMidnight(date)).getUTCDay() as Weekday;
}

/** Monday of the week containing the date; weeks run Monday to Sunday, as in Japanese office calendars. */
export function startOfWeek(date: IsoDate): IsoDate {
  return addDays(date, -((weekdayOf(date) + 6) % 7));
}

export function lastDayOfMonth(year: number, month: number): IsoDate {
  return makeDate(year, month + 1, 0);
}

/** `11月27日（金）` */
export function formatJapaneseDate(date: IsoDate): string {
  const { month, day } = dateParts(date);
  return `${month}月${day}日（${WEEKDAY_NAMES[weekdayOf(date)]}）`;
}

const HOLIDAYS: Readonly<Record<string, { name: string } | undefined>> = holidayJp.holidays;

/** The name of the Japanese public holiday on that date (振替休日 included), or null. */
export function holidayName(date: IsoDate): string | null {
  return HOLIDAYS[date]?.name ?? null;
}

/** Offices close for the New Year break from December 29 to January 3. */
export function isNewYearBreak(date: IsoDate): boolean {
  const { month, day } = dateParts(date);
  return (month === 12 && day >= 29) || (month === 1 && day <= 3);
}
