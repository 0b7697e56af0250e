// Character-level cleanup of PDF/HTML text extractions, one physical line at a time.

/** Kanji, kana and the marks that live inside Japanese words. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々〆ヶ]/u;

const CJK_CLASS = String.raw`[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}々]`;
/**
 * A run of single CJK characters separated by single spaces, e.g. `長 期 滞 在`, bounded by
 * anything but letters and digits (`第1章 第２章` is two words, not a run).
 */
const SPACED_CJK_RUN = new RegExp(
  String.raw`(?<![\p{L}\p{N}ー])${CJK_CLASS}(?:[ \u3000]${CJK_CLASS})+(?![\p{L}\p{N}ー])`,
  'gu',
);

/** Three or more spaced capitals, e.g. `F A X`; two could be real initials. */
const SPACED_CAPITALS_RUN = /(?<![A-Za-z0-9])[A-Z](?: [A-Z]){2,}(?![A-Za-z0-9])/g;

/** Glossary marks of printed plans (`シビックプライド^{*}`, `チャットボット[※]`, `ワーク*の`). */
const FOOTNOTE_MARKS = /\^\{[*※]\}|\[※\]|(?<=[^\s*])\*(?!\*)/g;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK_CHAR.test(ch);
}

export function isHiragana(ch: string | undefined): boolean {
  return ch !== undefined && /\p{Script=Hiragana}/u.test(ch);
}

/** `鶴 間 秀 典` -> `鶴間秀典`; multi-character words (`つながる まち`) keep their spaces. */
export function joinSpacedCharacters(line: string): string {
  return line
    .replace(SPACED_CJK_RUN, (run) => run.replace(/[ \u3000]/g, ''))
    .replace(SPACED_CAPITALS_RUN, (run) => run.replace(/ /g, ''));
}

export function stripFootnoteMarks(line: string): string {
  return line.replace(FOOTNOTE_MARKS, '');
}

/** Full-width ASCII and ideographic space to half width, for pattern matching only. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Visible length: code points, not UTF-16 units. */
export function charLength(text: string): number {
  return [...text].length;
}

/** A line drawn across the page (──────, ━━━, ＝＝＝, -----): layout between sections, read as a blank line. */
const RULE_LINE = /^[─━═＝=\-－_＿~〜～]{3,}$/u;

/** A PDF page's number in its footer (- 1 -, －２－, — 3 —): layout, read as a blank line. */
const PAGE_NUMBER = /^[-－‐―−–—]\s*[0-9０-９]{1,3}\s*[-－‐―−–—]$/u;

/**
 * Splits a body into cleaned physical lines: unified newlines, no layout indentation
 * (tabs are kept: they separate table cells), no glossary marks, spaced-out words joined.
 */
export function cleanLines(body: string): string[] {
  return body
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((raw) => {
      const line = raw.replace(/\u00A0/g, ' ').replace(/^[ \u3000]+|[ \u3000]+$/g, '');
      if (line.replace(/[\t \u3000]/g, '') === '' || RULE_LINE.test(line) || PAGE_NUMBER.test(line))
        return '';
      return joinSpacedCharacters(stripFootnoteMarks(line));
    });
}

/** Lines sharing the most common width, needed to call that width the wrap width. */
const WRAP_WIDTH_MIN_LINES = 6;
/** Lines shorter than this are labels, not text hard-wrapped at a page width. */
const WRAP_WIDTH_MIN_CHARS = 18;

/**
 * The width at which a PDF extraction hard-wrapped its paragraphs, or null when lines are
 * logical (HTML-like). A line this long that does not end a sentence continues on the next.
 */
export function detectWrapWidth(lines: readonly string[]): number | null {
  const counts = new Map<number, number>();
  for (const line of lines) {
    if (line.includes('\t')) continue;
    const len = charLength(line);
    if (len < WRAP_WIDTH_MIN_CHARS || /[。．]$/.test(line)) continue;
    counts.set(len, (counts.get(len) ?? 0) + 1);
  }
  let best: number | null = null;
  let bestCount = 0;
  for (const len of counts.keys()) {
    const around = (counts.get(len - 1) ?? 0) + (counts.get(len) ?? 0) + (counts.get(len + 1) ?? 0);
    if (around > bestCount || (around === bestCount && best !== null && len > best)) {
      best = len;
      bestCount = around;
    }
  }
  return best !== null && bestCount >= WRAP_WIDTH_MIN_LINES ? best : null;
}
