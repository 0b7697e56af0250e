// The dry run's state on a confirmation page: progress while it runs, then which questions turn right or wrong.
import type { DryRunState, SetDiff } from '../dry-run.ts';
import { DRY_RUN_TIMEOUT_MS } from '../dry-run.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages as m } from '../messages.ts';
import { askHref } from './links.ts';

/** How often a running dry run's page asks again (console.js; without it, the link below does). */
export const DRY_RUN_REFRESH_MS = 1500;

function questionList(title: string, cls: string, scores: SetDiff['turnedRight']): SafeHtml | null {
  if (scores.length === 0) return null;
  return html`<h4>${title}</h4><ul class="dry-run-list ${cls}">${scores.map(
    (s) =>
      html`<li><span class="nowrap">${s.id}</span> <a href="${askHref(s.question, null)}">${s.question}</a></li>`,
  )}</ul>`;
}

function results(sets: readonly SetDiff[]): SafeHtml {
  const wrong = sets.reduce((n, s) => n + s.turnedWrong.length, 0);
  const right = sets.reduce((n, s) => n + s.turnedRight.length, 0);
  return html`${wrong > 0 ? html`<div class="notice error" role="alert"><p>${m.dryRunWarnWrong(wrong)}</p></div>` : null}${
    wrong + right === 0 ? html`<p>${m.dryRunNoChange}</p>` : null
  }<div class="table-wrap"><table class="dry-run"><thead><tr><th scope="col">${m.dryRunColumns.set}</th><th scope="col">${
    m.dryRunColumns.before
  }</th><th scope="col">${m.dryRunColumns.after}</th><th scope="col">${m.dryRunColumns.right}</th><th scope="col">${
    m.dryRunColumns.wrong
  }</th></tr></thead><tbody>${sets.map(
    (s) =>
      html`<tr><td>${s.name}</td><td class="num">${m.dryRunScore(s.liveCorrect, s.total)}</td><td class="num">${m.dryRunScore(
        s.candidateCorrect,
        s.total,
      )}</td><td class="num">${s.turnedRight.length}</td><td class="num">${s.turnedWrong.length}</td></tr>`,
  )}</tbody></table></div>${sets.map((s) =>
    s.turnedRight.length + s.turnedWrong.length === 0
      ? null
      : html`<section class="dry-run-set"><h3>${s.name}</h3>${questionList(
          m.dryRunTurnedWrong(s.turnedWrong.length),
          'wrong',
          s.turnedWrong,
        )}${questionList(m.dryRunTurnedRight(s.turnedRight.length), 'right', s.turnedRight)}</section>`,
  )}`;
}

/** `href` shows the same state again (a GET), so a running page can refresh itself. */
export function dryRunView(state: DryRunState, href: string): SafeHtml {
  const body = (() => {
    if (state.status === 'running') {
      return html`<div data-refresh="${href}" data-refresh-ms="${DRY_RUN_REFRESH_MS}" aria-live="polite"><p>${m.dryRunRunning(
        state.done,
        state.steps,
      )}</p><progress max="${state.steps}" value="${state.done}" aria-label="${m.dryRunProgressLabel}"></progress> <a href="${href}">${m.dryRunShowResult}</a></div>`;
    }
    if (state.status === 'failed') {
      return html`<div class="notice error" role="alert"><p>${
        state.timedOut ? m.dryRunTimedOut(DRY_RUN_TIMEOUT_MS / 1000) : m.dryRunFailed(state.error)
      }</p></div>`;
    }
    return html`<p>${m.dryRunDone((state.ms / 1000).toFixed(1))}</p>${results(state.sets)}`;
  })();
  return html`<section aria-labelledby="dry-run-h" class="dry-run-panel" data-dry-run="${state.status}"><h2 id="dry-run-h">${m.dryRunTitle}</h2><p>${m.dryRunIntro}</p>${body}</section>`;
}
