// Answer latency of the engine and of the bigram baseline, measured in the same process, interleaved.
import type { LatencySummary } from './stats.ts';
import { median, ratio, summarizeLatencies } from './stats.ts';

export interface LatencyOptions {
  /** Passes over every question before measuring, so the JIT and caches settle. */
  warmupRounds: number;
  /** Measured passes over every question; ours and the baseline alternate pass by pass. */
  rounds: number;
}

export interface LatencyComparison {
  questions: number;
  ours: LatencySummary;
  baseline: LatencySummary;
  /** ours / baseline for p50 and p99: above 1 means slower than the baseline. */
  ratioP50: number | null;
  ratioP99: number | null;
  /** Our slowest questions by their median time, for whoever speeds up the answer path. */
  slowest: Array<{ question: string; medianMs: number }>;
}

const SLOWEST_LISTED = 5;

type Ask = (question: string) => unknown;

function timeEach(ask: Ask, questions: readonly string[], into: number[]): void {
  for (const q of questions) {
    const start = performance.now();
    ask(q);
    into.push(performance.now() - start);
  }
}

export function compareLatency(
  ours: Ask,
  baseline: Ask,
  questions: readonly string[],
  options: LatencyOptions,
): LatencyComparison {
  const scratch: number[] = [];
  for (let i = 0; i < options.warmupRounds; i++) {
    timeEach(ours, questions, scratch);
    timeEach(baseline, questions, scratch);
  }
  const oursMs: number[] = [];
  const baselineMs: number[] = [];
  for (let i = 0; i < options.rounds; i++) {
    timeEach(ours, questions, oursMs);
    timeEach(baseline, questions, baselineMs);
  }
  const byQuestion = questions.map((question, i) => ({
    question,
    medianMs: median(oursMs.filter((_, j) => j % questions.length === i)),
  }));
  const slowest = byQuestion.sort((a, b) => b.medianMs - a.medianMs).slice(0, SLOWEST_LISTED);
  const o = summarizeLatencies(oursMs);
  const b = summarizeLatencies(baselineMs);
  return {
    questions: questions.length,
    ours: o,
    baseline: b,
    ratioP50: ratio(o.p50, b.p50),
    ratioP99: ratio(o.p99, b.p99),
    slowest,
  };
}
