// Test set: the evaluation questions run through the serving engine, pass/fail per question and totals.
import type { Router } from 'express';
import type { LoadedEngine } from '../../engine/load-engine.ts';
import { CATEGORIES, loadQuestions } from '../../eval/questions.ts';
import { engineAnswerer, runQuestions, sourceMap } from '../../eval/run.ts';
import { type QuestionScore, type Summary, summarize } from '../../eval/score.ts';
import type { Access } from '../access.ts';
import { compareScores } from '../dry-run.ts';
import { html, type SafeHtml } from '../html.ts';
import { csrfField, formatScore, formatTime } from '../layout.ts';
import { consoleMessages as m } from '../messages.ts';
import type { ServedEngine } from '../served-engine.ts';
import { askHref } from './links.ts';

export interface TestRun {
  file: string;
  at: number;
  ms: number;
  scores: QuestionScore[];
  summary: Summary;
}

/** Answers are cut in the table so one question stays a few lines. */
const ANSWER_PREVIEW_CHARS = 120;

export async function runTestSet(file: string, loaded: LoadedEngine, clock: () => number): Promise<TestRun> {
  const questions = await loadQuestions(file);
  const started = performance.now();
  const scores = runQuestions(engineAnswerer(loaded.engine), questions, sourceMap(loaded.documents));
  return {
    file,
    at: clock(),
    ms: Math.round(performance.now() - started),
    scores,
    summary: summarize(scores),
  };
}

const percent = (v: number | null) => (v === null || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ANSWER_PREVIEW_CHARS ? `${flat.slice(0, ANSWER_PREVIEW_CHARS)}…` : flat;
}

function why(s: QuestionScore): string {
  if (s.correct) return '';
  if (!s.expectedAnswered) return m.testSet.whyAnsweredOutOfScope;
  if (!s.answered) return m.testSet.whyDeclined;
  return m.testSet.whyMissing(s.missingFacts);
}

export function runForm(csrf: SafeHtml, file: string): SafeHtml {
  return html`<form method="post" action="/console/test-set/run" data-busy="${m.testSet.busy}">${csrf}<p>${m.testSet.runHelp(file)}</p><button type="submit">${m.testSet.runButton}</button></form>`;
}

export function testRunView(run: TestRun, onlyFailures: boolean): SafeHtml {
  const { summary: s } = run;
  const shown = onlyFailures ? run.scores.filter((q) => !q.correct) : run.scores;
  return html`<section aria-labelledby="totals-h"><h2 id="totals-h">${m.testSet.resultTitle(formatTime(run.at), run.ms)}</h2>
<dl class="totals"><dt>${m.testSet.correct}</dt><dd class="overall">${m.testSet.tally(s.overall.correct, s.overall.total, percent(s.overall.accuracy))}</dd>
<dt>${m.testSet.answerable}</dt><dd>${m.testSet.tally(s.answerable.correct, s.answerable.total, percent(s.answerable.accuracy))}</dd>
<dt>${m.testSet.outOfScope}</dt><dd>${m.testSet.tally(s.outOfScope.correct, s.outOfScope.total, percent(s.outOfScope.accuracy))}</dd>
<dt>Recall@3</dt><dd>${percent(s.recallAt3)}</dd><dt>MRR</dt><dd>${formatScore(s.mrr, 3)}</dd></dl>
<p>${
    onlyFailures
      ? html`<a href="/console/test-set">${m.testSet.showAll}</a>`
      : html`<a href="/console/test-set?failed=1">${m.testSet.showFailures}</a>`
  }</p>
<div class="table-wrap"><table class="test-results"><caption>${m.testSet.caption(shown.length)}</caption><thead><tr>${m.testSet.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead><tbody>${shown.map(
    (q) =>
      html`<tr class="${q.correct ? 'pass' : 'fail'}"><td class="nowrap">${q.id}</td><td class="nowrap">${q.correct ? m.testSet.pass : m.testSet.fail}</td><td><a href="${askHref(
        q.question,
        null,
      )}">${q.question}</a></td><td>${m.testSet.categoryVariant(q.category, q.variant)}</td><td class="num">${formatScore(q.confidence)}</td><td>${
        q.answered ? preview(q.answer) : m.testSet.declinedCell
      }</td><td>${why(q)}</td></tr>`,
  )}</tbody></table></div></section>`;
}

