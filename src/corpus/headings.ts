// Recognizes heading markers and decides, by length and punctuation, whether a marked line is a heading.
import { charLength, isCjk, toHalfWidth } from './cleanup.ts';

export type HeadingStyle =
  | 'part' // 第6編 総合政策部, 第1部
  | 'department' // 企画課, 釧路市東京事務所
  | 'bracket' // 【基本目標１】
  | 'number' // 13 長期滞在・移住促進に関すること
  | 'paren-number' // (1), （１）
  | 'katakana' // ア, イ
  | 'paren-katakana' // (ア)
  | 'circled' // ①
  | 'hyphen-number' // 1-1
  | 'numbered-term' // 基本方針１ 未来を担う…
  | 'label' // 施策の成果指標, 現状と課題
  | 'markdown'; // ## 開館時間 (kept from a Markdown upload; the level is its ordinal)

export interface HeadingMarker {
  style: HeadingStyle;
  /** Numbering, when the marker has one (`1-2` -> [1, 2], `イ` -> [2]). */
  ordinal: number[] | null;
  /** Heading text without its marker. */
  title: string;
  /** An enumerator glued to its text (`ア高付加価値化…`): an item of a diagram list, not a heading. */
  glued?: boolean;
}

/** Longest heading title; a longer marked line is a list item. */
export const HEADING_MAX_TITLE_CHARS = 40;
/** A title with this many clause commas is a sentence, not a heading. */
export const HEADING_MAX_COMMAS = 2;
/** Longest unmarked standalone line taken as a section label (施策の成果指標). */
export const LABEL_MAX_CHARS = 24;
/** Longest department name alone on a line (市民協働推進課, 釧路市東京事務所). */
export const DEPARTMENT_MAX_CHARS = 14;
/** Fixed outline ranks: smaller is outer. Styles without a rank nest by numbering. */
export const STYLE_RANK: Partial<Record<HeadingStyle, number>> = { part: 0, department: 1, bracket: 1 };

