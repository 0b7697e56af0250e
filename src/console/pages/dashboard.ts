// The dashboard, the console's first page: residents' questions per day, answer rates, the most asked
// topics and the most declined questions of the last 7 or 30 days, each leading to Review.
import type { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../../store/types.ts';
import { MAX_REVIEW_LIMIT } from '../../store/types.ts';
import type { Access } from '../access.ts';
import {
  buildDashboard,
  DASHBOARD_RANGES,
  type DashboardModel,
  dashboardWindow,
  questionsChart,
  rate,
} from '../dashboard.ts';
import { html, type SafeHtml } from '../html.ts';
import { consoleMessages as m } from '../messages.ts';
import type { ServedEngine } from '../served-engine.ts';
import { askHref, documentHref } from './links.ts';

/** Declined questions read for grouping; beyond this the groups are of the newest ones. */
const MAX_DECLINED_READ = 2000;

const querySchema = z.object({
  days: z.coerce
    .number()
    .pipe(z.union(DASHBOARD_RANGES.map((n) => z.literal(n)) as [z.ZodLiteral<7>, z.ZodLiteral<30>]))
    .catch(7),
  m: z.string().trim().max(50).catch(''),
});

export interface DashboardDeps {
  access: Access;
  store: Store;
  clock: () => number;
  engine: ServedEngine;
}

function reviewHref(model: DashboardModel, municipality: string, kind: string): string {
  const params = new URLSearchParams({ kind, from: model.fromDay, to: model.toDay });
  if (municipality) params.set('m', municipality);
  return `/console/review?${params}`;
}

export function dashboardView(
  model: DashboardModel,
  municipality: string,
  municipalities: readonly string[],
): SafeHtml {
  const form = html`<form method="get" action="/console/dashboard" class="filters"><div class="field"><label for="dash-days">${m.dashboardRange}</label><select id="dash-days" name="days">${DASHBOARD_RANGES.map(
    (n) =>
      html`<option value="${n}"${n === model.range ? html` selected` : null}>${m.dashboardDays(n)}</option>`,
  )}</select></div><div class="field"><label for="dash-m">${m.dashboardMunicipality}</label><select id="dash-m" name="m"><option value="">${m.dashboardAllMunicipalities}</option>${municipalities.map(
    (name) => html`<option value="${name}"${name === municipality ? html` selected` : null}>${name}</option>`,
  )}</select></div><button type="submit">${m.dashboardShow}</button></form>`;
  const card = (label: string, value: string, detail: string | null, href: string | null) =>
    html`<div class="stat"><dt>${label}</dt><dd><span class="stat-value">${value}</span>${
      detail ? html` <span class="stat-detail">${detail}</span>` : null
    }${href ? html` <a href="${href}">${m.dashboardToReview}</a>` : null}</dd></div>`;
  const stats = html`<dl class="stats">${card(m.dashboardQuestions, m.dashboardCount(model.total), null, reviewHref(model, municipality, 'needs_review'))}${card(
    m.dashboardAnswered,
    m.dashboardRate(rate(model.answered, model.total)),
    m.dashboardCount(model.answered),
    null,
  )}${card(
    m.dashboardDeclined,
    m.dashboardRate(rate(model.declined, model.total)),
    m.dashboardCount(model.declined),
    reviewHref(model, municipality, 'declined'),
  )}${card(
    m.dashboardUnhelpful,
    m.dashboardRate(rate(model.unhelpful, model.answered)),
    `${m.dashboardCount(model.unhelpful)}${m.dashboardUnhelpfulNote}`,
    reviewHref(model, municipality, 'unhelpful'),
  )}${card(m.dashboardStaff, m.dashboardCount(model.staff), null, null)}</dl>`;
  const table = html`<details class="chart-table"><summary>${m.dashboardTable}</summary><div class="table-wrap"><table><caption>${m.dashboardChartTitle}</caption><thead><tr><th scope="col">${m.dashboardDay}</th><th scope="col">${m.dashboardLegendAnswered}</th><th scope="col">${m.dashboardLegendDeclined}</th><th scope="col">👎</th><th scope="col">${m.dashboardStaffShort}</th></tr></thead><tbody>${model.days.map(
    (d) =>
      html`<tr><th scope="row">${d.day}</th><td class="num">${d.answered}</td><td class="num">${d.declined}</td><td class="num">${d.unhelpful}</td><td class="num">${d.staff}</td></tr>`,
  )}</tbody></table></div></details>`;
  const topics =
    model.topics.length === 0
      ? html`<p>${m.dashboardNone}</p>`
      : html`<div class="table-wrap"><table class="topics"><thead><tr><th scope="col">${m.dashboardTopicColumns.topic}</th><th scope="col">${m.dashboardTopicColumns.count}</th></tr></thead><tbody>${model.topics.map(
          (t) =>
            html`<tr><td><a href="${documentHref({ docId: t.docId })}">${t.title}</a> › ${t.section}</td><td class="num">${t.count}</td></tr>`,
        )}</tbody></table></div><p><a href="${reviewHref(model, municipality, 'needs_review')}">${m.dashboardToReview}</a></p>`;
  const groups =
    model.declinedGroups.length === 0
      ? html`<p>${m.dashboardNone}</p>`
      : html`<div class="table-wrap"><table class="declined-groups"><thead><tr><th scope="col">${m.dashboardGroupColumns.question}</th><th scope="col">${m.dashboardGroupColumns.count}</th></tr></thead><tbody>${model.declinedGroups.map(
          (g) =>
            html`<tr><td><a href="${askHref(g.representative, g.municipality)}">${g.representative}</a></td><td class="num">${g.count}</td></tr>`,
        )}</tbody></table></div><p><a href="${reviewHref(model, municipality, 'declined')}">${m.dashboardToReview}</a></p>`;
  return html`${form}<p class="period">${m.dashboardPeriod(model.fromDay, model.toDay)}</p>${
    model.total === 0 ? html`<div class="notice empty" role="status"><p>${m.dashboardEmpty}</p></div>` : null
  }${stats}<section aria-labelledby="chart-h"><h2 id="chart-h">${m.dashboardChartTitle}</h2>${questionsChart(model)}${table}</section>
<div class="columns"><section aria-labelledby="topics-h"><h2 id="topics-h">${m.dashboardTopics}</h2>${topics}</section>
<section aria-labelledby="declined-h"><h2 id="declined-h">${m.dashboardDeclinedGroups}</h2>${groups}</section></div>`;
}

export function registerDashboardRoutes(router: Router, deps: DashboardDeps): void {
  const { access, store, clock } = deps;
  router.get('/dashboard', access.allow('view'), async (req, res) => {
    const query = querySchema.parse(req.query);
    const municipalities = await deps.engine.municipalities();
    const municipality = municipalities.includes(query.m) ? query.m : '';
    const window = dashboardWindow(clock(), query.days);
    const scope = { ...window, ...(municipality ? { municipality } : {}) };
    const summary = await store.interactions.summary({ ...scope, topics: 10 });
    const declined = [];
    for (let offset = 0; offset < MAX_DECLINED_READ; offset += MAX_REVIEW_LIMIT) {
      const page = await store.interactions.list({
        ...scope,
        kind: 'declined',
        askedBy: 'residents',
        limit: MAX_REVIEW_LIMIT,
        offset,
      });
      declined.push(...page);
      if (page.length < MAX_REVIEW_LIMIT) break;
    }
    const model = buildDashboard(query.days, window, summary, declined, await deps.engine.contentTerms());
    access.send(
      res,
      200,
      await access.context(res),
      m.titles.dashboard,
      'dashboard',
      dashboardView(model, municipality, municipalities),
    );
  });
}