export interface CategoryResult {
  category: string;
  total: number;
  correct: number;
  /** The same category in the previous run, when there was one. */
  previous: { total: number; correct: number } | null;
}

function tallyByCategory(scores: readonly QuestionScore[]): Map<string, { total: number; correct: number }> {
  const out = new Map<string, { total: number; correct: number }>();
  for (const s of scores) {
    const t = out.get(s.category) ?? { total: 0, correct: 0 };
    t.total++;
    if (s.correct) t.correct++;
    out.set(s.category, t);
  }
  return out;
}

/** Pure: per category, in the order categories are defined, with the previous run's figures beside. */
export function categoryResults(run: TestRun, previous: TestRun | null): CategoryResult[] {
  const now = tallyByCategory(run.scores);
  const before = previous ? tallyByCategory(previous.scores) : null;
  return CATEGORIES.filter((c) => now.has(c)).map((category) => {
    const t = now.get(category) ?? { total: 0, correct: 0 };
    return { category, ...t, previous: before?.get(category) ?? null };
  });
}

const CATEGORY_CHART = { width: 720, row: 26, left: 130, right: 70, top: 8, bottom: 8 };

/** Horizontal bars of accuracy per category; the previous run's accuracy is a tick on each bar. */
export function categoryChart(rows: readonly CategoryResult[], overall: number): SafeHtml {
  const { width, row, left, right, top, bottom } = CATEGORY_CHART;
  const height = top + bottom + row * rows.length;
  const plotW = width - left - right;
  const bars = rows.map((r, i) => {
    const y = top + i * row;
    const accuracy = r.total === 0 ? 0 : r.correct / r.total;
    const label = m.categoryLabels[r.category] ?? r.category;
    const before = r.previous && r.previous.total > 0 ? r.previous.correct / r.previous.total : null;
    return html`<g><title>${label}: ${m.testSet.tally(r.correct, r.total, percent(accuracy))}${
      before === null ? '' : m.testPreviousSuffix(percent(before))
    }</title><text class="axis" x="${left - 8}" y="${y + row * 0.65}" text-anchor="end">${label}</text><rect class="bar-track" x="${left}" y="${
      y + 4
    }" width="${plotW}" height="${row - 8}"></rect><rect class="bar-answered" x="${left}" y="${y + 4}" width="${(
      accuracy * plotW
    ).toFixed(1)}" height="${row - 8}"></rect>${
      before === null
        ? null
        : html`<line class="bar-previous" x1="${(left + before * plotW).toFixed(1)}" x2="${(
            left + before * plotW
          ).toFixed(1)}" y1="${y + 1}" y2="${y + row - 1}"></line>`
    }<text class="axis" x="${width - right + 6}" y="${y + row * 0.65}">${percent(accuracy)}</text></g>`;
  });
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${m.testCategoryChartLabel(
    rows.length,
    percent(overall),
  )}" preserveAspectRatio="xMidYMid meet">${bars}</svg>
<figcaption><span class="legend legend-answered">${m.testLegendNow}</span> <span class="legend legend-previous">${m.testLegendPrevious}</span></figcaption></figure>`;
}

function categoryTable(rows: readonly CategoryResult[]): SafeHtml {
  const c = m.testCategoryColumns;
  return html`<details class="chart-table"><summary>${m.testCategoryTable}</summary><div class="table-wrap"><table><caption>${
    m.testCategoryTitle
  }</caption><thead><tr><th scope="col">${c.category}</th><th scope="col">${c.correct}</th><th scope="col">${c.accuracy}</th><th scope="col">${
    c.previous
  }</th><th scope="col">${c.change}</th></tr></thead><tbody>${rows.map((r) => {
    const now = r.total === 0 ? null : r.correct / r.total;
    const before = r.previous && r.previous.total > 0 ? r.previous.correct / r.previous.total : null;
    return html`<tr><th scope="row">${m.categoryLabels[r.category] ?? r.category}</th><td class="num">${r.correct} / ${r.total}</td><td class="num">${percent(
      now,
    )}</td><td class="num">${percent(before)}</td><td class="num">${points(now, before)}</td></tr>`;
  })}</tbody></table></div></details>`;
}

