// Columns a printed page lays out with spaces, as a PDF text extraction gives them. Two columns side by side
// come out interleaved, line by line (■ 元気はつらつ体操教室      ■ 男の料理教室): such a block is read as its
// left column, then its right one. A table aligned with spaces (区分   メス   オス) gets tabs between its cells,
// as the table reader expects, and so does a table typed with pipes (| 番号 | 施設名 |).

/** A gap of this many spaces inside a line separates two columns, not two words. */
const MIN_GAP_SPACES = 3;
/** A block of fewer lines is not read as columns (a page header with the date on the right). */
const MIN_BLOCK_LINES = 3;
/** Share of a block's lines that must break at the same column. */
const MIN_SPLIT_SHARE = 0.6;
/** Columns are this many display cells apart at least on each side: a right-aligned number is no column. */
const MIN_COLUMN_CELLS = 12;
/** A run of spaces between two columns' text (full-width spaces after it indent the right column's line). */
const COLUMN_GAP = new RegExp(` {${MIN_GAP_SPACES},}(?=[^ ])`, 'g');
/** Display cells a line's break may stray from the block's column (marks of ambiguous width, uneven extraction). */
const SPLIT_TOLERANCE = 4;

/** Full-width characters, and the marks Japanese pages print full width (■, ※, ①). */
const WIDE =
  /[\u1100-\u115f\u203b\u2460-\u24ff\u25a0-\u27bf\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Display width: a full-width character takes two cells, as the page laid it out. */
function cells(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) || ch === '\u3000' ? 2 : 1;
  return n;
}

interface Split {
  /** Display cell where the right column's text begins. */
  at: number;
  left: string;
  right: string;
}

/** Where a line breaks into two columns: after its one wide gap, or after indentation that skips the left one. */
function splitOf(line: string): { split: Split | null; gaps: number } {
  const gaps = [...line.matchAll(COLUMN_GAP)];
  const inner = gaps.filter((g) => (g.index ?? 0) > 0 && line.slice(0, g.index).trim() !== '');
  const leading = gaps.find((g) => g.index === 0);
  const gap = inner.length === 1 ? inner[0] : inner.length === 0 ? leading : undefined;
  if (!gap) return { split: null, gaps: inner.length };
  const end = (gap.index ?? 0) + gap[0].length;
  return {
    split: {
      at: cells(line.slice(0, end)),
      left: line.slice(0, gap.index).trimEnd(),
      right: line.slice(end),
    },
    gaps: inner.length,
  };
}

/** A block of lines read as two columns, or null when it is one column (or a table of many). */
function unweave(block: readonly string[]): string[] | null {
  if (block.length < MIN_BLOCK_LINES) return null;
  const read = block.map(splitOf);
  // A table has several gaps in a line; two columns of text have one.
  if (read.filter((r) => r.gaps > 1).length * 5 > block.length) return null;
  const votes = new Map<number, number>();
  for (const { split } of read) if (split) votes.set(split.at, (votes.get(split.at) ?? 0) + 1);
  let column = -1;
  let best = 0;
  for (const at of votes.keys()) {
    let near = 0;
    for (const [other, n] of votes) if (Math.abs(other - at) <= SPLIT_TOLERANCE) near += n;
    if (near > best) [column, best] = [at, near];
  }
  if (column < MIN_COLUMN_CELLS || best < Math.max(MIN_BLOCK_LINES, MIN_SPLIT_SHARE * block.length))
    return null;
  const left: string[] = [];
  const right: string[] = [];
  for (const [i, line] of block.entries()) {
    const split = read[i]?.split;
    if (split && Math.abs(split.at - column) <= SPLIT_TOLERANCE) {
      if (split.left.trim() !== '') left.push(split.left);
      if (split.right.trim() !== '') right.push(split.right);
    } else if (cells(line.trimEnd()) <= column) {
      left.push(line);
    } else {
      // A line across both columns: this block is not two columns side by side.
      return null;
    }
  }
  if (right.length < MIN_BLOCK_LINES - 1 || left.every((l) => cells(l.trim()) < MIN_COLUMN_CELLS))
    return null;
  return [...left, ...right];
}

/** A table's cells are at least this many: two cells side by side may be a label and its value. */
const MIN_TABLE_CELLS = 3;
const CELL_GAP = new RegExp(` {${MIN_GAP_SPACES},}|\u3000{2,}`);

/** The cells of a line laid out with wide gaps (区分   メス（不妊手術）   オス（去勢手術）). */
function cellsOf(line: string): string[] {
  return line.trim().split(CELL_GAP);
}

/**
 * Runs of two lines or more with the same number of space-aligned cells (three or more), written with tabs
 * between the cells: a table the PDF laid out with spaces.
 */
function tabulate(block: readonly string[]): string[] | null {
  const widths = block.map((line) => cellsOf(line).length);
  let changed = false;
  const out = block.map((line, i) => {
    const n = widths[i] ?? 0;
    const inRun = n >= MIN_TABLE_CELLS && (widths[i - 1] === n || widths[i + 1] === n);
    if (!inRun) return line;
    changed = true;
    return cellsOf(line).join('\t');
  });
  return changed ? out : null;
}

/** A row of a table typed with pipes (| 番号 | 施設名 |), or its rule (|------|-----|). */
const PIPE_ROW = /^\s*\|.*\|\s*$/;
const PIPE_RULE = /^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/;

/** Lines of a pipe table written with tabs between their cells, its rule dropped; other lines unchanged. */
function untypePipes(block: readonly string[]): string[] | null {
  if (block.filter((line) => PIPE_ROW.test(line)).length < 2) return null;
  return block.flatMap((line) => {
    if (PIPE_RULE.test(line)) return [];
    if (!PIPE_ROW.test(line)) return [line];
    const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|');
    return [cells.map((c) => c.trim()).join('\t')];
  });
}

/**
 * A document body with each block of two side-by-side columns read column by column and each table laid out
 * with spaces or typed with pipes written with tabs; other lines unchanged.
 */
export function unweaveColumns(body: string): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let block: string[] = [];
  const flush = () => {
    out.push(...(untypePipes(block) ?? unweave(block) ?? tabulate(block) ?? block));
    block = [];
  };
  for (const line of lines) {
    if (line.trim() === '') {
      flush();
      out.push(line);
    } else {
      block.push(line);
    }
  }
  flush();
  return out.join('\n');
}