// `## 開館時間`: ASCII hashes only, so a full-width ＃ in a PDF line never becomes a heading.
const MARKDOWN = /^(#{1,6})[ \t]+(\S.*?)[ \t]*$/;

const KATAKANA_ENUM = 'アイウエオカキクケコサシスセソタチツテトナニヌネノ';
const KANJI_DIGITS = '〇一二三四五六七八九十';

// `第6編 総合政策部`, a bare `第1部`, or `第1 趣旨` (公用文 top level, which needs its title).
const PART = /^第([0-9〇一二三四五六七八九十]+)(?:([編部章節期])(?:\s+(\S.*))?|\s+(\S.*))$/;
const BRACKET = /^【([^】]{1,20})】$/;
const HYPHEN_NUMBER = /^(\d{1,2})-(\d{1,2})\s+(\S.*)$/;
// `1 はじめに`, `1．はじめに` (not `1.5倍`).
const NUMBER = /^(\d{1,2})(?:\.(?!\d)\s*|\s+)(\S.*)$/;
// `(1) 概要`, `（１）概要`, `1) 概要`.
const PAREN_NUMBER = /^\(?(\d{1,2})\)\s*(\S.*)$/;
const PAREN_KATAKANA = new RegExp(`^\\(([${KATAKANA_ENUM}])\\)\\s*(\\S.*)$`);
// A katakana enumerator is followed by a space or a non-katakana character (アクティブ is a word).
const KATAKANA = new RegExp(`^([${KATAKANA_ENUM}])(?:\\s+|(?=[^\\s\\u30A0-\\u30FFー]))(\\S.*)$`);
const CIRCLED = /^([\u2460-\u2473])\s*(\S.*)$/;
const NUMBERED_TERM = /^(\p{Script=Han}{2,6})(\d{1,2})\s+(\S.*)$/u;
const DEPARTMENT = /^[^\s\d、。]{1,12}(?:課|室|局|事務所|センター|支所)$/;

/** A title starting with a full date is an event record (`令和7年7月28日～30日`), not a heading. */
const DATE_LED = /^(?:明治|大正|昭和|平成|令和)\s*(?:\d{1,2}|元)\s*年\s*\d{1,2}\s*月|^\d{4}年\d{1,2}月/;
/** A title ending in a quantity (`発行枚数 778枚（令和7年度）`, `交付金総額 2,841,903円`) states a fact: a list item. */
const QUANTITY_END =
  /\d[\d,.]*\s*(?:名|人|枚|件|回|部|円|万円|億円|事業|組|日|か所|箇所|校|園|ページ|%|％|km|ha|トン|㌧|台|戸|世帯|団体|社)(?:\s*[（(][^（()）]*[)）])?$/;
/** A katakana item after a space (`⑤就労自立支援対策 ア障がい者への…`): two diagram cells on one line. */
const EMBEDDED_ITEM = new RegExp(`\\s[${KATAKANA_ENUM}](?:\\s|[^\\s\\u30A0-\\u30FFー])`);
/** A second marker of the same kind on one line means a row of diagram labels. */
const REPEATED_MARKER: Partial<Record<HeadingStyle, RegExp>> = {
  part: /第[0-9〇一二三四五六七八九十]+[編部章節期]/,
  'paren-number': /\(\d{1,2}\)/,
  circled: /[\u2460-\u2473]/,
  'numbered-term': /\p{Script=Han}{2,6}\d{1,2}(?:\s|$)/u,
  'hyphen-number': /(?:^|\s)\d{1,2}-\d{1,2}\s/,
};

function kanjiNumber(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let current = 0;
  for (const ch of text) {
    const d = KANJI_DIGITS.indexOf(ch);
    if (ch === '十') {
      total += (current || 1) * 10;
      current = 0;
    } else if (d >= 0) current = d;
  }
  return total + current;
}

/** Matches a heading marker at the start of a (cleaned) line; says nothing about length. */
export function matchMarker(line: string): HeadingMarker | null {
  const md = MARKDOWN.exec(line);
  if (md) return { style: 'markdown', ordinal: [md[1]?.length ?? 1], title: md[2] ?? '' };
  const found = matchHalfWidth(toHalfWidth(line));
  // toHalfWidth maps one UTF-16 unit to one, so the printed title is the same-length suffix.
  return found && { ...found, title: found.title === '' ? '' : line.slice(line.length - found.title.length) };
}

function matchHalfWidth(half: string): HeadingMarker | null {
  let m = PART.exec(half);
  if (m) return { style: 'part', ordinal: [kanjiNumber(m[1] ?? '')], title: m[3] ?? m[4] ?? '' };
  m = BRACKET.exec(half);
  if (m) {
    const digits = /(\d+)$/.exec(m[1] ?? '');
    return { style: 'bracket', ordinal: digits ? [Number(digits[1])] : null, title: m[1] ?? '' };
  }
  m = HYPHEN_NUMBER.exec(half);
  if (m) return { style: 'hyphen-number', ordinal: [Number(m[1]), Number(m[2])], title: m[3] ?? '' };
  m = NUMBER.exec(half);
  if (m) return { style: 'number', ordinal: [Number(m[1])], title: m[2] ?? '' };
  m = PAREN_NUMBER.exec(half);
  if (m) return { style: 'paren-number', ordinal: [Number(m[1])], title: m[2] ?? '' };
  m = PAREN_KATAKANA.exec(half);
  if (m)
    return { style: 'paren-katakana', ordinal: [KATAKANA_ENUM.indexOf(m[1] ?? '') + 1], title: m[2] ?? '' };
  m = KATAKANA.exec(half);
  if (m) {
    const ordinal = [KATAKANA_ENUM.indexOf(m[1] ?? '') + 1];
    return { style: 'katakana', ordinal, title: m[2] ?? '', glued: !/^.\s/.test(half) };
  }
  m = CIRCLED.exec(half);
  if (m) return { style: 'circled', ordinal: [(m[1] ?? '①').charCodeAt(0) - 0x2460 + 1], title: m[2] ?? '' };
  m = NUMBERED_TERM.exec(half);
  if (m) return { style: 'numbered-term', ordinal: [Number(m[2])], title: m[3] ?? '' };
  return null;
}

/** Reads the first character as a katakana enumerator even before a katakana word (`アコンパクト…`). */
export function gluedKatakanaMarker(line: string): HeadingMarker | null {
  const index = KATAKANA_ENUM.indexOf(line.charAt(0));
  if (index < 0 || line.length < 2) return null;
  return { style: 'katakana', ordinal: [index + 1], title: line.slice(1), glued: true };
}

/** Removes `、` inside brackets so that only clause commas count. */
function outsideBrackets(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if ('（(「『【'.includes(ch)) depth++;
    else if ('）)」』】'.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** Why a marked line is body text rather than a heading, or null when it can be a heading. */
export function headingRejection(marker: HeadingMarker): string | null {
  // The writer marked it as a heading; the guesses below are for printed text.
  if (marker.style === 'markdown') return null;
  const title = marker.title.trim();
  if (charLength(title) > HEADING_MAX_TITLE_CHARS) return 'too long';
  if (/[。．]/.test(title)) return 'contains a sentence end';
  if (marker.glued) return 'glued to its enumerator';
  if ((outsideBrackets(title).match(/[、，,]/g) ?? []).length >= HEADING_MAX_COMMAS)
    return 'contains clauses';
  if (DATE_LED.test(toHalfWidth(title))) return 'starts with a date';
  if (QUANTITY_END.test(toHalfWidth(title))) return 'ends with a quantity';
  if (EMBEDDED_ITEM.test(toHalfWidth(title))) return 'holds a list item';
  const repeated = REPEATED_MARKER[marker.style];
  if (repeated?.test(toHalfWidth(title))) return 'repeats its marker';
  return null;
}

/** A department or office name alone on a line. */
export function isDepartmentLine(line: string): boolean {
  return charLength(line) <= DEPARTMENT_MAX_CHARS && DEPARTMENT.test(line);
}

/** A short unmarked line that names a section (`施策の成果指標`, `2030年のありたい姿`). */
export function isLabelLine(line: string): boolean {
  if (charLength(line) > LABEL_MAX_CHARS || /\s/.test(line)) return false;
  if (/[。、，,.．：:！？!?・/／]/.test(line)) return false;
  if (!isCjk([...line][0]) && !line.startsWith('「')) {
    if (!/^\d{4}年/.test(toHalfWidth(line))) return false;
  }
  // Digits mean a fact (`平成27年2月2日から運用開始`), except a leading target year.
  return !/\d/.test(toHalfWidth(line).replace(/^\d{4}年/, ''));
}

/** Bullets and notes that always start a new logical line. */
const BULLET_START = /^(?:-\s|[・●○■□◆◇▪※☆★◎➢→]|[a-zａ-ｚ][ \u3000])/;
const PAREN_START = /^[（(]/;
const CONTACT = /(?:〒\s*\d{3}-?\d{4}|電話|TEL|FAX|E-?mail|メール)/i;
/** Longest line that can be part of a contact block (address, phone, mail). */
export const CONTACT_MAX_CHARS = 80;

export function isContactLine(line: string): boolean {
  return charLength(line) <= CONTACT_MAX_CHARS && CONTACT.test(toHalfWidth(line)) && !/。/.test(line);
}

export function isBulletLine(line: string): boolean {
  return BULLET_START.test(line);
}

/** A line that cannot continue the previous one: markers, bullets, notes, dates, contacts, tables. */
/** A Q&A page's question or answer marker (Q., A., 問3, 答): a line of its own, never the tail of the line above. */
const QA_START = /^(?:[QAＱＡ]\s*\d*\s*[.．:：]|(?:問|答)\s*[0-9０-９]*[\s\u3000.．:：])/u;

/** When the page was published or updated (公開日：…, 更新日 2025年4月8日): a line of its own. */
const PAGE_DATE_LINE = /^(?:最終)?(?:更新|掲載|公開|作成)日(?:時)?\s*[:：]?\s*[0-9０-９令平昭]/u;

export function isPageDateLine(line: string): boolean {
  return PAGE_DATE_LINE.test(line);
}

export function isStructuralStart(line: string): boolean {
  if (line.includes('\t') || isPageDateLine(line)) return true;
  if (QA_START.test(line)) return true;
  if (BULLET_START.test(line) || PAREN_START.test(line)) return true;
  if (matchMarker(line) !== null || isContactLine(line)) return true;
  return (
    DATE_LED.test(toHalfWidth(line)) || /^(?:明治|大正|昭和|平成|令和)\d{1,2}年\s/.test(toHalfWidth(line))
  );
}

export function startsLikeContinuation(line: string): boolean {
  const first = [...line][0];
  return isCjk(first) || first === '「';
}

/** Whether `next` is the number after `prev` (`2` after `1`, `1-2` after `1-1`, `2-1` after `1-3`). */
export function continues(prev: number[] | null, next: number[] | null): boolean {
  if (!prev || !next) return false;
  const [p0 = 0, p1] = prev;
  const [n0 = 0, n1] = next;
  if (p1 === undefined || n1 === undefined) return n0 === p0 + 1;
  return (n0 === p0 && n1 === p1 + 1) || (n0 === p0 + 1 && n1 === 1);
}
