// Plain-text report of an evaluation run: headline metrics, per-category and per-variant tables, failures.
import type { QuestionScore, Summary, Tally } from './score.ts';

/** Long answers are cut in the failure list so one failure stays a few lines. */
const ANSWER_PREVIEW_CHARS = 160;

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

function table(title: string, rows: Record<string, Tally>): string[] {
  const names = Object.keys(rows).sort();
  const width = Math.max(title.length, ...names.map((n) => n.length));
  const lines = [`${title.padEnd(width)}  ${'n'.padStart(4)}  ${'right'.padStart(5)}  accuracy`];
  for (const name of names) {
    const t = rows[name];
    if (!t) continue;
    lines.push(
      `${name.padEnd(width)}  ${String(t.total).padStart(4)}  ${String(t.correct).padStart(5)}  ${percent(t.accuracy).padStart(8)}`,
    );
  }
  return lines;
}

/** The headline figures of one run, without the per-category tables. */
export function formatHeadline(setName: string, summary: Summary): string[] {
  const { overall, answerable, outOfScope, decline } = summary;
  return [
    `set: ${setName}`,
    `accuracy            ${percent(overall.accuracy)}  (${overall.correct}/${overall.total})`,
    `  answerable        ${percent(answerable.accuracy)}  (${answerable.correct}/${answerable.total})`,
    `  out of scope      ${percent(outOfScope.accuracy)}  (${outOfScope.correct}/${outOfScope.total})`,
    `Recall@3            ${percent(summary.recallAt3)}`,
    `MRR                 ${summary.mrr.toFixed(3)}`,
    `decline precision   ${percent(decline.precision)}  (declined answerable: ${decline.falsePositives})`,
    `decline recall      ${percent(decline.recall)}  (answered out of scope: ${decline.falseNegatives})`,
    `wrong answers       ${summary.wrongAnswers}  (worse than a decline)`,
    `wrong declines      ${summary.wrongDeclines}  (the documents state the answer)`,
    `fact first          ${percent(summary.factFirst.share)}  (${summary.factFirst.count}/${summary.factFirst.of} right answers hold the fact in their first sentence)`,
    `answer length       median ${summary.answerLength.median}, p90 ${summary.answerLength.p90} characters`,
    `confident out-of-scope answers: ${summary.confidentOutOfScopeAnswers.length}`,
  ];
}

export function formatSummary(setName: string, summary: Summary): string {
  const lines = [
    ...formatHeadline(setName, summary),
    '',
    ...table('category', summary.byCategory),
    '',
    ...table('variant', summary.byVariant),
  ];
  return lines.join('\n');
}

function preview(answer: string): string {
  const flat = answer.replace(/\s+/g, ' ').trim();
  return flat.length > ANSWER_PREVIEW_CHARS ? `${flat.slice(0, ANSWER_PREVIEW_CHARS)}…` : flat;
}

function failureReason(s: QuestionScore): string {
  if (!s.expectedAnswered) return `answered out-of-scope question (confidence ${s.confidence})`;
  if (!s.answered) return `declined (confidence ${s.confidence})`;
  return `missing ${s.missingFacts.map((f) => `「${f}」`).join('')}`;
}

export function formatFailures(scores: readonly QuestionScore[]): string {
  const failures = scores.filter((s) => !s.correct);
  if (failures.length === 0) return 'no failures';
  return failures
    .map((s) =>
      [
        `${s.id} [${s.category}/${s.variant}] ${s.question}`,
        `  ${failureReason(s)}; expected doc rank: ${s.rank ?? '—'}; top: ${s.topDocIds.join(', ') || '—'}`,
        `  answer: ${preview(s.answer)}`,
      ].join('\n'),
    )
    .join('\n');
}
