// お問い合わせ in a real browser: a viewer reads a thread, an editor replies with よくある質問に追加,
// the console's Ask page then answers from the FAQ, and the FAQ is removed again. Debian's Chromium
// driven by playwright-core against the real service; LINE is the fake LINE API on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffData, staffData } from '../../src/line/postback.ts';
import { ACCOUNTS } from '../console/harness.ts';
import { ACCESS_TOKEN, postbackEvent, textEvent } from '../server/webhook-fixtures.ts';
import {
  type BrowserService,
  hasChromium,
  screenshot,
  startBrowserService,
} from '../support/browser-service.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';

const PHONE = { width: 390, height: 844 };
const [, editor, viewer] = ACCOUNTS;

const QUESTION = '粗大ごみの出し方を教えてください';
const REPLY =
  '粗大ごみは前日までに粗大ごみ受付センターへ電話で申し込み、指定日の朝8時30分までに出してください。';

let app: BrowserService;
let fake: FakeLineApi;

describe.skipIf(!hasChromium)('お問い合わせ in Chromium', () => {
  beforeAll(async () => {
    fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
    app = await startBrowserService({
      name: 'handoffs',
      accounts: true,
      line: { apiBaseURL: fake.baseURL },
      env: { HANDOFF_KEY: Buffer.alloc(32, 3).toString('hex') },
    });

    await app.deliver(textEvent(QUESTION, { replyToken: fake.issueReplyToken() }));
    const [asked] = await app.service.store.interactions.list({ limit: 1 });
    await app.deliver(postbackEvent(staffData(asked?.answerId), { replyToken: fake.issueReplyToken() }));
    await app.deliver(
      postbackEvent(handoffData(asked?.answerId ?? ''), { replyToken: fake.issueReplyToken() }),
    );
    expect(await app.service.store.handoffs.countOpen()).toBe(1);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('lets a viewer read the thread but not answer it', async () => {
    const page = await app.logInAs(viewer.name);
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
    const page = await app.logInAs(editor.name);
    await page.goto('/console/handoffs');
    await screenshot(page, '20-handoffs');
    await page.getByRole('link', { name: QUESTION }).click();
    await page.waitForURL(/\/console\/handoffs\/[0-9a-f-]+$/);
    expect(await page.locator('[data-quota]').textContent()).toContain('0通 ／ 上限 200通');
    await page.getByLabel('返信', { exact: true }).fill(REPLY);
    await page.getByLabel('よくある質問に追加').check();
    await page.getByLabel('部署（資料の出典に表示）').fill('市民課');
    await page.getByLabel('FAQ の自治体').selectOption('釧路市');
    await screenshot(page, '21-handoff-reply');
    await page.setViewportSize(PHONE);
    await screenshot(page, '21-handoff-reply-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: '返信を送る' }).click();
    await page.waitForURL(/\/console\/handoffs\/[0-9a-f-]+$/);
    const notice = await page.locator('.notice.ok').textContent();
    expect(notice).toContain('返信を送りました');
    expect(notice).toContain('よくある質問');
    expect(fake.quotaUsed()).toBe(1);

    await page.goto('/console/ask');
    await page.getByLabel('住民からの質問').fill(QUESTION);
    await page.getByRole('button', { name: '回答を確認' }).click();
    await page.waitForURL(/\/console\/ask\?q=/);
    expect(await page.locator('.flex-bubble').textContent()).toContain('職員回答（市民課・');

    await page.goto('/console/handoffs');
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
    const [closed] = await app.service.store.audit.list({ limit: 1, offset: 0, action: 'handoff.close' });
    expect(closed?.actor).toBe(editor.name);
    await page.context().close();
  });
});
