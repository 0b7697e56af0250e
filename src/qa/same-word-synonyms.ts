// Everyday spellings of the corpus's words, from a synonym dictionary in Sudachi's shape (used by scripts/build-synonyms.ts).

import { normalizeText } from './normalize.ts';

export interface SynonymItem {
  taigenYogen: string;
  /** 2: never expand from this word (Sudachi's own flag). */
  expandControl: number;
  /** Items sharing it are one word written otherwise; null belongs to none. */
  vocabularyNumber: number | null;
  midashi: string;
}

/**
 * Word the corpus lacks -> the corpus words that are the same word. A Sudachi group holds near-synonyms (天気, 天候,
 * 気候); only items sharing a vocabulary number are one word written otherwise (ウエザー, ウェザー, weather). Another
 * spelling of the same thing may find a passage; a neighbouring meaning (天気 → 気候) changes the topic and answers a
 * question nobody asked.
 */
export function sameWordSynonyms(
  groups: ReadonlyArray<{ items: readonly SynonymItem[] }>,
  inCorpus: (word: string) => boolean,
  stopwords: ReadonlySet<string>,
  minLength: number,
): Map<string, Set<string>> {
  const targets = new Map<string, Set<string>>();
  for (const group of groups) {
    const lexemes = new Map<number, string[]>();
    for (const item of group.items) {
      if (item.taigenYogen !== '体言' || item.expandControl === 2 || item.vocabularyNumber === null) continue;
      const word = normalizeText(item.midashi);
      if (word.length < minLength || stopwords.has(word)) continue;
      lexemes.set(item.vocabularyNumber, [...(lexemes.get(item.vocabularyNumber) ?? []), word]);
    }
    for (const words of lexemes.values()) {
      const known = words.filter(inCorpus);
      if (known.length === 0) continue;
      for (const word of words) {
        if (inCorpus(word)) continue;
        const set = targets.get(word) ?? new Set<string>();
        for (const target of known) set.add(target);
        targets.set(word, set);
      }
    }
  }
  return targets;
}
