// The dashboard (issue 13 §1): residents' questions per Japan day, rates, topics, declined groups, staff apart.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDashboard, dashboardWindow } from '../../src/console/dashboard.ts';
import {
  ACCOUNTS,
  addAccounts,
  createHarness,
  type Harness,
  interaction,
  logIn,
  passwordOf,
} from './harness.ts';

const NOW = Date.parse('2026-12-10T15:00:00+09:00');
const at = (iso: string) => Date.parse(`${iso}+09:00`);
const source = (section: string) => ({
  docId: 'kushiro-sogo-seisaku-jimu-gaiyo',
  title: '総合政策部事務概要',
  municipality: '釧路市',
  section,
  excerpt: '…',
  score: 3,
  passageId: 'p',
});

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await addAccounts(h.store);
}, 60_000);
afterAll(async () => {
  await h.close();
});

describe('dashboardWindow', () => {
  it('covers the last N Japan days, today included', () => {
    const { from, to } = dashboardWindow(Date.parse('2026-12-10T00:30:00+09:00'), 7);
    expect(new Date(from).toISOString()).toBe('2026-12-03T15:00:00.000Z');
    expect(new Date(to).toISOString()).toBe('2026-12-10T15:00:00.000Z');
  });

  it('fills every day of the range, and counts staff apart', () => {
    const window = dashboardWindow(NOW, 7);
    const model = buildDashboard(
      7,
      window,
      {
        days: [
          { day: '2026-12-09', staff: false, total: 4, answered: 3, unhelpful: 1 },
          { day: '2026-12-09', staff: true, total: 2, answered: 2, unhelpful: 0 },
        ],
        topics: [],
      },
      [],
      () => [],
    );
    expect(model.days.map((d) => d.day)).toEqual([
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
    ]);
    expect(model).toMatchObject({ total: 4, answered: 3, declined: 1, unhelpful: 1, staff: 2 });
  });
});

describe('Dashboard page', () => {
  it('says how data will arrive when there is none yet', async () => {
    const agent = request.agent(h.app({ clock: () => NOW }));
    await logIn(agent, passwordOf(ACCOUNTS[2].name), ACCOUNTS[2].name);
    const res = await agent.get('/console/').expect(303);
    expect(res.headers.location).toBe('/console/dashboard');
    const page = await agent.get('/console/dashboard').expect(200);
    expect(page.text).toContain('住民からの質問がまだありません');
    expect(page.text).toContain('/webhook');
    expect(page.text).toContain('<svg');
  });

  it('shows counts per day, rates, topics and declined groups linking to Review, filtered by municipality', async () => {
    const records = [
      interaction({
        createdAt: at('2026-12-09T10:00:00'),
        answered: true,
        reason: null,
        confidence: 0.9,
        sources: [source('相談窓口')],
      }),
      interaction({
        createdAt: at('2026-12-09T11:00:00'),
        answered: true,
        reason: null,
        confidence: 0.9,
        sources: [source('相談窓口')],
      }),
      interaction({
        createdAt: at('2026-12-10T09:00:00'),
        answered: true,
        reason: null,
        confidence: 0.9,
        sources: [source('移住促進')],
      }),
      interaction({ createdAt: at('2026-12-10T09:10:00'), question: '宇宙旅行の補助金は？' }),
      interaction({ createdAt: at('2026-12-10T09:20:00'), question: '宇宙旅行の補助金は' }),
      interaction({ createdAt: at('2026-12-10T09:30:00'), municipality: '釜石市', question: '釜石の質問' }),
      interaction({ createdAt: at('2026-12-10T09:40:00'), staff: true, question: '職員の試し' }),
      // Outside the 7 days.
      interaction({ createdAt: at('2026-11-20T09:00:00'), question: '古い質問' }),
    ];
    for (const r of records) await h.store.interactions.record(r);
    const unhelpful = records[1];
    if (unhelpful) await h.store.interactions.setFeedback(unhelpful.answerId, 'unhelpful', NOW);

    const agent = request.agent(h.app({ clock: () => NOW }));
    await logIn(agent, passwordOf(ACCOUNTS[2].name), ACCOUNTS[2].name);
    const all = await agent.get('/console/dashboard').expect(200);
    expect(all.text).not.toContain('まだありません。LINE');
    expect(all.text).toMatch(/住民からの質問<\/dt><dd><span class="stat-value">6件/);
    expect(all.text).toContain('50.0%');
    expect(all.text).toMatch(/職員がコンソールで試した質問[^<]*<\/dt><dd><span class="stat-value">1件/);
    expect(all.text).toContain('相談窓口');
    expect(all.text).toMatch(/宇宙旅行の補助金は<\/a><\/td><td class="num">2</);
    expect(all.text).not.toContain('古い質問');
    expect(all.text).toContain('href="/console/review?kind=declined&amp;from=2026-12-04&amp;to=2026-12-10"');
    expect(all.text).toMatch(
      /<th scope="row">2026-12-10<\/th><td class="num">1<\/td><td class="num">3<\/td><td class="num">0<\/td><td class="num">1<\/td>/,
    );

    const kushiro = await agent.get('/console/dashboard').query({ m: '釧路市', days: '30' }).expect(200);
    expect(kushiro.text).toMatch(/住民からの質問<\/dt><dd><span class="stat-value">6件/);
    expect(kushiro.text).not.toContain('釜石の質問');
    expect(kushiro.text).toContain('古い質問');
    await agent.get('/console/dashboard').query({ days: '9999', m: '<x>' }).expect(200);
  });

  it('counts a question tried on the Ask page as staff, and Review leaves it out', async () => {
    const h2 = await createHarness();
    try {
      const app = h2.app();
      await request(app).get('/console/ask').query({ q: '域内連関とは何ですか？' }).expect(200);
      const [recorded] = await h2.store.interactions.list({});
      expect(recorded).toMatchObject({ staff: true, question: '域内連関とは何ですか？', userHash: null });
      const review = await request(app).get('/console/review').query({ kind: 'needs_review' }).expect(200);
      expect(review.text).not.toContain('域内連関とは何ですか？');
      const dash = await request(app).get('/console/dashboard').expect(200);
      expect(dash.text).toMatch(/職員がコンソールで試した質問[^<]*<\/dt><dd><span class="stat-value">1件/);
    } finally {
      await h2.close();
    }
  });
});
