// Marks terms inside a text: occurrences are found on the raw text, then every piece is escaped.
import { escapeHtml, SafeHtml } from './html.ts';

interface Range {
  start: number;
  end: number;
}

/** Non-overlapping ranges of the terms in `text`, longer terms winning. */
export function termRanges(text: string, terms: readonly string[]): Range[] {
  const unique = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const taken: Range[] = [];
  for (const term of unique) {
    let from = 0;
    for (;;) {
      const start = text.indexOf(term, from);
      if (start === -1) break;
      const end = start + term.length;
      if (!taken.some((r) => start < r.end && r.start < end)) taken.push({ start, end });
      from = start + 1;
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** `text` as HTML with each occurrence of a term in <mark>; the text itself is always escaped. */
export function highlight(text: string, terms: readonly string[]): SafeHtml {
  let out = '';
  let at = 0;
  for (const { start, end } of termRanges(text, terms)) {
    out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
    at = end;
  }
  return new SafeHtml(out + escapeHtml(text.slice(at)));
}
