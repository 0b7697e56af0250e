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

/** The citation line the public contract appends to an answer: not part of what the resident reads first. */
const CITATION_LINE = /\n（出典：[^\n]*$/;

/** The answer without its citation line. */
export function answerBody(answer: string): string {
  return answer.replace(CITATION_LINE, '');
}

/** What a resident reads first: the answer up to its first full stop or line break. */
export function firstSentence(answer: string): string {
  const body = answerBody(answer).trim();
  const end = body.search(/。|\n/);
  return end === -1 ? body : body.slice(0, end + 1).trim();
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
  /** A right answer whose first sentence already holds every fact. */
  factFirst: boolean;
  /** Characters of the answer without its citation, when answered. */
  answerChars: number | null;
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
  const correct = decisionCorrect && missing.length === 0;
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
    correct,
    factFirst:
      correct &&
      question.expect.answered &&
      missingFacts(firstSentence(result.answer), question.expect.facts).length === 0,
    answerChars: result.answered ? Array.from(answerBody(result.answer)).length : null,
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
  /** Answers that are wrong: a fact missing, or an out-of-scope question answered. Worse than a decline. */
  wrongAnswers: number;
  /** Declines where the documents state the answer. */
  wrongDeclines: number;
  /** Right answers to answerable questions, and how many of them hold every fact in their first sentence. */
  factFirst: { of: number; count: number; share: number };
  /** Characters of answers given (without the citation). */
  answerLength: { median: number; p90: number };
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

/** The value below which `share` of the sorted values lie (nearest rank); 0 for none. */
export function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(share * sorted.length) - 1))] ?? 0;
}

export function summarize(scores: readonly QuestionScore[], highConfidence = HIGH_CONFIDENCE): Summary {
  const answerable = scores.filter((s) => s.expectedAnswered);
  const outOfScope = scores.filter((s) => !s.expectedAnswered);
  const truePositives = outOfScope.filter((s) => !s.answered).length;
  const falsePositives = answerable.filter((s) => !s.answered).length;
  const falseNegatives = outOfScope.length - truePositives;
  const hits = answerable.filter((s) => s.rank !== null && s.rank <= RECALL_AT).length;
  const reciprocal = answerable.reduce((sum, s) => sum + (s.rank === null ? 0 : 1 / s.rank), 0);
  const rightAnswers = answerable.filter((s) => s.correct);
  const factFirstCount = rightAnswers.filter((s) => s.factFirst).length;
  const lengths = scores.flatMap((s) => (s.answerChars === null ? [] : [s.answerChars]));
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
    wrongAnswers: scores.filter((s) => s.answered && !s.correct).length,
    wrongDeclines: falsePositives,
    factFirst: {
      of: rightAnswers.length,
      count: factFirstCount,
      share: ratio(factFirstCount, rightAnswers.length) ?? 0,
    },
    answerLength: { median: percentile(lengths, 0.5), p90: percentile(lengths, 0.9) },
    confidentOutOfScopeAnswers: outOfScope.filter((s) => s.answered && s.confidence >= highConfidence),
    byCategory: tallyBy(scores, (s) => s.category),
    byVariant: tallyBy(scores, (s) => s.variant),
  };
}
