// Cleaned lines -> logical blocks: headings, paragraphs, list items, contact blocks, tables.
import { charLength, detectWrapWidth, isCjk, isHiragana } from './cleanup.ts';
import {
  continues,
  gluedKatakanaMarker,
  type HeadingMarker,
  type HeadingStyle,
  headingRejection,
  isBulletLine,
  isContactLine,
  isDepartmentLine,
  isLabelLine,
  isPageDateLine,
  isStructuralStart,
  matchMarker,
  startsLikeContinuation,
} from './headings.ts';
import { splitRow } from './tables.ts';

export type BodyBlock =
  | { type: 'text'; kind: 'text' | 'list' | 'contact'; text: string }
  | { type: 'table'; rows: string[][]; unit: string | null };

export type Block = { type: 'heading'; marker: HeadingMarker; text: string } | BodyBlock;

/** A line this close to the wrap width was cut by the page edge, not by the author. */
const WRAP_SLACK_CHARS = 2;
/** Two open lines of equal length (±1) from this length up are one column of wrapped text (a diagram box). */
const COLUMN_MIN_CHARS = 8;
/** A heading only wraps from this length; a shorter heading line is complete. */
const HEADING_WRAP_MIN_CHARS = 20;
/** Longest tail of a wrapped heading (`口の創出`). */
const HEADING_TAIL_MAX_CHARS = 8;
/** A short bracketed line before a table is its unit or date: `（単位：世帯、人）`, `(令和7年度)`. */
const UNIT_LINE = /^[（(][^（()）]{1,30}[)）]$/;
const SENTENCE_END = /[。．！？!?]$/;

function lastChar(text: string): string | undefined {
  return [...text].at(-1);
}

/** Drops a leading enumerator (`ｃ `, `- ア `) so its space does not count as a field separator. */
function withoutLeadingMarker(line: string): string {
  return line.replace(/^(?:-\s+)?[^\s]{1,4}[\s\u3000]+/, '');
}

interface JoinContext {
  wrapWidth: number | null;
}

function isWrapped(line: string, ctx: JoinContext): boolean {
  return ctx.wrapWidth !== null && charLength(line) >= ctx.wrapWidth - WRAP_SLACK_CHARS;
}

/** Whether `a` and `b` are two halves of one column of wrapped text (equal widths). */
function sameColumn(a: string, b: string, before: string | null): boolean {
  const lenA = charLength(a);
  if (lenA < COLUMN_MIN_CHARS) return false;
  return Math.abs(lenA - charLength(b)) <= 1 || (before !== null && Math.abs(lenA - charLength(before)) <= 1);
}

/**
 * What goes between two joined lines: nothing where the page edge cut a sentence, a space
 * between fields of a logical line, a newline after a finished sentence.
 */
function separator(a: string, b: string, before: string | null, ctx: JoinContext): string {
  if (/[A-Za-z0-9]/.test(lastChar(a) ?? '') && /^[A-Za-z0-9]/.test(b)) return ' ';
  if (isWrapped(a, ctx) || lastChar(a) === '、' || isHiragana([...b][0]) || sameColumn(a, b, before))
    return '';
  return SENTENCE_END.test(a) ? '\n' : ' ';
}

/** Whether `b`, after a blank line, continues the sentence that `a` left open. */
function continuesAcrossBlank(a: string, b: string, before: string | null, ctx: JoinContext): boolean {
  if (isStructuralStart(b) || !startsLikeContinuation(b)) return false;
  if (SENTENCE_END.test(a)) return false;
  const end = lastChar(a);
  if (!isCjk(end) && end !== '、') return false;
  if (/\s/.test(withoutLeadingMarker(a))) return false;
  const lenA = charLength(a);
  if (isWrapped(a, ctx) || end === '、' || sameColumn(a, b, before)) return true;
  // A phrase broken inside a compound (`人材育成・人` + `材確保を図る`) ends with a short predicate
  // tail; figures, an office name or a noun label (`人口減少の緩和`) after a blank line are not.
  if (!/[、・]/.test(a) || /\d/.test(a) || lenA < COLUMN_MIN_CHARS || isDepartmentLine(b)) return false;
  return charLength(b) <= HEADING_TAIL_MAX_CHARS && !/[\s。、]/.test(b) && isHiragana(lastChar(b));
}

