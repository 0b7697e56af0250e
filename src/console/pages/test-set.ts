// Test set: the evaluation questions run through the serving engine, pass/fail per question and totals.
import { loadQuestions } from '../../eval/questions.ts';
import { engineAnswerer, runQuestions, sourceMap } from '../../eval/run.ts';
import { type QuestionScore, type Summary, summarize } from '../../eval/score.ts';
import type { LoadedEngine } from '../../load-engine.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatScore, formatTime } from '../layout.ts';
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

const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ANSWER_PREVIEW_CHARS ? `${flat.slice(0, ANSWER_PREVIEW_CHARS)}…` : flat;
}

function why(s: QuestionScore): string {
  if (s.correct) return '';
  if (!s.expectedAnswered) return 'お断りすべき質問に回答';
  if (!s.answered) return 'お断りした';
  return `不足：${s.missingFacts.map((f) => `「${f}」`).join('')}`;
}

export function runForm(csrf: SafeHtml, file: string): SafeHtml {
  return html`<form method="post" action="/console/test-set/run" data-busy="実行中…">${csrf}<p>${file} の質問を、いま動いているエンジンで実行します。</p><button type="submit">テストを実行</button></form>`;
}

export function testRunView(run: TestRun, onlyFailures: boolean): SafeHtml {
  const { summary: s } = run;
  const shown = onlyFailures ? run.scores.filter((q) => !q.correct) : run.scores;
  return html`<section aria-labelledby="totals-h"><h2 id="totals-h">結果（${formatTime(run.at)}、${run.ms} ms）</h2>
<dl class="totals"><dt>正解</dt><dd class="overall">${s.overall.correct} / ${s.overall.total}（${percent(s.overall.accuracy)}）</dd>
<dt>答えるべき質問</dt><dd>${s.answerable.correct} / ${s.answerable.total}（${percent(s.answerable.accuracy)}）</dd>
<dt>お断りすべき質問</dt><dd>${s.outOfScope.correct} / ${s.outOfScope.total}（${percent(s.outOfScope.accuracy)}）</dd>
<dt>Recall@3</dt><dd>${percent(s.recallAt3)}</dd><dt>MRR</dt><dd>${formatScore(s.mrr, 3)}</dd></dl>
<p>${
    onlyFailures
      ? html`<a href="/console/test-set">すべての質問を表示</a>`
      : html`<a href="/console/test-set?failed=1">不合格だけを表示</a>`
  }</p>
<div class="table-wrap"><table class="test-results"><caption>質問ごとの結果（${shown.length}件）</caption><thead><tr><th scope="col">ID</th><th scope="col">判定</th><th scope="col">質問</th><th scope="col">分類</th><th scope="col">確信度</th><th scope="col">回答</th><th scope="col">理由</th></tr></thead><tbody>${shown.map(
    (q) =>
      html`<tr class="${q.correct ? 'pass' : 'fail'}"><td class="nowrap">${q.id}</td><td class="nowrap">${q.correct ? '✓ 合格' : '✗ 不合格'}</td><td><a href="${askHref(
        q.question,
        null,
      )}">${q.question}</a></td><td>${q.category}・${q.variant}</td><td class="num">${formatScore(q.confidence)}</td><td>${
        q.answered ? preview(q.answer) : '（お断り）'
      }</td><td>${why(q)}</td></tr>`,
  )}</tbody></table></div></section>`;
}
