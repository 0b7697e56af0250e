// Era and Gregorian years meet on one canonical term: 令和7年度, R7年度 and 2025年度 all index as 2025年度 and 2025年.

import { findEraExpressions, type YearExpression, yearAnnotation } from '../dates/era.ts';
import { normalizeText } from './normalize.ts';

export function yearTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const expr of findEraExpressions(text)) {
    terms.add(`${expr.year}年`);
    if (expr.fiscal) terms.add(`${expr.year}年度`);
  }
  return [...terms];
}

/** The latest year a text states that has already begun (targets for years to come do not count), or null. */
export function latestPastYear(text: string, thisYear: number): number | null {
  const years = findEraExpressions(text)
    .map((e) => e.year)
    .filter((y) => y <= thisYear);
  return years.length === 0 ? null : Math.max(...years);
}

/**
 * Adds the other form after years in an answer where it helps: always for an era year that never happened
 * (平成39年度 -> 平成39年度（令和9年度／2027年度）), and for every year when the question used the other form.
 */
export function annotateYearsFor(answer: string, asked: readonly YearExpression[]): string {
  const askedGregorian = asked.some((e) => e.form === 'gregorian');
  const askedEra = asked.some((e) => e.form === 'era' || e.form === 'abbreviation');
  let out = '';
  let cursor = 0;
  for (const expr of findEraExpressions(answer)) {
    const next = answer.charAt(expr.end);
    const otherForm = expr.form === 'gregorian' ? askedEra : askedGregorian && expr.form !== 'combined';
    if (next === '（' || next === '(' || !(expr.nonexistent || otherForm)) continue;
    // After the whole date: the document's 令和9年3月31日 stays as it wrote it, then （2027年）.
    const end = expr.end + (DATE_AFTER_YEAR.exec(answer.slice(expr.end))?.[0].length ?? 0);
    out += answer.slice(cursor, end) + yearAnnotation(expr);
    cursor = end;
  }
  return out + answer.slice(cursor);
}

/** The month, day and weekday that follow a year in a date (3月31日（火）). */
const DATE_AFTER_YEAR = /^\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日(?:\s*[（(][月火水木金土日](?:曜日?)?[）)])?)?/u;

/** A page's title without the year of its edition (令和7年度, 2025年度, （令和5年版）): the page it is an edition of. */
export function editionless(title: string): string {
  return normalizeText(title)
    .replace(/[(（][^)）]*(年|版)[^)）]*[)）]/gu, '')
    .replace(/(令和|平成|昭和)\s*(\d+|元)\s*年度?|\d{4}\s*年度?|r\d+\s*年度?/gu, '')
    .replace(/\s+/g, '');
}
