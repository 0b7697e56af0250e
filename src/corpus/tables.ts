// Tab-separated table rows -> readable lines that keep each value next to its header.
import { charLength, toHalfWidth } from './cleanup.ts';

export interface RenderedTable {
  /** One readable line (or record) per unit, in table order. */
  units: string[];
  /** Key/value records (one sister city each) are passages of their own. */
  standalone: boolean;
}

/** A cell that is a number with at most a short unit: `77,314`, `7回`, `48.4%`, `—`. */
const NUMERIC_CELL = /^(?:[-—－]|[+-]?[\d,.]+\s?[^\s\d]{0,3})$/;
/** Longest cell of a key column in a key/value table (提携年月日, 交流内容 (令和7年度)). */
const KEY_MAX_CHARS = 16;
/** Longest value that still looks like a column value rather than prose. */
const PROSE_MIN_CHARS = 40;
/** Longest cell in a table of names (功労者名). */
const NAME_MAX_CHARS = 6;
/** Longest header cell. */
const HEADER_MAX_CHARS = 24;
/** Single-character headers that count (第N代, N期): the value goes first. */
const COUNTER_HEADERS = ['代', '期', '回', '号', '次'];
/** A personal name is 2-5 characters long. */
const NAME_LENGTH = { min: 2, max: 5 } as const;

const PURE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]+$/u;

export function splitRow(line: string): string[] {
  return line.split('\t').map((c) => c.trim());
}

function isNumeric(cell: string): boolean {
  return NUMERIC_CELL.test(toHalfWidth(cell));
}

function hasDigit(cell: string): boolean {
  return /\d/.test(toHalfWidth(cell));
}

