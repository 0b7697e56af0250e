// The baseline the engine is measured against: MiniSearch over character bigrams, no analyzer.
import MiniSearch from 'minisearch';
import type { EngineResult } from '../src/eval/score.ts';
import { MAX_ANSWER_CHARS } from '../src/qa/answer.ts';
import type { Passage } from '../src/qa/types.ts';

/** Everything that is not a letter or a digit separates bigrams. */
const SEPARATOR = /[^\p{L}\p{N}]+/u;
const SOURCES_RETURNED = 3;

export function characterBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of text.normalize('NFKC').toLowerCase().split(SEPARATOR)) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(run);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

export interface BigramBaseline {
  /** Top passage cut to the engine's answer length, or a decline when nothing matches. */
  ask(question: string): EngineResult;
}

export function buildBigramBaseline(passages: readonly Passage[]): BigramBaseline {
  const mini = new MiniSearch<Passage>({
    fields: ['title', 'heading', 'text'],
    tokenize: characterBigrams,
    processTerm: (term) => term,
    extractField: (doc, field) =>
      field === 'heading' ? doc.headingPath.join(' ') : String(doc[field as keyof Passage]),
    searchOptions: { combineWith: 'OR', fuzzy: false, prefix: false },
  });
  mini.addAll(passages);
  const byId = new Map(passages.map((p) => [p.id, p]));
  return {
    ask(question) {
      const hits = mini.search(question).slice(0, SOURCES_RETURNED);
      const best = hits[0] ? byId.get(hits[0].id) : undefined;
      const sources = hits.flatMap((h) => {
        const p = byId.get(h.id);
        return p ? [{ docId: p.docId }] : [];
      });
      return best
        ? {
            question,
            answered: true,
            answer: best.text.slice(0, MAX_ANSWER_CHARS),
            confidence: 1,
            municipality: best.municipality,
            sources,
          }
        : { question, answered: false, answer: '', confidence: 0, municipality: null, sources: [] };
    },
  };
}
