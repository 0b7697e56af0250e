// Scores engine results against evaluation questions: per question, then aggregated. Pure.
import type { Question } from './questions.ts';

/** The public result contract (one JSONL line of the outside evaluation); `Answer` satisfies it. */
export interface EngineResult {
  question: string;
  answered: boolean;
  answer: string;
  confidence: number;
  municipality: string | null;
  sources: readonly { docId: string }[];
}

/** Retrieval counts as a hit when an expected document is among this many first sources. */
export const RECALL_AT = 3;

/** An out-of-scope question answered at or above this confidence is a confident wrong answer. */
export const HIGH_CONFIDENCE = 0.8;

/** NFKC, lower case, no whitespace, one tilde, no thousands separators: `１５１，３２６` matches `151326`. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[〜～]/g, '~')
    .replace(/(\d),(?=\d)/g, '$1');
}

export function missingFacts(answer: string, facts: readonly string[]): string[] {
  const haystack = normalizeForMatch(answer);
  return facts.filter((fact) => !haystack.includes(normalizeForMatch(fact)));
}

/** 1-based position of the first source from an expected document, or null. */
export function firstRelevantRank(
  sources: readonly { docId: string }[],
  expectedDocs: readonly string[],
): number | null {
  const index = sources.findIndex((s) => expectedDocs.includes(s.docId));
  return index === -1 ? null : index + 1;
}

export interface QuestionScore {
  id: string;
  question: string;
  category: Question['category'];
  variant: Question['variant'];
  expectedAnswered: boolean;
  answered: boolean;
  answer: string;
  confidence: number;
  /** Answered when it should be and declined when it should be. */
  decisionCorrect: boolean;
  /** Decision right and, when answered, every fact present. */
  correct: boolean;
  missingFacts: string[];
  /** Retrieval, only for answerable questions: rank of the first expected document among sources. */
  rank: number | null;
  topDocIds: string[];
}

export function scoreQuestion(
  question: Question,
  result: EngineResult,
  expectedDocs: readonly string[],
): QuestionScore {
  const expectedAnswered = question.expect.answered;
  const missing =
    question.expect.answered && result.answered ? missingFacts(result.answer, question.expect.facts) : [];
  const decisionCorrect = result.answered === expectedAnswered;
  return {
    id: question.id,
    question: question.question,
    category: question.category,
    variant: question.variant,
    expectedAnswered,
    answered: result.answered,
    answer: result.answer,
    confidence: result.confidence,
    decisionCorrect,
    correct: decisionCorrect && missing.length === 0,
    missingFacts: question.expect.answered && !result.answered ? [...question.expect.facts] : missing,
    rank: expectedAnswered ? firstRelevantRank(result.sources, expectedDocs) : null,
    topDocIds: result.sources.slice(0, RECALL_AT).map((s) => s.docId),
  };
}

export interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

export interface DeclineStats {
  /** Declined and should have been. */
  truePositives: number;
  /** Declined but had an answer in the documents. */
  falsePositives: number;
  /** Answered but should have been declined. */
  falseNegatives: number;
  /** Null when nothing was declined. */
  precision: number | null;
  /** Null when no question expected a decline. */
  recall: number | null;
}

export interface Summary {
  overall: Tally;
  answerable: Tally;
  outOfScope: Tally;
  /** Over answerable questions. */
  recallAt3: number;
  mrr: number;
  decline: DeclineStats;
  /** Out-of-scope questions answered with confidence >= HIGH_CONFIDENCE. */
  confidentOutOfScopeAnswers: QuestionScore[];
  byCategory: Record<string, Tally>;
  byVariant: Record<string, Tally>;
}

const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

function tally(scores: readonly QuestionScore[]): Tally {
  const correct = scores.filter((s) => s.correct).length;
  return { total: scores.length, correct, accuracy: ratio(correct, scores.length) ?? 0 };
}

function tallyBy(scores: readonly QuestionScore[], key: (s: QuestionScore) => string): Record<string, Tally> {
  const groups = new Map<string, QuestionScore[]>();
  for (const s of scores) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return Object.fromEntries([...groups].map(([name, group]) => [name, tally(group)]));
}

export function summarize(scores: readonly QuestionScore[], highConfidence = HIGH_CONFIDENCE): Summary {
  const answerable = scores.filter((s) => s.expectedAnswered);
  const outOfScope = scores.filter((s) => !s.expectedAnswered);
  const truePositives = outOfScope.filter((s) => !s.answered).length;
  const falsePositives = answerable.filter((s) => !s.answered).length;
  const falseNegatives = outOfScope.length - truePositives;
  const hits = answerable.filter((s) => s.rank !== null && s.rank <= RECALL_AT).length;
  const reciprocal = answerable.reduce((sum, s) => sum + (s.rank === null ? 0 : 1 / s.rank), 0);
  return {
    overall: tally(scores),
    answerable: tally(answerable),
    outOfScope: tally(outOfScope),
    recallAt3: ratio(hits, answerable.length) ?? 0,
    mrr: ratio(reciprocal, answerable.length) ?? 0,
    decline: {
      truePositives,
      falsePositives,
      falseNegatives,
      precision: ratio(truePositives, truePositives + falsePositives),
      recall: ratio(truePositives, outOfScope.length),
    },
    confidentOutOfScopeAnswers: outOfScope.filter((s) => s.answered && s.confidence >= highConfidence),
    byCategory: tallyBy(scores, (s) => s.category),
    byVariant: tallyBy(scores, (s) => s.variant),
  };
}
