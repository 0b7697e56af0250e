// HTML -> the corpus's plain layout: main content only, headings on their own lines, tables as tab rows.
import { type HTMLElement, type Node, NodeType, parse } from 'node-html-parser';
import { HEADING_MAX_TITLE_CHARS } from '../headings.ts';

export interface HtmlText {
  text: string;
  /** True when no main-content element was found and the cleaned body was used. */
  usedWholeBody: boolean;
  title?: string;
}

/** Where a page's own content lives, best first; the last ids are common Japanese municipal CMS templates. */
const MAIN_SELECTORS = ['main', '[role=main]', 'article', '#main', '#content', '#contents', '#tmp_contents'];

/** Never content, wherever they appear. */
const ALWAYS_DROPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'aside',
  'form',
  'iframe',
  'svg',
  'button',
  'select',
  'textarea',
  'dialog',
  'head',
  'object',
  'canvas',
  'map',
]);

/** Site chrome when we fall back to the whole body; inside <main> they belong to the page. */
const CHROME_WHEN_WHOLE_BODY = new Set(['header', 'footer']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu']);
const CHROME_CLASS_OR_ID =
  /(^|[\s_-])(breadcrumbs?|pankuzu|topicpath|gnav|globalnav|sidebar|sidenav|skip|pagetop)([\s_-]|$)/i;

const BLOCKS = new Set([
  'address',
  'article',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'header',
  'hgroup',
  'html',
  'li',
  'main',
  'ol',
  'p',
  'section',
  'summary',
  'ul',
  'hr',
  'td',
  'th',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

const CJK = '\\u3000-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';
const CJK_LINE_BREAK = new RegExp(`([${CJK}])[ \\t\\r\\f]*\\n\\s*(?=[${CJK}])`, 'g');

export function htmlToText(html: string, options: { wholeDocument?: boolean } = {}): HtmlText {
  const root = parse(html, {
    comment: false,
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
  const title = pageTitle(root);
  const main = options.wholeDocument ? undefined : findMain(root);
  const writer = new LineWriter();
  const start = main ?? root.querySelector('body') ?? root;
  const h1s = start.querySelectorAll('h1');
  render(start, writer, {
    wholeBody: !main && !options.wholeDocument,
    layoutTables: !options.wholeDocument,
    titleHeading: h1s.length === 1 ? h1s[0] : undefined,
  });
  const result: HtmlText = { text: writer.finish(), usedWholeBody: !main && !options.wholeDocument };
  if (title) result.title = title.replace(/\s+/g, ' ');
  return result;
}

// "ページ名 | 釜石市" -> "ページ名": the site name after the separator is the same on every page.
function pageTitle(root: HTMLElement): string | undefined {
  const fromTitle = root
    .querySelector('title')
    ?.text.split(/\s[|｜\-–—]\s|｜/)[0]
    ?.trim();
  return fromTitle || root.querySelector('h1')?.text.trim() || undefined;
}

function findMain(root: HTMLElement): HTMLElement | undefined {
  for (const selector of MAIN_SELECTORS) {
    const found = root.querySelector(selector);
    if (found && found.text.trim() !== '') return found;
  }
  return undefined;
}

interface RenderContext {
  wholeBody: boolean;
  /** The page's one h1, its title: a plain line, so its sections are not all nested under it. */
  titleHeading?: HTMLElement | undefined;
  /** Word documents (through mammoth) use tables for data only. */
  layoutTables: boolean;
}

function isDropped(el: HTMLElement, ctx: RenderContext): boolean {
  const tag = el.rawTagName?.toLowerCase() ?? '';
  if (ALWAYS_DROPPED.has(tag)) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  if (CHROME_ROLES.has(el.getAttribute('role') ?? '')) return true;
  if (ctx.wholeBody) {
    if (CHROME_WHEN_WHOLE_BODY.has(tag)) return true;
    if (CHROME_CLASS_OR_ID.test(`${el.getAttribute('class') ?? ''} ${el.id}`)) return true;
  }
  return false;
}

function render(node: Node, out: LineWriter, ctx: RenderContext): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    out.inline(node.text);
    return;
  }
  if (node.nodeType !== NodeType.ELEMENT_NODE) return;
  const el = node as HTMLElement;
  if (isDropped(el, ctx)) return;
  const tag = el.rawTagName?.toLowerCase() ?? '';
  if (HEADINGS.has(tag)) {
    out.blankLine();
    out.line(headingLine(el, tag, ctx));
    out.blankLine();
  } else if (tag === 'table' && ctx.layoutTables && isLayoutTable(el)) {
    for (const cell of ownRows(el).flatMap(ownCells)) render(cell, out, ctx);
  } else if (tag === 'table') {
    renderTable(el, out, ctx);
  } else if (tag === 'li') {
    out.endLine();
    out.inline('- ');
    renderChildren(el, out, ctx);
    out.endLine();
  } else if (tag === 'br') {
    out.endLine();
  } else if (tag === 'pre') {
    out.endLine();
    for (const line of el.text.split('\n')) out.line(line.trimEnd());
  } else if (BLOCKS.has(tag)) {
    out.endLine();
    renderChildren(el, out, ctx);
    out.endLine();
    if (tag === 'p' || tag === 'ul' || tag === 'ol' || tag === 'dl' || tag === 'section') out.blankLine();
  } else {
    renderChildren(el, out, ctx);
  }
}

function renderChildren(el: HTMLElement, out: LineWriter, ctx: RenderContext): void {
  for (const child of el.childNodes) render(child, out, ctx);
}

// Old sites lay pages out with tables; a cell holding a heading, a block or a table is a region, not data.
function isLayoutTable(table: HTMLElement): boolean {
  return ownRows(table)
    .flatMap(ownCells)
    .some((cell) => cell.querySelector('table, div, h1, h2, h3, h4, h5, h6') !== null);
}

function ownCells(row: HTMLElement): HTMLElement[] {
  return row.childNodes.filter(
    (c): c is HTMLElement =>
      c.nodeType === NodeType.ELEMENT_NODE &&
      ['td', 'th'].includes((c as HTMLElement).rawTagName.toLowerCase()),
  );
}

/** Spans larger than this are markup errors (rowspan="999"), not a layout to lay out. */
const MAX_SPAN = 50;

function span(cell: HTMLElement, attribute: 'rowspan' | 'colspan'): number {
  const n = Number.parseInt(cell.getAttribute(attribute) ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, MAX_SPAN) : 1;
}

/**
 * The table as a grid: a cell spanning rows (墓地名 大平墓園 over its A and B区画) or columns (a header over two)
 * stands in every row and column it covers, so each row reads whole, as the page shows it.
 */
function tableGrid(table: HTMLElement, ctx: RenderContext): string[][] {
  const grid: string[][] = [];
  // Cells still spanning down: column -> text and rows left.
  const pending = new Map<number, { text: string; rows: number }>();
  for (const row of ownRows(table)) {
    const line: string[] = [];
    const carry = () => {
      for (let above = pending.get(line.length); above; above = pending.get(line.length)) {
        line.push(above.text);
        if (--above.rows === 0) pending.delete(line.length - 1);
      }
    };
    for (const cell of ownCells(row)) {
      carry();
      const text = inlineText(cell, ctx);
      const rows = span(cell, 'rowspan');
      for (let i = 0; i < span(cell, 'colspan'); i++) {
        if (rows > 1) pending.set(line.length, { text, rows: rows - 1 });
        line.push(text);
      }
    }
    carry();
    grid.push(line);
  }
  return grid;
}

function renderTable(table: HTMLElement, out: LineWriter, ctx: RenderContext): void {
  out.blankLine();
  const caption = table.querySelector('caption');
  if (caption) out.line(inlineText(caption, ctx));
  for (const texts of tableGrid(table, ctx)) {
    if (texts.some((t) => t !== '')) out.line(texts.join('\t'));
  }
  out.blankLine();
}

// Rows of this table only, not of tables nested in its cells.
function ownRows(table: HTMLElement): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const visit = (el: HTMLElement): void => {
    for (const child of el.childNodes) {
      if (child.nodeType !== NodeType.ELEMENT_NODE) continue;
      const c = child as HTMLElement;
      const tag = c.rawTagName.toLowerCase();
      if (tag === 'tr') rows.push(c);
      else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') visit(c);
    }
  };
  visit(table);
  return rows;
}

/**
 * A heading as Markdown writes it (`## 自己負担額`): the page's writer marked it, so the cutter takes it as a
 * heading of that level instead of guessing from its length. A heading tag around a paragraph is a paragraph.
 */
function headingLine(el: HTMLElement, tag: string, ctx: RenderContext): string {
  const text = inlineText(el, ctx);
  if (el === ctx.titleHeading || text.length > HEADING_MAX_TITLE_CHARS || text === '') return text;
  return `${'#'.repeat(Number(tag.slice(1)))} ${text}`;
}

/** The text of an element on one line, for headings and table cells. */
function inlineText(el: HTMLElement, ctx: RenderContext): string {
  const inner = new LineWriter();
  renderChildren(el, inner, ctx);
  return inner
    .finish()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ');
}

class LineWriter {
  private readonly lines: string[] = [];
  private current = '';

  inline(raw: string): void {
    const text = raw.replace(CJK_LINE_BREAK, '$1').replace(/[ \t\n\r\f]+/g, ' ');
    if (this.current === '' || this.current.endsWith(' ')) this.current += text.replace(/^ /, '');
    else this.current += text;
  }

  line(text: string): void {
    this.endLine();
    this.lines.push(text);
  }

  endLine(): void {
    const text = this.current.trim();
    if (text !== '') this.lines.push(text);
    this.current = '';
  }

  blankLine(): void {
    this.endLine();
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  finish(): string {
    this.endLine();
    return this.lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}
