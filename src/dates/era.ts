// Japanese era years (和暦) <-> Gregorian years, and finding year expressions in text.
import { foldWidth, KANJI_NUMERAL_CHARS, parseSmallNumber } from './numerals.ts';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';

interface EraDefinition {
  name: EraName;
  abbreviation: 'M' | 'T' | 'S' | 'H' | 'R';
  /** First day of the era (Gregorian), as [year, month, day]. */
  start: readonly [number, number, number];
}

/** Modern eras, oldest first. 明治 counts from 1868 (its first year is 1868 by convention). */
export const ERAS: readonly EraDefinition[] = [
  { name: '明治', abbreviation: 'M', start: [1868, 1, 1] },
  { name: '大正', abbreviation: 'T', start: [1912, 7, 30] },
  { name: '昭和', abbreviation: 'S', start: [1926, 12, 25] },
  { name: '平成', abbreviation: 'H', start: [1989, 1, 8] },
  { name: '令和', abbreviation: 'R', start: [2019, 5, 1] },
];

/** An era year such as 令和7年: `{ era: '令和', year: 7 }` (元年 is year 1). */
export interface EraYear {
  era: EraName;
  year: number;
}

export interface YearExpression {
  /** The text exactly as written (may contain full-width digits). */
  text: string;
  /** Span in the input string: text === input.slice(start, end). */
  start: number;
  end: number;
  /** Gregorian year; for 年度 the calendar year in which the fiscal year begins (April). */
  year: number;
  /** True for 年度 (fiscal year, April to March). */
  fiscal: boolean;
  /** The era year as written, when the expression uses an era (令和7年, R7, 2025(令和7)年). */
  era: EraYear | null;
  form: 'era' | 'abbreviation' | 'gregorian' | 'combined';
  /** The written era year never happened because the era had already ended (平成39年度). */
  nonexistent: boolean;
}

function findEra(nameOrAbbreviation: string): EraDefinition | undefined {
  const key = foldWidth(nameOrAbbreviation).toUpperCase();
  return ERAS.find((e) => e.name === key || e.abbreviation === key);
}

function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day);
}

/**
 * Gregorian year of an era year: `eraToYear('令和', 7) === 2025`, `eraToYear('H', 30) === 2018`.
 * Era years past the era's end are converted arithmetically (平成39 -> 2027), as plans written before an era change do.
 * Throws for an unknown era or a non-positive year (caller mistakes).
 */
export function eraToYear(era: EraName | string, eraYear: number): number {
  const def = findEra(era);
  if (!def) throw new Error(`eraToYear: unknown era "${era}"`);
  if (!Number.isInteger(eraYear) || eraYear < 1) {
    throw new Error(`eraToYear: era year must be a positive integer, got ${eraYear}`);
  }
  return def.start[0] + eraYear - 1;
}

function eraYearOf(def: EraDefinition, year: number): EraYear {
  return { era: def.name, year: year - def.start[0] + 1 };
}

/** Eras in force at some moment between two days (inclusive), oldest first. */
function erasBetween(from: number, to: number): EraDefinition[] {
  return ERAS.filter((def, i) => {
    const start = dayNumber(...def.start);
    const next = ERAS[i + 1];
    const end = next ? dayNumber(...next.start) : Number.POSITIVE_INFINITY;
    return start <= to && end > from;
  });
}

/**
 * All era names a Gregorian year carries: 2019 -> 平成31年 and 令和元年.
 * For a fiscal year only the eras in force from April 1 to December 31 count: 2019年度 -> 平成31年度, 令和元年度.
 */
export function erasOfYear(year: number, options: { fiscal?: boolean } = {}): EraYear[] {
  const from = dayNumber(year, options.fiscal ? 4 : 1, 1);
  return erasBetween(from, dayNumber(year, 12, 31)).map((def) => eraYearOf(def, year));
}

/**
 * The era year for a Gregorian year, or null before 明治.
 * A calendar year takes the era in force at its end (2019 -> 令和元年);
 * a fiscal year takes the era in force on April 1 (2019年度 -> 平成31年度).
 */
export function yearToEra(year: number, options: { fiscal?: boolean } = {}): EraYear | null {
  const day = options.fiscal ? dayNumber(year, 4, 1) : dayNumber(year, 12, 31);
  const def = erasBetween(day, day).at(-1);
  return def ? eraYearOf(def, year) : null;
}

