// An engine over a few passages of a test's own, with the real tokenizer and minimal dictionaries.
import { type Analyzer, createAnalyzer } from '../../src/qa/analyzer.ts';
import { parseDictionaries } from '../../src/qa/dictionaries.ts';
import { createEngine, type Engine } from '../../src/qa/engine.ts';
import { buildIndex, type PassageIndex } from '../../src/qa/index.ts';
import type { Passage } from '../../src/qa/types.ts';
import { yearTerms } from '../../src/qa/years.ts';
import { loadTokenizer } from '../../src/tokenizer.ts';

/** The "now" of every fixture engine: a Friday morning in Japan. */
export const FIXTURE_NOW = new Date('2026-11-20T10:00:00+09:00');

/** One section of a test's own page, as a passage: `heading` is the section's heading or its whole path. */
export function section(
  docId: string,
  title: string,
  ordinal: number,
  heading: string | readonly string[],
  text: string,
  municipality = '釧路市',
): Passage {
  const headingPath = typeof heading === 'string' ? (heading === '' ? [] : [heading]) : [...heading];
  return { id: `${docId}#${ordinal}`, docId, ordinal, title, municipality, headingPath, kind: 'text', text };
}

export async function fixtureEngine(
  passages: Passage[],
  /** synonyms.txt lines of the test's own. */
  synonyms = '',
): Promise<{ engine: Engine; analyzer: Analyzer; index: PassageIndex }> {
  const dictionaries = parseDictionaries({
    userTerms: '',
    synonyms,
    stopwords: 'いつ\n何\nある\nする\n今\n現在\n',
  });
  if (!dictionaries.success) throw new Error(dictionaries.errors.join('\n'));
  const analyzer = createAnalyzer({
    tokenizer: await loadTokenizer(),
    dictionaries: dictionaries.data,
    extraTerms: yearTerms,
  });
  const index = buildIndex(passages, analyzer);
  return { engine: createEngine({ analyzer, index, now: () => FIXTURE_NOW }), analyzer, index };
}
