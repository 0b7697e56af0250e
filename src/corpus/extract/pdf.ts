// PDF -> text with pdf.js (through unpdf): lines rebuilt from positioned text items, pages joined by blank lines.
import { extractTextItems, getDocumentProxy, getMeta, type StructuredTextItem } from 'unpdf';
import { extractMessages } from './messages.ts';
import { dropPageFurniture } from './page-furniture.ts';
import { type ExtractResult, refuse } from './types.ts';

/** A horizontal gap wider than this many font sizes separates table cells: written as a tab. */
const CELL_GAP_EM = 0.9;
/** A line this much larger than the body text is a heading: set apart by blank lines. */
const HEADING_SIZE_RATIO = 1.15;
/** Headings are short; a long line in a large font is body text. */
const HEADING_MAX_CHARS = 60;
/** A space item narrower than this many font sizes is layout spacing, not a typed space. */
const NARROW_SPACE_EM = 0.25;
/** Vertical distance between lines, in body font sizes, above which a new paragraph starts. */
const PARAGRAPH_GAP_EM = 1.9;
/** A page with fewer visible characters than this has no usable text layer. */
const MIN_PAGE_CHARS = 5;

const CJK = '\\u3000-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
// Inside one text run, pdf.js turns the writer's CJK/Latin spacing into spaces; the seeds have them joined.
const SPACE_BEFORE_LATIN = new RegExp(`([${CJK}]) (?=[0-9A-Za-z])`, 'g');
// A leading section number ("13 長期滞在") keeps its space: the cleanup reads it as a heading.
const SPACE_AFTER_LATIN = new RegExp(`(?<!^[0-9A-Za-z.()-]*)([0-9A-Za-z%]) (?=[${CJK}])`, 'g');
// Between text items the same spacing arrives as a narrow space item, marked while the line is built.
const NARROW_SPACE = '\u200b';
const NARROW_BEFORE_LATIN = new RegExp(`([${CJK}])${NARROW_SPACE}(?=[0-9A-Za-z])`, 'g');
const NARROW_AFTER_LATIN = new RegExp(`([0-9A-Za-z%])${NARROW_SPACE}(?=[${CJK}])`, 'g');

interface Line {
  text: string;
  y: number;
  fontSize: number;
}

export async function extractPdf(bytes: Uint8Array, fileName: string): Promise<ExtractResult> {
  let pages: StructuredTextItem[][];
  let title: string | undefined;
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | undefined;
  try {
    // pdf.js takes ownership of the buffer it is given, so hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes));
    pages = (await extractTextItems(pdf)).items;
    const info = (await getMeta(pdf)).info as Record<string, unknown>;
    title = typeof info.Title === 'string' && info.Title.trim() !== '' ? info.Title.trim() : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      return refuse(extractMessages.pdfEncrypted(fileName));
    }
    return refuse(
      extractMessages.pdfUnreadable(fileName, error instanceof Error ? error.message : String(error)),
    );
  } finally {
    await pdf?.destroy();
  }
  const pageTexts = dropPageFurniture(pages.map(pageText));
  const empty = pageTexts.flatMap((t, i) => (visibleChars(t) < MIN_PAGE_CHARS ? [i + 1] : []));
  if (empty.length === pageTexts.length) return refuse(extractMessages.pdfNoText(fileName));
  const warnings = empty.length > 0 ? [extractMessages.pdfPagesWithoutText(empty)] : [];
  const text = pageTexts.filter((t) => visibleChars(t) >= MIN_PAGE_CHARS).join('\n\n');
  return title ? { success: true, text, warnings, titleHint: title } : { success: true, text, warnings };
}

function visibleChars(text: string): number {
  return text.replace(/\s/g, '').length;
}

export function pageText(items: StructuredTextItem[]): string {
  const lines = toLines(items);
  if (lines.length === 0) return '';
  const body = bodyFontSize(lines);
  const out: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const heading = line.fontSize >= body * HEADING_SIZE_RATIO && line.text.length <= HEADING_MAX_CHARS;
    const gap = previous ? previous.y - line.y : 0;
    if (previous && (heading || gap > body * PARAGRAPH_GAP_EM || gap < 0)) out.push('');
    out.push(line.text);
    if (heading) out.push('');
    previous = line;
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function toLines(items: StructuredTextItem[]): Line[] {
  const lines: Line[] = [];
  let text = '';
  let y = 0;
  let fontSize = 0;
  let lineEnd = Number.NEGATIVE_INFINITY;
  const flush = (): void => {
    const cleaned = joinScriptRuns(text)
      .replaceAll(NARROW_SPACE, ' ')
      .replace(/[ \u00a0]*\t[\t \u00a0]*/g, '\t')
      .trim();
    if (cleaned !== '') lines.push({ text: cleaned, y, fontSize });
    text = '';
    fontSize = 0;
    lineEnd = Number.NEGATIVE_INFINITY;
  };
  for (const item of items) {
    const blank = item.str.trim() === '';
    if (text !== '' && item.x < lineEnd - item.fontSize && Math.abs(item.y - y) > item.fontSize * 0.5)
      flush();
    if (blank) {
      if (text !== '') text += spaceFor(item);
    } else {
      if (text === '') y = item.y;
      else if (item.x - lineEnd > item.fontSize * CELL_GAP_EM) text += '\t';
      text += item.str.replace(SPACE_BEFORE_LATIN, '$1').replace(SPACE_AFTER_LATIN, '$1');
      fontSize = Math.max(fontSize, item.fontSize);
    }
    if (!blank || text !== '') lineEnd = Math.max(lineEnd, item.x + item.width);
    if (item.hasEOL) flush();
  }
  flush();
  return lines;
}

function spaceFor(item: StructuredTextItem): string {
  if (item.width > item.fontSize * CELL_GAP_EM) return '\t';
  return item.width < item.fontSize * NARROW_SPACE_EM ? NARROW_SPACE : ' ';
}

function joinScriptRuns(line: string): string {
  return line.replace(NARROW_BEFORE_LATIN, '$1').replace(NARROW_AFTER_LATIN, '$1');
}

/** The font size that carries the most characters. */
function bodyFontSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const line of lines) weight.set(line.fontSize, (weight.get(line.fontSize) ?? 0) + line.text.length);
  let best = lines[0]?.fontSize ?? 0;
  for (const [size, chars] of weight) if (chars > (weight.get(best) ?? 0)) best = size;
  return best;
}