/** `令和元年`, `令和7年度`: the conventional way to write an era year. */
export function formatEraYear(eraYear: EraYear, fiscal = false): string {
  const n = eraYear.year === 1 ? '元' : String(eraYear.year);
  return `${eraYear.era}${n}${fiscal ? '年度' : '年'}`;
}

export function formatGregorianYear(year: number, fiscal = false): string {
  return `${year}${fiscal ? '年度' : '年'}`;
}

function isNonexistent(eraYear: EraYear, fiscal: boolean): boolean {
  const index = ERAS.findIndex((e) => e.name === eraYear.era);
  const next = ERAS[index + 1];
  if (!next) return false;
  const year = eraToYear(eraYear.era, eraYear.year);
  return dayNumber(year, fiscal ? 4 : 1, 1) >= dayNumber(...next.start);
}

// Upper bounds for abbreviated era years, so that codes like S100 or H60 are not read as years.
const MAX_ABBREVIATED_YEAR: Record<string, number> = { M: 45, T: 15, S: 64, H: 50, R: 99 };

const ERA_NAMES = '明治|大正|昭和|平成|令和';
const NUMBER = `[0-9]{1,3}|元|[${KANJI_NUMERAL_CHARS}]+`;
const SUFFIX = '(年度|年)';
const ERA_PATTERN = new RegExp(
  `(${ERA_NAMES})[ \\t]*(${NUMBER})[ \\t]*(?:\\([ \\t]*([0-9]{4})[ \\t]*\\))?[ \\t]*${SUFFIX}?`,
  'g',
);
const ABBREVIATION_PATTERN = new RegExp(
  `(?<![A-Za-z0-9])([MTSHR])[ \\t]?([0-9]{1,2}|元)(?![0-9A-Za-z.])(?:[ \\t]*${SUFFIX})?`,
  'g',
);
const GREGORIAN_PATTERN = new RegExp(
  `(?<![0-9])(1[89][0-9]{2}|2[01][0-9]{2})[ \\t]*(?:\\([ \\t]*(${ERA_NAMES}|[MTSHR])[ \\t]*(${NUMBER})[ \\t]*\\))?[ \\t]*${SUFFIX}`,
  'g',
);

function parseEraNumber(raw: string): number | null {
  return raw === '元' ? 1 : parseSmallNumber(raw);
}

function build(
  original: string,
  start: number,
  end: number,
  year: number,
  suffix: string | undefined,
  era: EraYear | null,
  form: YearExpression['form'],
): YearExpression {
  const fiscal = suffix === '年度';
  return {
    text: original.slice(start, end),
    start,
    end,
    year,
    fiscal,
    era,
    form,
    nonexistent: era !== null && isNonexistent(era, fiscal),
  };
}

/**
 * Every year expression in a text, in order, with spans into the original string:
 * 令和7年度, 令和七年, 平成元年, 令和 12(2030)年, R7, R7年度, H30 年, S45, 2025年度, 2025(令和7)年.
 * Full-width digits and letters are accepted.
 */
export function findEraExpressions(text: string): YearExpression[] {
  const folded = foldWidth(text);
  const found: YearExpression[] = [];

  for (const m of folded.matchAll(ERA_PATTERN)) {
    const [whole, name = '', rawNumber = '', gregorian, suffix] = m;
    const n = parseEraNumber(rawNumber);
    // 元 and kanji numerals only read as a year when followed by 年 (avoids 昭和一桁 and the like).
    if (n === null || n < 1 || (!/^[0-9]+$/.test(rawNumber) && !suffix)) continue;
    const era: EraYear = { era: name as EraName, year: n };
    const year = gregorian ? Number(gregorian) : eraToYear(era.era, n);
    const end = m.index + whole.trimEnd().length;
    found.push(build(text, m.index, end, year, suffix, era, gregorian ? 'combined' : 'era'));
  }

  for (const m of folded.matchAll(ABBREVIATION_PATTERN)) {
    const [whole, letter = '', rawNumber = '', suffix] = m;
    const n = parseEraNumber(rawNumber);
    if (n === null || n < 1 || n > (MAX_ABBREVIATED_YEAR[letter] ?? 0)) continue;
    const def = findEra(letter);
    if (!def) continue;
    const era: EraYear = { era: def.name, year: n };
    found.push(
      build(text, m.index, m.index + whole.length, eraToYear(def.name, n), suffix, era, 'abbreviation'),
    );
  }

  for (const m of folded.matchAll(GREGORIAN_PATTERN)) {
    const [whole, gregorian = '', eraName, rawNumber, suffix] = m;
    let era: EraYear | null = null;
    if (eraName && rawNumber) {
      const def = findEra(eraName);
      const n = parseEraNumber(rawNumber);
      if (def && n !== null && n >= 1) era = { era: def.name, year: n };
    }
    found.push(
      build(
        text,
        m.index,
        m.index + whole.length,
        Number(gregorian),
        suffix,
        era,
        era ? 'combined' : 'gregorian',
      ),
    );
  }

  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const result: YearExpression[] = [];
  for (const expr of found) {
    const last = result.at(-1);
    if (last && expr.start < last.end) continue;
    result.push(expr);
  }
  return result;
}

