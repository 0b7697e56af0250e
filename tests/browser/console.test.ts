// The staff console in a real browser: Debian's Chromium driven by playwright-core against the real service.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingSender } from '../server/fakes.ts';
import { textEvent } from '../server/webhook-fixtures.ts';
import {
  type BrowserService,
  hasChromium,
  screenshot,
  startBrowserService,
} from '../support/browser-service.ts';

const PASSWORD = 'staff-password-for-tests';
const LAPTOP = { width: 1366, height: 900 };
const TABLET = { width: 768, height: 1024 };

let app: BrowserService;
let page: Page;
const sender = new RecordingSender();
const browserErrors: string[] = [];

const shot = (name: string, fullPage = true) => screenshot(page, name, fullPage);

async function ask(question: string): Promise<void> {
  await page.goto('/console/ask');
  await page.getByLabel('住民からの質問').fill(question);
  await page.getByRole('button', { name: '回答を確認' }).click();
  await page.waitForURL(/\/console\/ask\?q=/);
}

describe.skipIf(!hasChromium)('Staff console in Chromium', () => {
  beforeAll(async () => {
    app = await startBrowserService({
      name: 'console',
      line: { sender },
      env: { CONSOLE_PASSWORD: PASSWORD },
    });
    page = await app.newPage(LAPTOP);
    page.on('console', (m) => {
      if (m.type() === 'error') browserErrors.push(m.text());
    });
    page.on('pageerror', (e) => browserErrors.push(e.message));
  }, 120_000);

  afterAll(() => app?.close());

  it('logs in with the password', async () => {
    await page.goto('/console/ask');
    await expect.poll(() => page.url()).toContain('/console/login');
    await shot('01-login');
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByLabel('パスワード').press('Enter');
    await page.waitForURL(/\/console\/ask$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('質問を試す');
  });

  it('asks a question and shows the LINE preview, the decision and the sources', async () => {
    // The console engine loads in the background; a 503 page asks to reload.
    await expect.poll(async () => (await page.goto('/console/ask'))?.status(), { timeout: 30_000 }).toBe(200);
    await ask('域内連関とは何ですか？');
    const bubble = page.locator('.flex-bubble');
    await expect.poll(() => bubble.count()).toBe(1);
    expect(await bubble.locator('.bubble-body').textContent()).toMatch(/\S{10,}/);
    expect(await bubble.locator('.flex-button').allInnerTexts()).toEqual(
      expect.arrayContaining(['役に立った', '役に立たなかった']),
    );
    expect(await page.locator('.quick-reply').count()).toBeGreaterThan(0);
    expect(await page.locator('.verdict').textContent()).toBe('回答します');
    expect(await page.locator('.candidate').count()).toBeGreaterThan(0);
    expect(await page.locator('.candidate mark').allInnerTexts()).toContain('域内連関');
    await shot('02-ask');
    await page.setViewportSize(TABLET);
    await shot('02-ask-tablet');
    await page.setViewportSize(LAPTOP);

    await page.locator('.candidate a', { hasText: '資料の中で全文を見る' }).first().click();
    await page.waitForURL(/\/console\/documents\/[a-z0-9-]+#p-\d+$/);
    const anchor = new URL(page.url()).hash.slice(1);
    expect(await page.locator(`[id="${anchor}"]`).isVisible()).toBe(true);
    await shot('03-document', false);
  });

  it('draws the LINE preview as LINE does: the fact in bold, the citation small, a list marker at its own width', async () => {
    const bubble = page.locator('.flex-bubble .bubble-body');
    const style = (selector: string) =>
      bubble
        .locator(selector)
        .first()
        .evaluate(
          (el) => {
            // Runs in the page; the test's own types have no DOM.
            type Style = { fontWeight: string; fontSize: string; flexGrow: string; whiteSpace: string };
            const s = (globalThis as unknown as { getComputedStyle(e: unknown): Style }).getComputedStyle(el);
            return {
              weight: Number(s.fontWeight),
              size: Number.parseFloat(s.fontSize),
              grow: s.flexGrow,
              wrap: s.whiteSpace,
            };
          },
          undefined,
          { timeout: 5_000 },
        );
    await ask('まちづくり基本構想の計画期間は？');
    await expect.poll(() => bubble.count()).toBe(1);
    const lead = await style('.flex-text.bold.size-md');
    const citation = await style('.flex-text.size-xxs');
    expect(lead.weight).toBeGreaterThanOrEqual(700);
    expect(citation.size).toBeLessThan(lead.size);
    expect(citation.weight).toBeLessThan(700);

    await ask('委託統計調査にはどんなものがありますか？');
    await expect.poll(() => bubble.locator('.flex-none').count()).toBeGreaterThan(1);
    const marker = await style('.flex-none');
    expect(marker).toMatchObject({ grow: '0', wrap: 'nowrap' });
    expect(marker.weight).toBeGreaterThanOrEqual(700);
    // The marker is as wide as its text; the item beside it takes the rest of the row.
    const row = bubble.locator('.flex-box.row', { has: page.locator('.flex-none') }).first();
    const [markerBox, itemBox] = await Promise.all([
      row.locator('.flex-none').boundingBox(),
      row.locator('.flex-text:not(.flex-none)').first().boundingBox(),
    ]);
    expect(markerBox?.width ?? 0).toBeLessThan((itemBox?.width ?? 0) / 3);
    await shot('02-ask-list');
  });

  it('works from the keyboard: Tab to the question, Ctrl+Enter sends it', async () => {
    await page.goto('/console/ask');
    let focused = '';
    for (let i = 0; i < 20 && focused !== 'q'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.id ?? ''");
    }
    expect(focused).toBe('q');
    await page.keyboard.type('まちづくり基本構想の計画期間は？');
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/console\/ask\?q=/);
    expect(await page.locator('.line-chat').count()).toBe(1);
  });

  it('shows a question declined through the signed webhook in Review and opens it in Ask', async () => {
    const question = '宇宙旅行の補助金はいくらですか？';
    await app.deliver(textEvent(question));
    expect(sender.calls.at(-1)?.kind).toBe('reply');
    await page.goto('/console/review');
    const link = page.getByRole('link', { name: question });
    await expect.poll(() => link.count()).toBe(1);
    expect(await page.locator('table.review tbody tr').first().textContent()).toContain('お断り 1');
    await shot('04-review');
    await link.click();
    await page.waitForURL(/\/console\/ask\?q=/);
    expect(await page.getByLabel('住民からの質問').inputValue()).toBe(question);
    expect(await page.locator('.verdict').textContent()).toContain('お断りします');
  });

  it('shows an HTML question as text, in Ask and in Review', async () => {
    const question = '<img src=x onerror="window.__xss=1">ごみ<script>window.__xss=2</script>';
    await ask(question);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    expect(await page.getByLabel('住民からの質問').inputValue()).toBe(question);
    expect(await page.locator('.chat-text, .bubble-body').first().textContent()).toBeTruthy();
    await shot('05-ask-html-question');

    await app.deliver(textEvent(question));
    await page.goto('/console/review');
    expect(await page.getByRole('link', { name: question }).count()).toBe(1);
    expect(await page.locator('table.review img').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
  });

  it('searches documents and opens a passage page', async () => {
    await page.goto('/console/documents');
    await shot('06-documents');
    await page.getByLabel('資料の中を検索').fill('長期滞在');
    await page.getByLabel('資料の中を検索').press('Enter');
    await page.waitForURL(/\/console\/documents\?q=/);
    expect(await page.locator('mark').count()).toBeGreaterThan(0);
    await shot('07-documents-search', false);
    await page.locator('ol.passages a').first().click();
    await page.waitForURL(/\/passages\/\d+$/);
    await shot('08-passage');
  });

  it('runs the test set and shows pass/fail and totals', async () => {
    await page.goto('/console/test-set');
    await page.getByRole('button', { name: 'テストを実行' }).click();
    await page.waitForURL(/\/console\/test-set$/, { timeout: 60_000 });
    await expect.poll(() => page.locator('dd.overall').count()).toBe(1);
    expect(await page.locator('dd.overall').textContent()).toMatch(/^\d+ \/ \d+/);
    expect(await page.locator('table.test-results tbody tr').count()).toBeGreaterThan(100);
    await shot('09-test-set', false);
  });

  it('shows the dictionaries and reloads them', async () => {
    await page.goto('/console/dictionaries');
    await page.getByRole('button', { name: '辞書を読み込み直す' }).click();
    await page.waitForURL(/\/console\/dictionaries$/);
    expect(await page.locator('.notice.ok').textContent()).toContain('辞書を読み込み直しました');
    await shot('10-dictionaries', false);
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await page.waitForURL(/\/console\/login$/);
    await page.goto('/console/review');
    expect(page.url()).toContain('/console/login');
  });

  it('loads no script or style the CSP refuses', () => {
    expect(browserErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
  });
});
