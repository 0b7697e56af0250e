// How closely a resident's question restates a Q&A page's own question: each entry answers the question it asks.

import { isFaqQuestion } from './facts.ts';
import { katakanaToHiragana, normalizeText } from './normalize.ts';
import type { Passage } from './types.ts';

/** A Q&A entry's own question (Ｑ４ 申請は窓口に…ですか。), from its heading or its first line, or null. */
export function faqQuestionOf(passage: Passage): string | null {
  const heading = passage.headingPath.at(-1) ?? '';
  if (isFaqQuestion(heading)) return heading;
  const [firstLine = ''] = passage.text.split('\n', 1);
  return isFaqQuestion(firstLine) ? firstLine : null;
}

/** The entry's marker (Ｑ４, 問3, 質問) says nothing of what is asked. */
const QUESTION_MARKER = /^\s*(?:問|q|質問)\s*\d*[.:、]?/u;

/** Character pairs of a question, kana script, punctuation and spaces aside: 付けてない and 付けていない share most. */
export function questionBigrams(text: string): Set<string> {
  const bare = katakanaToHiragana(normalizeText(text))
    .replace(QUESTION_MARKER, '')
    .replace(/[\s\p{P}\p{S}]/gu, '');
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < bare.length; i++) pairs.add(bare.slice(i, i + 2));
  return pairs;
}

/**
 * The Dice share of character pairs two questions have in common (0..1). Pairs, not words: a resident writes the
 * entry's question in their own conjugations and kana (いくらぐらいでかえる？ for 値段はいくらくらいですか。).
 */
export function questionSimilarity(asked: ReadonlySet<string>, entry: ReadonlySet<string>): number {
  if (asked.size === 0 || entry.size === 0) return 0;
  let shared = 0;
  for (const pair of asked) if (entry.has(pair)) shared += 1;
  return (2 * shared) / (asked.size + entry.size);
}