/** Whether a heading line `a` was wrapped and `b` is its tail. */
function headingContinues(a: string, b: string): boolean {
  if (isStructuralStart(b) || !startsLikeContinuation(b) || /[。、]/.test(b)) return false;
  if (SENTENCE_END.test(a) || !isCjk(lastChar(a)) || charLength(a) < HEADING_WRAP_MIN_CHARS) return false;
  return isHiragana([...b][0]) || charLength(b) <= HEADING_TAIL_MAX_CHARS;
}

function nextNonBlank(lines: readonly string[], from: number): number {
  for (let k = from; k < lines.length; k++) if (lines[k] !== '') return k;
  return -1;
}

/** Wrap width measured on lines that leave a sentence open before plain text. */
function measureWrapWidth(lines: readonly string[]): number | null {
  const open = lines.filter((line, i) => {
    if (line === '' || isStructuralStart(line) || SENTENCE_END.test(line)) return false;
    const k = nextNonBlank(lines, i + 1);
    const next = k < 0 ? undefined : lines[k];
    return next !== undefined && k - i <= 2 && !isStructuralStart(next) && startsLikeContinuation(next);
  });
  return detectWrapWidth(open);
}

/** Joins two pieces of one cell broken by the page: nothing inside Japanese, a space between words. */
function joinCellPieces(a: string, b: string): string {
  return isCjk(lastChar(a)) || isCjk([...b][0]) ? `${a}${b}` : `${a} ${b}`;
}

/**
 * Reads a table from line `start`: tab rows, blank lines between rows, and lines without a tab
 * that a PDF wrapped out of a cell (the tail of the last cell of the row above, or the head of
 * the first cell of the row below).
 */
function readTable(lines: readonly string[], start: number): { rows: string[][]; end: number } {
  const rows: string[][] = [];
  const at = (k: number) => lines[k] ?? '';
  let head = '';
  let j = start;
  while (j < lines.length) {
    const line = at(j);
    if (line.includes('\t')) {
      const row = splitRow(line);
      if (head !== '') row[0] = joinCellPieces(head, row[0] ?? '');
      head = '';
      rows.push(row);
      j++;
      continue;
    }
    if (line === '') {
      const k = nextNonBlank(lines, j);
      if (k >= 0 && at(k).includes('\t')) {
        j = k;
        continue;
      }
      break;
    }
    const last = rows.at(-1);
    if (!last || isStructuralStart(line) || head !== '') break;
    const cell = last.findLastIndex((c) => c !== '');
    const open = cell >= 0 && !SENTENCE_END.test(last[cell] ?? '');
    const beforeRow = at(j + 1).includes('\t');
    // An open cell goes on; a finished sentence before the next row is more of the same cell;
    // anything else before a row is the start of that row's first cell (`交流内容 (令` + `和2年度)`).
    if (cell >= 0 && (open || (beforeRow && SENTENCE_END.test(line)))) {
      last[cell] = joinCellPieces(last[cell] ?? '', line);
    } else if (beforeRow) {
      head = line;
    } else {
      break;
    }
    j++;
  }
  return { rows, end: head === '' ? j : j - 1 };
}

interface Read<T> {
  block: T;
  /** Index of the first line after the block. */
  end: number;
}

/** A heading marker, department name or section label that the line at `i` may start with. */
function headingCandidate(lines: readonly string[], i: number, ctx: JoinContext): HeadingMarker | null {
  const line = lines[i] ?? '';
  const bullet = /^-\s/.test(line);
  const marker = matchMarker(bullet ? line.replace(/^-\s+/, '') : line);
  if (marker || bullet) return marker;
  if (angleHeading(lines, i)) return { style: 'label', ordinal: null, title: line.slice(1, -1) };
  const standalone = (i === 0 || lines[i - 1] === '') && (lines[i + 1] ?? '') === '';
  if (!standalone) return null;
  if (isDepartmentLine(line)) return { style: 'department', ordinal: null, title: line };
  const next = lines[nextNonBlank(lines, i + 1)] ?? '';
  if (isLabelLine(line) && !continuesAcrossBlank(line, next, null, ctx)) {
    return { style: 'label', ordinal: null, title: line };
  }
  return null;
}