function trimTrailingEmpty(cells: string[]): string[] {
  const out = [...cells];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function nonEmpty(cells: string[]): string[] {
  return cells.filter((c) => c !== '');
}

/** 都市名/提携年月日/… rows: two columns, a short key and a value of varied shape. */
function isKeyValue(rows: string[][]): boolean {
  if (rows.length < 3) return false;
  if (!rows.every((r) => nonEmpty(r).length === 2 && r[0] !== '')) return false;
  const keys = rows.map((r) => r[0] ?? '');
  if (!keys.every((k) => charLength(k) <= KEY_MAX_CHARS)) return false;
  const firstKeyRepeats = keys.indexOf(keys[0] ?? '', 1) > 0;
  const values = rows.slice(1).map((r) => nonEmpty(r)[1] ?? '');
  const digitMix = new Set(values.map(hasDigit)).size > 1;
  const prose = values.some((v) => charLength(v) > PROSE_MIN_CHARS);
  return firstKeyRepeats || digitMix || prose;
}

function isNameList(rows: string[][]): boolean {
  const cells = rows.flatMap(nonEmpty);
  return (
    rows.length >= 2 &&
    cells.length >= 6 &&
    cells.every((c) => PURE_CJK.test(c) && charLength(c) <= NAME_MAX_CHARS && !hasDigit(c))
  );
}

function meanLength(cells: string[]): number {
  const full = nonEmpty(cells);
  return full.length === 0 ? 0 : full.reduce((n, c) => n + charLength(c), 0) / full.length;
}

/** A first row of short names above rows of numbers, dates or longer text. */
function isHeaderRow(row: string[], rest: string[][]): boolean {
  const cells = nonEmpty(row);
  if (cells.length < 2 || rest.length === 0) return false;
  if (cells.some((c) => isNumeric(c) || charLength(c) > HEADER_MAX_CHARS)) return false;
  if (rest.some((r) => r.some((c) => isNumeric(c) || hasDigit(c)))) return true;
  return rest.every((r) => meanLength(r) > 2 * meanLength(row));
}

function renderKeyValue(rows: string[][]): string[] {
  const firstKey = rows[0]?.[0] ?? '';
  const records: string[][] = [];
  for (const row of rows) {
    const [key, value] = nonEmpty(row);
    if (key === firstKey || records.length === 0) records.push([]);
    records[records.length - 1]?.push(`${key}: ${value ?? ''}`);
  }
  return records.map((r) => r.join('\n'));
}

/** `実施回数 7回 参加人数 142人` -> `実施回数 7回、参加人数 142人` when cells alternate label/value. */
function joinValues(values: string[]): string {
  const pairs = values.length >= 4 && values.length % 2 === 0;
  if (pairs && values.every((v, i) => (i % 2 === 1) === isNumeric(v))) {
    const out: string[] = [];
    for (let i = 0; i < values.length; i += 2) out.push(`${values[i]} ${values[i + 1]}`);
    return out.join('、');
  }
  return values.join(' ');
}

/** Folds rows whose first cell is empty into the row above (multi-line cells, sub-rows). */
function foldContinuations(rows: string[][]): string[][][] {
  const groups: string[][][] = [];
  for (const row of rows) {
    if (row[0] === '' && groups.length > 0) groups[groups.length - 1]?.push(row);
    else groups.push([row]);
  }
  return groups;
}

/**
 * Splits a flattened row (`初 2～5 6 | 伊東良孝蝦名大也鶴間秀典 | 期間 期間 期間`) back into rows when every
 * cell splits into the same number of parts; names are split with names found elsewhere in the document.
 */
export function unflattenRow(row: string[], knownNames: ReadonlySet<string>): string[][] | null {
  const parts = row.map((cell) => {
    const bySpace = cell.split(/\s+/).filter((p) => p !== '');
    return bySpace.length > 1 ? bySpace : segmentNames(cell, knownNames);
  });
  const count = parts[0]?.length ?? 0;
  if (count < 2 || !parts.every((p) => p !== null && p.length === count)) return null;
  return Array.from({ length: count }, (_, i) => parts.map((p) => p?.[i] ?? ''));
}

/** `伊東良孝蝦名大也鶴間秀典` with 伊東良孝 and 鶴間秀典 known -> three names; null when unsure. */
export function segmentNames(text: string, knownNames: ReadonlySet<string>): string[] | null {
  if (!PURE_CJK.test(text)) return null;
  const chars = [...text];
  const known = [...knownNames].filter((n) => charLength(n) >= NAME_LENGTH.min);
  const knownAt = (i: number) => known.find((n) => chars.slice(i, i + charLength(n)).join('') === n);
  const out: string[] = [];
  let unknownStart = -1;
  let i = 0;
  while (i < chars.length) {
    const name = knownAt(i);
    if (name === undefined) {
      if (unknownStart < 0) unknownStart = i;
      i++;
      continue;
    }
    if (unknownStart >= 0) out.push(chars.slice(unknownStart, i).join(''));
    unknownStart = -1;
    out.push(name);
    i += charLength(name);
  }
  if (unknownStart >= 0) out.push(chars.slice(unknownStart).join(''));
  const plausible = out.every((n) => charLength(n) >= NAME_LENGTH.min && charLength(n) <= NAME_LENGTH.max);
  return out.length > 1 && plausible ? out : null;
}

/** Cells that look like one personal name each, to split flattened name cells elsewhere. */
export function collectNames(rows: string[][]): string[] {
  return rows
    .flat()
    .filter((c) => PURE_CJK.test(c) && charLength(c) >= NAME_LENGTH.min && charLength(c) <= NAME_LENGTH.max);
}

export interface TableCaption {
  /** Title of the heading the table sits under, without its marker. */
  title: string | null;
  /** The unit or date line printed above the table: `（単位：世帯、人）`. */
  unit: string | null;
}

/**
 * Renders table rows (cells already cleaned). A one-row table becomes one line prefixed with its
 * caption; a longer table gets its unit line first, then one line per row.
 */
export function renderTable(
  rows: string[][],
  { title, unit }: TableCaption,
  knownNames: ReadonlySet<string> = new Set(),
): RenderedTable {
  const cleaned = rows.map(trimTrailingEmpty).filter((r) => r.length > 0);
  const full = `${title ?? ''}${unit ?? ''}`;
  const prefix = full === '' ? '' : `${full}: `;
  const caption = unit;
  if (cleaned.length === 0) return { units: [], standalone: false };
  if (isKeyValue(cleaned)) return { units: renderKeyValue(cleaned), standalone: true };
  if (isNameList(cleaned)) {
    const names = cleaned.flatMap(nonEmpty).join('、');
    return { units: [title ? `${title}${unit ?? ''}: ${names}` : names], standalone: false };
  }

  const [first, ...rest] = cleaned;
  if (first && isHeaderRow(first, rest)) {
    const headers = trimTrailingEmpty(first);
    // Sub-header rows right under the header (first cell empty, no numbers) repeat in the data.
    let body = rest;
    while (body[0]?.[0] === '' && !body[0].some(isNumeric)) body = body.slice(1);
    let groups = foldContinuations(body);
    const only = groups.length === 1 ? groups[0] : undefined;
    if (only?.length === 1 && only[0]) {
      const split = unflattenRow(only[0], knownNames);
      if (split) groups = split.map((r) => [r]);
    }
    const lines = groups.map((group) => {
      const [main = [], ...more] = group;
      const cells = headers.map((h, i) => {
        const isLast = i === headers.length - 1;
        const own = isLast ? main.slice(i) : [main[i] ?? ''];
        const extra = more.flatMap((r) => (isLast ? r.slice(i) : [r[i] ?? '']));
        const value = joinValues(nonEmpty([...own, ...extra]));
        if (value === '') return '';
        // A counter header reads after its value: 代 初 -> 初代, 代 2～5 -> 2～5代.
        return COUNTER_HEADERS.includes(h) ? `${value}${h}` : `${h} ${value}`.trim();
      });
      // Prose cells go last, so the row's name stays in one sentence with its figures.
      const isProse = (c: string) => /。./.test(c) || charLength(c) > PROSE_MIN_CHARS;
      const [first = '', ...rest] = nonEmpty(cells);
      return [first, ...rest.filter((c) => !isProse(c)), ...rest.filter(isProse)].join(' / ');
    });
    if (lines.length === 1 && (only?.[0] ?? []).some((c) => charLength(c) > PROSE_MIN_CHARS)) {
      // Long cells (a column of measures per strategy) read better one column per line.
      const main = only?.[0] ?? [];
      const columns = headers.map((h, i) => `${h}: ${main[i] ?? ''}`);
      return { units: full === '' ? columns : [full, ...columns], standalone: false };
    }
    if (lines.length === 1) return { units: [`${prefix}${lines[0]}`], standalone: false };
    return { units: caption ? [caption, ...lines] : lines, standalone: false };
  }

  // No header: the first cell labels a group of label/value cells (公開請求 件数115件 | 公開 | 65件).
  const lines = foldContinuations(cleaned).map((group) => {
    const [main = []] = group;
    const label = main[0] ?? '';
    const values = group.map((r) => nonEmpty(r.slice(1)).join(' ')).filter((v) => v !== '');
    return values.length === 0 ? label : `${label}: ${values.join(' / ')}`;
  });
  return { units: caption ? [caption, ...lines] : lines, standalone: false };
}