/** Era forms a year goes by; a nonexistent era year keeps its written name and adds the real one. */
function eraForms(expr: YearExpression): string[] {
  const forms =
    expr.era && (expr.nonexistent || expr.form !== 'gregorian') ? [formatEraYear(expr.era, expr.fiscal)] : [];
  for (const e of erasOfYear(expr.year, { fiscal: expr.fiscal })) forms.push(formatEraYear(e, expr.fiscal));
  return forms;
}

/**
 * Equivalent spellings of every year in the text, to add to a search query or index so that both forms meet:
 * `令和7年度` -> ['2025年度'], `2025年度` -> ['令和7年度'], `R7` -> ['令和7年', '2025年'],
 * `平成39年度` -> ['令和9年度', '2027年度']. The written forms themselves are not repeated.
 */
export function expandYearTerms(text: string): string[] {
  const written = new Set<string>();
  const terms: string[] = [];
  const expressions = findEraExpressions(text);
  for (const expr of expressions) written.add(expr.text);
  for (const expr of expressions) {
    for (const form of [...eraForms(expr), formatGregorianYear(expr.year, expr.fiscal)]) {
      if (!written.has(form) && !terms.includes(form)) terms.push(form);
    }
  }
  return terms;
}

/** Preferred era names for a Gregorian year: both eras in a change year, the April 1 era for a fiscal year. */
function preferredEraForms(year: number, fiscal: boolean): string[] {
  if (fiscal) {
    const era = yearToEra(year, { fiscal: true });
    return era ? [formatEraYear(era, true)] : [];
  }
  return erasOfYear(year).map((e) => formatEraYear(e));
}

/**
 * The year as written followed by its other names in parentheses, for answers:
 * `平成39年度（令和9年度／2027年度）`, `令和7年度（2025年度）`, `R7（令和7年／2025年）`, `2025年度（令和7年度）`.
 * A string argument describes its first year expression; text without one is returned unchanged.
 */
export function describeYear(input: string | YearExpression): string {
  const expr = typeof input === 'string' ? findEraExpressions(input)[0] : input;
  if (!expr) return typeof input === 'string' ? input : '';
  return `${expr.text}${yearAnnotation(expr)}`;
}

/** The other names of a year, in the parentheses that follow it (（2027年）, （令和9年度／2027年度）), or ''. */
export function yearAnnotation(expr: YearExpression): string {
  const gregorian = formatGregorianYear(expr.year, expr.fiscal);
  let others: string[];
  if (expr.form === 'gregorian') {
    others = preferredEraForms(expr.year, expr.fiscal);
  } else if (expr.form === 'combined') {
    others = [];
  } else {
    others = [];
    if (expr.nonexistent) others.push(...preferredEraForms(expr.year, expr.fiscal));
    else if (expr.form === 'abbreviation' && expr.era) others.push(formatEraYear(expr.era, expr.fiscal));
    others.push(gregorian);
  }
  return others.length > 0 ? `（${others.join('／')}）` : '';
}

/**
 * Adds the other names after every year in a text that does not already carry them in parentheses:
 * `平成30年度から平成39年度まで` -> `平成30年度（2018年度）から平成39年度（令和9年度／2027年度）まで`.
 */
export function annotateYears(text: string): string {
  let out = '';
  let cursor = 0;
  for (const expr of findEraExpressions(text)) {
    const next = text.charAt(expr.end);
    if (next === '（' || next === '(') continue;
    out += text.slice(cursor, expr.start) + describeYear(expr);
    cursor = expr.end;
  }
  return out + text.slice(cursor);
}
