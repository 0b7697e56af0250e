// The dashboard's figures from the store's summary (pure), and its server-rendered SVG chart.

import { DAY_MS, JST_OFFSET_MS } from '../store/console-rows.ts';
import type { InteractionRecord, InteractionSummary, TopicCount } from '../store/types.ts';
import { groupQuestions, type QuestionGroup } from './group-questions.ts';
import { html, type SafeHtml } from './html.ts';
import { consoleMessages as m } from './messages.ts';

export const DASHBOARD_RANGES = [7, 30] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];
/** Rows in each top list: enough to act on, short enough to read at a glance. */
export const TOP_ROWS = 10;

export interface DayFigures {
  day: string;
  answered: number;
  declined: number;
  unhelpful: number;
  staff: number;
}

export interface DashboardModel {
  range: DashboardRange;
  /** Inclusive Japan dates. */
  fromDay: string;
  toDay: string;
  days: DayFigures[];
  total: number;
  answered: number;
  declined: number;
  unhelpful: number;
  staff: number;
  topics: TopicCount[];
  declinedGroups: QuestionGroup[];
}

/** [from, to) in ms for the last `range` Japan days, today included. */
export function dashboardWindow(now: number, range: DashboardRange): { from: number; to: number } {
  const today = Math.floor((now + JST_OFFSET_MS) / DAY_MS);
  return { from: (today - range + 1) * DAY_MS - JST_OFFSET_MS, to: (today + 1) * DAY_MS - JST_OFFSET_MS };
}

const dateOf = (ms: number) => new Date(ms + JST_OFFSET_MS).toISOString().slice(0, 10);

export function buildDashboard(
  range: DashboardRange,
  window: { from: number; to: number },
  summary: InteractionSummary,
  declined: readonly InteractionRecord[],
  contentTerms: (text: string) => string[],
): DashboardModel {
  const days: DayFigures[] = [];
  for (let t = window.from; t < window.to; t += DAY_MS) {
    days.push({ day: dateOf(t), answered: 0, declined: 0, unhelpful: 0, staff: 0 });
  }
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const row of summary.days) {
    const day = byDay.get(row.day);
    if (!day) continue;
    if (row.staff) {
      day.staff += row.total;
      continue;
    }
    day.answered += row.answered;
    day.declined += row.total - row.answered;
    day.unhelpful += row.unhelpful;
  }
  const sum = (key: keyof Omit<DayFigures, 'day'>) => days.reduce((n, d) => n + d[key], 0);
  return {
    range,
    fromDay: days[0]?.day ?? '',
    toDay: days.at(-1)?.day ?? '',
    days,
    total: sum('answered') + sum('declined'),
    answered: sum('answered'),
    declined: sum('declined'),
    unhelpful: sum('unhelpful'),
    staff: sum('staff'),
    topics: summary.topics.slice(0, TOP_ROWS),
    declinedGroups: groupQuestions(declined, contentTerms, 0).slice(0, TOP_ROWS),
  };
}

export const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

const CHART = { width: 720, height: 220, left: 40, right: 10, top: 12, bottom: 28 };

/** Stacked bars (answered, declined) per day; the numbers themselves are in the table beside it. */
export function questionsChart(model: DashboardModel): SafeHtml {
  const { width, height, left, right, top, bottom } = CHART;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const peak = Math.max(1, ...model.days.map((d) => d.answered + d.declined));
  const slot = plotW / Math.max(1, model.days.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (n: number) => top + plotH - (n / peak) * plotH;
  const labelEvery = model.days.length > 10 ? 5 : 1;
  const bars = model.days.map((d, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const answeredTop = y(d.answered);
    const declinedTop = y(d.answered + d.declined);
    return html`<g><title>${d.day}: ${m.dashboardLegendAnswered} ${d.answered}、${m.dashboardLegendDeclined} ${d.declined}</title><rect class="bar-answered" x="${x.toFixed(1)}" y="${answeredTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - answeredTop).toFixed(1)}"></rect><rect class="bar-declined" x="${x.toFixed(1)}" y="${declinedTop.toFixed(1)}" width="${barW.toFixed(1)}" height="${(answeredTop - declinedTop).toFixed(1)}"></rect>${
      i % labelEvery === 0 || i === model.days.length - 1
        ? html`<text class="axis" x="${(x + barW / 2).toFixed(1)}" y="${height - 8}" text-anchor="middle">${d.day.slice(5).replace('-', '/')}</text>`
        : null
    }</g>`;
  });
  return html`<figure class="chart"><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${m.dashboardChartLabel(
    model.days.length,
    model.total,
    Math.max(0, ...model.days.map((d) => d.answered + d.declined)),
  )}" preserveAspectRatio="xMidYMid meet"><line class="axis-line" x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}"></line><text class="axis" x="${left - 6}" y="${top + 4}" text-anchor="end">${peak}</text><text class="axis" x="${left - 6}" y="${top + plotH}" text-anchor="end">0</text>${bars}</svg>
<figcaption><span class="legend legend-answered">${m.dashboardLegendAnswered}</span> <span class="legend legend-declined">${m.dashboardLegendDeclined}</span></figcaption></figure>`;
}
