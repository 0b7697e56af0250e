// Ranked passages -> a short extractive answer with its citation, or a decline.

import type { Hit, PassageIndex } from './index.ts';
import { normalizeText } from './normalize.ts';
import type { QueryAnalysis, Vocabulary } from './query.ts';
import type { Passage, Source } from './types.ts';

/** A phone screen: about 300 characters before the citation. */
export const MAX_ANSWER_CHARS = 300;
/** A passage shorter than this is usually a heading whose content follows in the next passages. */
const SHORT_PASSAGE_CHARS = 80;
const EXCERPT_CHARS = 120;

export interface Coverage {
  /** IDF-weighted share of the question's key terms found in the passage (0..1). */
  score: number;
  matched: string[];
  missing: string[];
}

export function idf(term: string, vocabulary: Vocabulary): number {
  const df = vocabulary.df.get(term) ?? 0;
  // An unseen term weighs as much as the rarest one: the question is about something the corpus lacks.
  return Math.log(1 + vocabulary.documentCount / Math.max(df, 0.5));
}

/** The terms that decide whether a passage answers: the resident's own words, not compounds or guesses. */
export function keyTerms(query: QueryAnalysis): Array<{ term: string; alternatives: string[] }> {
  return query.terms
    .filter((t) => t.origin !== 'synonym' && t.origin !== 'reading' && !query.compounds.has(t.term))
    .map((t) => ({
      term: t.term,
      alternatives: [
        ...query.synonymsApplied.filter((s) => s.from.includes(t.term)).flatMap((s) => s.to),
        ...query.corrections.filter((c) => c.from.includes(t.term)).map((c) => c.to),
      ],
    }));
}

export function coverage(query: QueryAnalysis, passageTerms: Set<string>, vocabulary: Vocabulary): Coverage {
  let total = 0;
  let found = 0;
  const matched: string[] = [];
  const missing: string[] = [];
  for (const key of keyTerms(query)) {
    const weight = idf(key.term, vocabulary);
    total += weight;
    if (passageTerms.has(key.term) || key.alternatives.some((alt) => passageTerms.has(alt))) {
      found += weight;
      matched.push(key.term);
    } else {
      missing.push(key.term);
    }
  }
  return { score: total === 0 ? 0 : found / total, matched, missing };
}

function units(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.match(/[^。]+。?/g) ?? [])
    .map((u) => u.trim())
    .filter((u) => u !== '');
}

/** A unit scoring at least this share of the best one is also relevant (a table row beside the matched one). */
const RELEVANT_UNIT_SHARE = 0.5;
/** A matched line this short without a full stop is a label: its value is on the next line. */
const LABEL_LINE_CHARS = 40;

/** The passage's sentences or rows that carry the question's terms, in document order, within the length budget. */
export function extract(
  passage: Passage,
  query: QueryAnalysis,
  vocabulary: Vocabulary,
  budget: number,
): string {
  const all = units(passage.text);
  const scored = all.map((unit) => {
    const n = normalizeText(unit);
    return query.terms.reduce((s, t) => (n.includes(t.term) ? s + idf(t.term, vocabulary) * t.weight : s), 0);
  });
  const best = Math.max(0, ...scored);
  if (best === 0) return cut(passage.text.trim(), budget);
  const chosen = new Set<number>();
  scored.forEach((score, i) => {
    if (score < best * RELEVANT_UNIT_SHARE) return;
    chosen.add(i);
    const unit = all[i] ?? '';
    if (unit.length < LABEL_LINE_CHARS && !unit.endsWith('。') && i + 1 < all.length) chosen.add(i + 1);
  });
  const order = [...chosen].sort((a, b) => (scored[b] ?? 0) - (scored[a] ?? 0) || a - b);
  const kept = new Set<number>();
  let used = 0;
  for (const i of order) {
    const length = (all[i] ?? '').length + 1;
    if (kept.size > 0 && used + length > budget) continue;
    kept.add(i);
    used += length;
  }
  const text = all.filter((_, i) => kept.has(i)).join('\n');
  return cut(text, budget);
}

function cut(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const slice = Array.from(text)
    .slice(0, budget - 1)
    .join('');
  return `${slice}…`;
}

export function sectionOf(passage: Passage): string {
  return passage.headingPath.join(' > ');
}

/** Children of a short heading passage that follow it in the document. */
export function followers(top: Passage, index: PassageIndex, budget: number): Passage[] {
  if (top.text.length >= SHORT_PASSAGE_CHARS) return [];
  const out: Passage[] = [];
  let used = top.text.length;
  for (let ordinal = top.ordinal + 1; ; ordinal++) {
    const next = index.passages.get(`${top.docId}#${ordinal}`);
    if (!next) break;
    const isChild = top.headingPath.every((h, i) => next.headingPath[i] === h);
    if (!isChild || used + next.text.length > budget) break;
    out.push(next);
    used += next.text.length;
  }
  return out;
}

export function toSource(hit: Hit): Source {
  const { passage } = hit;
  return {
    docId: passage.docId,
    title: passage.title,
    municipality: passage.municipality,
    section: sectionOf(passage),
    excerpt: cut(passage.text.replace(/\s+/g, ' '), EXCERPT_CHARS),
    score: Math.round(hit.score * 1000) / 1000,
    passageId: passage.id,
  };
}

export function citation(passage: Passage): string {
  const section = passage.headingPath.at(-1);
  return `（出典：${passage.title}${section ? `「${section}」` : ''}／${passage.municipality}）`;
}