/** A difference in percentage points, signed (+2.5, −1.0), or — without a previous figure. */
function points(now: number | null, before: number | null): string {
  if (now === null || before === null) return '—';
  const d = (now - before) * 100;
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${Math.abs(d).toFixed(1)}`;
}

function diffView(run: TestRun, previous: TestRun | null): SafeHtml {
  if (!previous) return html`<p>${m.testNoPrevious}</p>`;
  const diff = compareScores(run.file, previous.scores, run.scores);
  const list = (title: string, cls: string, scores: readonly QuestionScore[]) =>
    scores.length === 0
      ? null
      : html`<h3>${title}</h3><ul class="dry-run-list ${cls}">${scores.map(
          (s) =>
            html`<li><span class="nowrap">${s.id}</span> <a href="${askHref(s.question, null)}">${s.question}</a> ${why(s)}</li>`,
        )}</ul>`;
  return html`<p>${m.testDiffIntro(formatTime(previous.at))} ${m.testAccuracyChange(
    points(run.summary.overall.accuracy, previous.summary.overall.accuracy),
  )}</p>${
    diff.turnedRight.length + diff.turnedWrong.length === 0 ? html`<p>${m.testDiffNone}</p>` : null
  }${list(m.testTurnedWrong(diff.turnedWrong.length), 'wrong', diff.turnedWrong)}${list(
    m.testTurnedRight(diff.turnedRight.length),
    'right',
    diff.turnedRight,
  )}`;
}

/** The per-category chart with its table, and what changed since the previous run of the same file. */
export function testRunOverview(run: TestRun, previous: TestRun | null): SafeHtml {
  const rows = categoryResults(run, previous);
  return html`<section aria-labelledby="category-h"><h2 id="category-h">${m.testCategoryTitle}</h2>${categoryChart(
    rows,
    run.summary.overall.accuracy,
  )}${categoryTable(rows)}</section><section aria-labelledby="diff-h"><h2 id="diff-h">${m.testDiffTitle}</h2>${diffView(
    run,
    previous,
  )}</section>`;
}

export interface TestSetRouteDeps {
  access: Access;
  clock: () => number;
  engine: ServedEngine;
  /** The question set (JSONL) the page runs. */
  evalSetPath: string;
}

export function registerTestSetRoutes(router: Router, deps: TestSetRouteDeps): void {
  const { access, clock, engine, evalSetPath } = deps;
  const edit = access.allow('edit');
  let lastRun: TestRun | null = null;
  /** The run before lastRun on the same file: the page shows what changed since. */
  let previousRun: TestRun | null = null;

  router.get('/test-set', edit, async (req, res) => {
    const ctx = await access.context(res);
    access.send(
      res,
      200,
      ctx,
      m.titles.testSet,
      'test-set',
      html`${runForm(csrfField(ctx), evalSetPath)}${
        lastRun
          ? html`${testRunOverview(lastRun, previousRun)}${testRunView(lastRun, req.query.failed === '1')}`
          : html`<p>${m.testNotRun}</p>`
      }`,
    );
  });

  router.post('/test-set/run', edit, async (_req, res) => {
    const loaded = await engine.orUnavailable(res);
    if (!loaded) return;
    try {
      const run = await runTestSet(evalSetPath, loaded, clock);
      previousRun = lastRun?.file === run.file ? lastRun : null;
      lastRun = run;
      await access.notify(res, { kind: 'ok', lines: [m.testRunDone(run.scores.length)] });
    } catch (error) {
      await access.notify(res, {
        kind: 'error',
        lines: [error instanceof Error ? error.message : String(error)],
      });
    }
    res.redirect(303, '/console/test-set');
  });
}
