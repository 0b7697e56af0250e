// The dashboard in a real browser on the data of a soak (issue 13 "Done when"): a short run of mixed LINE
// traffic against a fake LINE API on loopback fills a temporary data directory, then the console's
// chart, table and answered / declined figures must say what the soak recorded.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReport, problems, runSoak, type SoakReport } from '../../scripts/soak.ts';
import { consoleMessages } from '../../src/console/messages.ts';
import {
  type BrowserService,
  hasChromium,
  screenshot,
  startBrowserService,
} from '../support/browser-service.ts';

/** Short enough to keep the file under 30 s, long enough for a few dozen questions. */
const SOAK = { seconds: 3, rate: 20, kill: false, seed: 21, failRate: 0 } as const;
const m = consoleMessages;

let report: SoakReport;
let app: BrowserService;
let page: Page;

/** The dashboard's stat cards: label -> the figure and the count beside it. */
async function cards(): Promise<Record<string, { value: string; detail: string }>> {
  const entries = await page.locator('dl.stats .stat').evaluateAll((stats) =>
    stats.map((stat) => {
      const text = (selector: string) => stat.querySelector(selector)?.textContent?.trim() ?? '';
      return [text('dt'), { value: text('.stat-value'), detail: text('.stat-detail') }] as const;
    }),
  );
  return Object.fromEntries(entries);
}

describe.skipIf(!hasChromium)('Dashboard on a soak in Chromium', () => {
  beforeAll(async () => {
    app = await startBrowserService({
      name: 'dashboard-soak',
      prepare: async (dirs) => {
        report = await runSoak({ ...SOAK, ...dirs });
      },
    });
    page = await app.newPage();
  }, 60_000);

  afterAll(() => app?.close());

  it('runs a soak that loses nothing and records answered and declined questions', () => {
    const text = formatReport(report);
    expect(problems(report), text).toEqual([]);
    expect(report.recorded.answered, text).toBeGreaterThan(0);
    expect(report.recorded.declined, text).toBeGreaterThan(0);
    // Rate-limited declines, help and deleted data are outcomes without a recorded question.
    expect(report.recorded.answered).toBeLessThanOrEqual(report.events.answered);
    expect(report.recorded.declined).toBeLessThanOrEqual(report.events.declined);
  });

  it("shows the soak's questions per day, answered and declined", async () => {
    const { answered, declined } = report.recorded;
    const total = answered + declined;
    await page.goto('/console/dashboard');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(m.titles.dashboard);
    expect(await page.locator('.notice.empty').count()).toBe(0);

    const stats = await cards();
    expect(stats[m.dashboardQuestions]?.value).toBe(m.dashboardCount(total));
    expect(stats[m.dashboardAnswered]).toEqual({
      value: m.dashboardRate(answered / total),
      detail: m.dashboardCount(answered),
    });
    expect(stats[m.dashboardDeclined]).toEqual({
      value: m.dashboardRate(declined / total),
      detail: m.dashboardCount(declined),
    });
    expect(stats[m.dashboardStaff]?.value).toBe(m.dashboardCount(0));

    // The table beside the chart: one row per day of the last 7, the soak's day (or two, across midnight) holding all.
    const rows = await page
      .locator('.chart-table tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => Number(td.textContent))),
      );
    expect(rows).toHaveLength(7);
    expect(rows.reduce((n, [a = 0]) => n + a, 0)).toBe(answered);
    expect(rows.reduce((n, [, d = 0]) => n + d, 0)).toBe(declined);

    // The chart draws the same days: each bar's title names its counts and a day with questions has a bar.
    const chart = page.locator('.chart svg');
    expect(await chart.getAttribute('aria-label')).toContain(`${total}件`);
    const bars = await chart.locator('g').evaluateAll((gs) =>
      gs.map((g) => ({
        title: g.querySelector('title')?.textContent ?? '',
        height:
          Number(g.querySelector('.bar-answered')?.getAttribute('height')) +
          Number(g.querySelector('.bar-declined')?.getAttribute('height')),
      })),
    );
    expect(bars).toHaveLength(7);
    bars.forEach((bar, i) => {
      const [a = 0, d = 0] = rows[i] ?? [];
      expect(bar.title).toContain(`${m.dashboardLegendAnswered} ${a}、${m.dashboardLegendDeclined} ${d}`);
      expect(bar.height > 0).toBe(a + d > 0);
    });
    await screenshot(page, 'dashboard-soak');
  });
});
