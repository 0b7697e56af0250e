// Digit handling shared by the date modules: full-width folding and kanji numerals.

/** Folds full-width ASCII (Ａ-Ｚ, ０-９, （）…) and the ideographic space to half-width, one char for one char, so spans stay valid. */
export function foldWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

const KANJI_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Character class source matching one kanji numeral character (for building regexes). */
export const KANJI_NUMERAL_CHARS = '〇零一二三四五六七八九十百';

/**
 * Parses a small number written in ASCII digits or kanji (三十一, 二〇二五, 十二, 百).
 * Returns null for anything else; `元` is handled by callers because it only means 1 after an era.
 */
export function parseSmallNumber(raw: string): number | null {
  const text = foldWidth(raw).trim();
  if (/^[0-9]+$/.test(text)) return Number(text);
  if (!new RegExp(`^[${KANJI_NUMERAL_CHARS}]+$`).test(text)) return null;
  if (!/[十百]/.test(text)) {
    // Positional form such as 二〇二五.
    let value = 0;
    for (const ch of text) value = value * 10 + (KANJI_DIGITS[ch] ?? 0);
    return value;
  }
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else {
      digit = KANJI_DIGITS[ch] ?? 0;
    }
  }
  return total + digit;
}