/** A web page's label in angle brackets (〈登録手数料〉, not 【基本目標１】) alone on a line. */
const ANGLE_LABEL = /^(?:〈[^〉]{1,20}〉|＜[^＞]{1,20}＞|<[^>]{1,20}>|《[^》]{1,20}》)$/u;
/** Longest value a label on the line above names (3,000円（1頭につき）, 平日 8時30分～17時15分). */
const LABELLED_VALUE_MAX_CHARS = 40;

/**
 * A label in angle brackets heads a section (〈請求の方法〉 above its paragraph) only where it opens a block of its own,
 * after a blank line. Else it is a field's label, said with its value (〈登録手数料〉 above 3,000円), or qualifies the
 * lines under it inside a block (〈平日 8時50分～17時20分〉 above the offices to call then); so is one above a value of
 * one short line, then a blank or the next label.
 */
function angleHeading(lines: readonly string[], i: number): boolean {
  if (!ANGLE_LABEL.test(lines[i] ?? '') || (i > 0 && lines[i - 1] !== '')) return false;
  const value = lines[i + 1] ?? '';
  const after = lines[i + 2] ?? '';
  const fieldValue =
    value !== '' &&
    !ANGLE_LABEL.test(value) &&
    charLength(value) <= LABELLED_VALUE_MAX_CHARS &&
    (after === '' || ANGLE_LABEL.test(after) || i + 2 >= lines.length);
  return value !== '' && !fieldValue;
}

/** Reads the heading at `i` (with a wrapped tail), or null when the marked line is a list item. */
function readHeading(lines: readonly string[], i: number, marker: HeadingMarker): Read<Block> | null {
  const at = (k: number) => lines[k] ?? '';
  // A Markdown heading is one line, printed without its hashes.
  if (marker.style === 'markdown')
    return { block: { type: 'heading', marker, text: marker.title }, end: i + 1 };
  const bullet = /^-\s/.test(at(i));
  let text = bullet ? at(i).replace(/^-\s+/, '') : at(i);
  let j = i + 1;
  while (j < lines.length) {
    const k = at(j) === '' ? nextNonBlank(lines, j) : j;
    if (k < 0 || k - j > 1 || !headingContinues(text, at(k))) break;
    text += at(k);
    j = k + 1;
  }
  const full = marker.style === 'label' || marker.style === 'department' ? marker : matchMarker(text);
  // A bullet among bullets, or with its own continuation line, is a list item.
  const inBulletRun = bullet && (/^-\s/.test(at(i - 1)) || /^-\s/.test(at(j)));
  const hasContinuation = bullet && at(j) !== '' && !isStructuralStart(at(j));
  if (!full || headingRejection(full) !== null || inBulletRun || hasContinuation) return null;
  // A bare `第1部` takes its title from the label line below it.
  const k = nextNonBlank(lines, j);
  if (full.style === 'part' && full.title === '' && k >= 0 && isLabelLine(at(k)) && at(k + 1) === '') {
    return {
      block: { type: 'heading', marker: { ...full, title: at(k) }, text: `${text} ${at(k)}` },
      end: k + 1,
    };
  }
  return { block: { type: 'heading', marker: full, text }, end: j };
}

/** Reads a paragraph or list item from `i`, rejoining the lines the page edge broke. */
function readParagraph(
  lines: readonly string[],
  i: number,
  ctx: JoinContext,
  kind: 'text' | 'list',
  underHeading: boolean,
): Read<BodyBlock> {
  const at = (k: number) => lines[k] ?? '';
  let text = at(i).replace(/^-\s+/, '');
  let last = text;
  let before: string | null = null;
  let j = i + 1;
  // A line printed right under a heading is its caption; it only wraps into a word's tail.
  const caption = underHeading && i > 0 && at(i - 1) !== '';
  while (j < lines.length) {
    const next = at(j);
    if (next === '') {
      const k = nextNonBlank(lines, j);
      if (k < 0 || !continuesAcrossBlank(last, at(k), before, ctx)) break;
      if (caption && before === null && !isHiragana([...at(k)][0])) break;
      // Only the page edge splits a sentence across a blank line, so nothing goes between.
      text += at(k);
      before = last;
      last = at(k);
      j = k + 1;
      continue;
    }
    if (isStructuralStart(next)) break;
    text += separator(last, next, before, ctx) + next;
    before = last;
    last = next;
    j++;
  }
  return { block: { type: 'text', kind, text }, end: j };
}

