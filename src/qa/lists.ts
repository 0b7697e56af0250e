// Answers that list: records of one section (sister cities) or the subsections of one (委託統計調査).

import { cut, sectionOf } from './answer.ts';
import { units } from './facts.ts';
import { faqQuestionOf } from './faq-match.ts';
import type { Hit } from './index.ts';

interface Listed extends Hit {
  coverage: { score: number };
}

/** Records scoring within this share of the best are equally what the question asks for: list them all. */
const LIST_SCORE_SHARE = 0.8;
const MIN_LIST_ITEMS = 2;

function peersOf<C extends Listed>(top: C, candidates: C[], minCoverage: number): C[] {
  return candidates
    .filter(
      (c) =>
        c.passage.docId === top.passage.docId &&
        c.coverage.score >= minCoverage &&
        c.score >= top.score * LIST_SCORE_SHARE,
    )
    .sort((a, b) => a.passage.ordinal - b.passage.ordinal);
}

function commonPrefixLength(paths: string[][]): number {
  const [first = []] = paths;
  let n = 0;
  while (n < first.length && paths.every((p) => p[n] === first[n])) n++;
  return n;
}

/**
 * A list answer when the question cannot tell the top passage from its peers, or null.
 * `aboutSection` says whether a section's headings carry the question's words (a list must be asked for).
 */
export function listAnswer<C extends Listed>(
  top: C,
  candidates: C[],
  minCoverage: number,
  aboutSection: (headings: string[]) => boolean,
  budget: number,
): string | null {
  const peers = peersOf(top, candidates, minCoverage);
  const section = sectionOf(top.passage);
  // A Q&A page's entries are no list: each answers its own question, one of which the resident asked.
  const records = peers.filter((c) => sectionOf(c.passage) === section && faqQuestionOf(c.passage) === null);
  // Passages of a page without headings are its paragraphs cut to size, not records of one section.
  if (
    section !== '' &&
    records.length >= MIN_LIST_ITEMS &&
    aboutSection([top.passage.title, ...top.passage.headingPath])
  ) {
    // The first line of each record is its name or title.
    const share = Math.floor(budget / records.length);
    return records.map((c) => cut(units(c.passage)[0] ?? c.passage.text, share)).join('\n');
  }
  // A question its own section already answers ((1) 長期滞在) is not asking for the list of sections.
  if (aboutSection([top.passage.headingPath.at(-1) ?? ''])) return null;
  const depth = commonPrefixLength(peers.map((c) => c.passage.headingPath));
  if (depth === 0 || peers.some((c) => c.passage.headingPath.length <= depth)) return null;
  const subsections = [...new Set(peers.map((c) => c.passage.headingPath[depth] ?? ''))];
  const parent = top.passage.headingPath.slice(0, depth);
  return subsections.length >= MIN_LIST_ITEMS && aboutSection([top.passage.title, ...parent])
    ? subsections.join('\n')
    : null;
}
