// Character-level normalization shared by documents and questions.

const KATAKANA_START = 0x30a1;
const KATAKANA_END = 0x30f6;
const HIRAGANA_START = 0x3041;
const HIRAGANA_END = 0x3096;
const KANA_OFFSET = KATAKANA_START - HIRAGANA_START;

/** NFKC (full-width digits and letters to ASCII, half-width kana to full-width), lower-case ASCII, unify dashes and tildes. */
export function normalizeText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[‐‑‒–—―−ｰ]/g, 'ー')
      // Between digits a long-vowel mark is a minus or range sign, not a vowel.
      .replace(/(\d)ー(\d)/g, '$1-$2')
      .replace(/[〜～]/g, '~')
      // Thousands separators split one figure into several tokens.
      .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
  );
}

/**
 * normalizeText for text read again and again: the units and labels of the passages every question reaches. Each
 * is normalized once, in a cache bounded for 100x corpora (cleared when full: a pure function, nothing goes stale).
 */
export function normalizedOnce(text: string): string {
  let n = normalizedTexts.get(text);
  if (n === undefined) {
    if (normalizedTexts.size >= NORMALIZED_TEXTS_KEPT) normalizedTexts.clear();
    n = normalizeText(text);
    normalizedTexts.set(text, n);
  }
  return n;
}

const normalizedTexts = new Map<string, string>();
const NORMALIZED_TEXTS_KEPT = 50_000;

/** Removes spaces between CJK characters (PDF extraction and typing habits), keeps spaces between Latin words. */
export function joinCjkSpaces(text: string): string {
  return text.replace(/([^\p{ASCII}])[ \u3000]+(?=[^\p{ASCII}])/gu, '$1');
}

export function hiraganaToKatakana(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= HIRAGANA_START && code <= HIRAGANA_END ? String.fromCodePoint(code + KANA_OFFSET) : ch;
  }
  return out;
}

export function katakanaToHiragana(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= KATAKANA_START && code <= KATAKANA_END ? String.fromCodePoint(code - KANA_OFFSET) : ch;
  }
  return out;
}

export const isHiragana = (text: string): boolean => /^[\u3041-\u309fー]+$/.test(text);
export const isKatakana = (text: string): boolean => /^[\u30a1-\u30faー・]+$/.test(text);

/** Folds a trailing long-vowel mark of katakana words (サーバー -> サーバ), as JIS Z 8301 spelling varies. */
export function foldLongVowel(term: string): string {
  return term.length >= 4 && isKatakana(term) ? term.replace(/ー$/, '') : term;
}

/** A run of kanji or katakana after a `・` that coordinates it with the word before (病児・病後児保育). */
const COORDINATED_RUN = /^[\p{Script=Han}\p{Script=Katakana}ー]+/u;

/**
 * Whether a normalized text holds a word, also where the text coordinates it with another that shares its head:
 * 病児保育 in 病児・病後児保育, 小学校 in 小・中学校, 不妊手術 in 不妊・去勢手術費 (the word's start before `・`, its
 * head inside the next run, after the other word's own start).
 */
export function holdsWord(text: string, word: string): boolean {
  if (text.includes(word)) return true;
  if (!text.includes('・')) return false;
  const chars = [...word];
  for (let cut = 1; cut < chars.length - 1; cut++) {
    const head = chars.slice(cut).join('');
    const start = `${chars.slice(0, cut).join('')}・`;
    for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + 1)) {
      const run = COORDINATED_RUN.exec(text.slice(at + start.length))?.[0] ?? '';
      if (run.indexOf(head) > 0) return true;
    }
  }
  return false;
}
