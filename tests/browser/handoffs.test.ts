// お問い合わせ in a real browser: a viewer reads a thread, an editor replies with よくある質問に追加,
// the console's Ask page then answers from the FAQ, and the FAQ is removed again. Debian's Chromium
// driven by playwright-core against the real service; LINE is the fake LINE API on 127.0.0.1.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { handoffData, staffData } from '../../src/line/postback.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import { ACCOUNTS, addAccounts, passwordOf } from '../console/harness.ts';
import {
  ACCESS_TOKEN,
  CHANNEL_SECRET,
  postbackEvent,
  sign,
  textEvent,
  webhookBody,
} from '../server/webhook-fixtures.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'test-results/screenshots';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
];
const PHONE = { width: 390, height: 844 };
const hasChromium = existsSync(CHROMIUM);
const [, editor, viewer] = ACCOUNTS;

const QUESTION = '粗大ごみの出し方を教えてください';
const REPLY =
  '粗大ごみは前日までに粗大ごみ受付センターへ電話で申し込み、指定日の朝8時30分までに出してください。';

let service: Service;
let browser: Browser;
let fake: FakeLineApi;
const dirs: string[] = [];

async function deliver(event: Record<string, unknown>): Promise<void> {
  const body = webhookBody([event]);
  const res = await fetch(`${service.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
    body,
  });
  expect(res.status).toBe(200);
  await service.processor()?.idle();
}

async function logInAs(name: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${service.url}/console/`);
  await page.waitForURL(/\/console\/login/);
  await page.getByLabel('名前').fill(name);
  await page.getByLabel('パスワード').fill(passwordOf(name));
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(/\/console\/dashboard$/);
  return page;
}

describe.skipIf(!hasChromium)('お問い合わせ in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-handoff-browser-'));
    const shipped = copyShippedCorpus();
    dirs.push(dataDir, shipped.dir);
    const store = openStoreInDataDir(dataDir);
    await addAccounts(store);
    await store.close();
    service = await startService({
      config: loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: dataDir,
        KOTAE_CORPUS_DIR: shipped.corpusDir,
        KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
        LINE_API_BASE_URL: fake.baseURL,
        LINE_CHANNEL_SECRET: CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
        HANDOFF_KEY: Buffer.alloc(32, 3).toString('hex'),
        LOG_LEVEL: 'silent',
      }),
      logger: createLogger({ level: 'silent' }),
    });
    await service.ready;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });

    await deliver(textEvent(QUESTION, { replyToken: fake.issueReplyToken() }));
    const [asked] = await service.store.interactions.list({ limit: 1 });
    await deliver(postbackEvent(staffData(asked?.answerId), { replyToken: fake.issueReplyToken() }));
    await deliver(postbackEvent(handoffData(asked?.answerId ?? ''), { replyToken: fake.issueReplyToken() }));
    expect(await service.store.handoffs.countOpen()).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.shutdown(1_000);
    await fake?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('lets a viewer read the thread but not answer it', async () => {
    const page = await logInAs(viewer.name);
    await page.getByRole('link', { name: 'お問い合わせ' }).click();
    await page.waitForURL(/\/console\/handoffs$/);
    expect(await page.locator('table.handoffs tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: QUESTION }).click();
    await page.waitForURL(/\/console\/handoffs\/[0-9a-f-]+$/);
    expect(await page.locator('dd.question').textContent()).toBe(QUESTION);
    expect(await page.locator('form.reply').count()).toBe(0);
    expect(await page.locator('form.close').count()).toBe(0);
    await page.context().close();
  });

  it('lets an editor reply with よくある質問に追加, after which Ask answers with the staff citation', async () => {
    const page = await logInAs(editor.name);
    await page.goto(`${service.url}/console/handoffs`);
    await page.screenshot({ path: join(SCREENSHOTS, '20-handoffs.png'), fullPage: true });
    await page.getByRole('link', { name: QUESTION }).click();
    await page.waitForURL(/\/console\/handoffs\/[0-9a-f-]+$/);
    expect(await page.locator('[data-quota]').textContent()).toContain('0通 ／ 上限 200通');
    await page.getByLabel('返信', { exact: true }).fill(REPLY);
    await page.getByLabel('よくある質問に追加').check();
    await page.getByLabel('部署（資料の出典に表示）').fill('市民課');
    await page.getByLabel('FAQ の自治体').selectOption('釧路市');
    await page.screenshot({ path: join(SCREENSHOTS, '21-handoff-reply.png'), fullPage: true });
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, '21-handoff-reply-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: '返信を送る' }).click();
    await page.waitForURL(/\/console\/handoffs\/[0-9a-f-]+$/);
    const notice = await page.locator('.notice.ok').textContent();
    expect(notice).toContain('返信を送りました');
    expect(notice).toContain('よくある質問');
    expect(fake.quotaUsed()).toBe(1);

    await page.goto(`${service.url}/console/ask`);
    await page.getByLabel('住民からの質問').fill(QUESTION);
    await page.getByRole('button', { name: '回答を確認' }).click();
    await page.waitForURL(/\/console\/ask\?q=/);
    expect(await page.locator('.flex-bubble').textContent()).toContain('職員回答（市民課・');

    await page.goto(`${service.url}/console/handoffs`);
    const faq = page.locator('.faq-list li');
    expect(await faq.count()).toBe(1);
    await faq.getByRole('button', { name: '外す' }).click();
    await page.waitForURL(/\/console\/handoffs$/);
    expect(await page.locator('.notice.ok').textContent()).toContain('外し');
    expect(await page.locator('.faq-list li').count()).toBe(0);

    await page.getByRole('link', { name: QUESTION }).click();
    await page.getByRole('button', { name: '対応済みにする（利用者IDを削除）' }).click();
    await page.waitForURL(/\/console\/handoffs$/);
    expect(await page.locator('table.handoffs').count()).toBe(0);
    const [closed] = await service.store.audit.list({ limit: 1, offset: 0, action: 'handoff.close' });
    expect(closed?.actor).toBe(editor.name);
    await page.context().close();
  });
});
