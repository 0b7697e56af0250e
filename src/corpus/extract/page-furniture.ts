// Page numbers and running headers/footers of a PDF: repeated on every page, never part of the content.

/** A running line must repeat on at least this share of the pages (and on three pages at least). */
const RUNNING_LINE_SHARE = 0.6;
const RUNNING_LINE_MIN_PAGES = 3;
/** How many non-blank lines at each edge of a page can be headers or footers. */
const EDGE_LINES = 2;

const PAGE_NUMBER =
  /^(?:[-－–—‐(（[［]?\s*\d{1,4}\s*[-－–—‐)）\]］]?|\d{1,4}\s*\/\s*\d{1,4}|p\.?\s*\d{1,4}|\d{1,4}\s*ページ)$/i;

/** Removes page-number lines and running headers/footers from the edges of each page's text. */
export function dropPageFurniture(pages: string[]): string[] {
  if (pages.length < 2) return pages;
  const split = pages.map((p) => p.split('\n'));
  const edgeCounts = new Map<string, number>();
  for (const lines of split) {
    for (const key of new Set(edgeIndexes(lines).map((i) => furnitureKey(lines[i] ?? '')))) {
      edgeCounts.set(key, (edgeCounts.get(key) ?? 0) + 1);
    }
  }
  const minPages = Math.max(RUNNING_LINE_MIN_PAGES, Math.ceil(pages.length * RUNNING_LINE_SHARE));
  return split.map((lines) => {
    const drop = new Set(
      edgeIndexes(lines).filter((i) => {
        const line = (lines[i] ?? '').trim();
        return PAGE_NUMBER.test(line) || (edgeCounts.get(furnitureKey(line)) ?? 0) >= minPages;
      }),
    );
    return lines
      .filter((_, i) => !drop.has(i))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  });
}

function edgeIndexes(lines: string[]): number[] {
  const nonBlank = lines.flatMap((l, i) => (l.trim() === '' ? [] : [i]));
  return [...new Set([...nonBlank.slice(0, EDGE_LINES), ...nonBlank.slice(-EDGE_LINES)])];
}

// "釧路市事務概要 12" and "釧路市事務概要 13" are the same running line.
function furnitureKey(line: string): string {
  return line
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\d+|\d+$/g, '#');
}