/** A heading the page's writer marked in Markdown (### 電話で申し込む). */
function isMarkedHeading(line: string): boolean {
  return matchMarker(line)?.style === 'markdown';
}

/** Groups cleaned lines into headings, paragraphs, list items, contact blocks and tables. */
export function toBlocks(lines: readonly string[]): Block[] {
  const ctx: JoinContext = { wrapWidth: measureWrapWidth(lines) };
  const blocks: Block[] = [];
  const at = (k: number) => lines[k] ?? '';
  let i = 0;
  while (i < lines.length) {
    const line = at(i);
    if (line === '') {
      i++;
      continue;
    }
    if (line.includes('\t')) {
      const { rows, end } = readTable(lines, i);
      const prev = blocks.at(-1);
      let unit: string | null = null;
      if (prev?.type === 'text' && prev.kind === 'text' && UNIT_LINE.test(prev.text)) {
        unit = prev.text;
        blocks.pop();
      }
      blocks.push({ type: 'table', rows, unit });
      i = end;
      continue;
    }
    // 公開日：2025年11月10日 is page furniture on a line of its own: the title above and the text below are not
    // a sentence it continues, however alike their widths.
    if (isPageDateLine(line)) {
      blocks.push({ type: 'text', kind: 'text', text: line });
      i++;
      continue;
    }
    // A heading the page's writer marked (### 電話で申し込む) is a heading, whatever words it holds.
    if (isContactLine(line) && !isMarkedHeading(line)) {
      const contact = [line];
      let j = i + 1;
      while (j < lines.length && isContactLine(at(j)) && !isMarkedHeading(at(j))) contact.push(at(j++));
      blocks.push({ type: 'text', kind: 'contact', text: contact.join('\n') });
      i = j;
      continue;
    }
    const marker = headingCandidate(lines, i, ctx);
    const heading = marker ? readHeading(lines, i, marker) : null;
    if (heading) {
      blocks.push(heading.block);
      i = heading.end;
      continue;
    }
    const kind = /^-\s/.test(line) || marker !== null || isBulletLine(line) ? 'list' : 'text';
    const paragraph = readParagraph(lines, i, ctx, kind, blocks.at(-1)?.type === 'heading');
    blocks.push(paragraph.block);
    i = paragraph.end;
  }
  return demoteHeadingRuns(blocks);
}

/** Styles whose back-to-back empty headings are really the items of a list (施策の体系, 具体的な施策). */
const LIST_ITEM_STYLES: ReadonlySet<HeadingStyle> = new Set([
  'paren-number',
  'katakana',
  'paren-katakana',
  'circled',
  'hyphen-number',
]);

/** The marker of a heading, or of a list item that starts with one (`イ釧路が誇る…`). */
function itemMarker(block: Block | undefined): HeadingMarker | null {
  // A label may be an item whose enumerator is glued to a katakana word (`アコンパクトな…`).
  if (block?.type === 'heading' && block.marker.style === 'label') return gluedKatakanaMarker(block.text);
  if (block?.type === 'heading') return block.marker;
  if (block?.type === 'text' && block.kind === 'list') return matchMarker(block.text);
  return null;
}

/**
 * A heading next to an item of its own list (same style, consecutive numbers, nothing between)
 * is an item too: `1-1 …`, `1-2 …` in a diagram, `ア 「日本版ＤＭＯ」の推進` before `イ釧路が誇る…`.
 */
function demoteHeadingRuns(blocks: Block[]): Block[] {
  const sequence = (a: Block | undefined, b: Block | undefined) => {
    const ma = itemMarker(a);
    const mb = itemMarker(b);
    return (
      ma !== null &&
      mb !== null &&
      ma.style === mb.style &&
      LIST_ITEM_STYLES.has(ma.style) &&
      continues(ma.ordinal, mb.ordinal)
    );
  };
  return blocks.map((b, i) =>
    b.type === 'heading' && (sequence(b, blocks[i + 1]) || sequence(blocks[i - 1], b))
      ? { type: 'text', kind: 'list', text: b.text }
      : b,
  );
}
