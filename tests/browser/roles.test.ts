// Roles in a real browser (issue 13 "Done when"): each role logs in and sees and may do only its part;
// an editor's upload appears in the audit log. Debian's Chromium driven by playwright-core.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNTS, passwordOf } from '../console/harness.ts';
import {
  type BrowserService,
  hasChromium,
  screenshot,
  startBrowserService,
} from '../support/browser-service.ts';

const [admin, editor, viewer] = ACCOUNTS;

let app: BrowserService;

const menu = async (page: Page) => page.locator('nav[aria-label="メニュー"] li a').allInnerTexts();
const heading = async (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.skipIf(!hasChromium)('Roles in Chromium', () => {
  beforeAll(async () => {
    app = await startBrowserService({ name: 'roles', accounts: true });
  }, 120_000);

  afterAll(() => app?.close());

  it('a viewer sees the dashboard, Ask, Review and Documents, and is refused the rest', async () => {
    const page = await app.logInAs(viewer.name);
    expect(await heading(page)).toBe('ダッシュボード');
    expect(await menu(page)).toEqual(['ダッシュボード', '質問を試す', '振り返り', 'お問い合わせ', '資料']);
    expect(await page.locator('.chart svg').count()).toBe(1);
    await page.goto('/console/documents');
    expect(await page.locator('form.upload').count()).toBe(0);
    expect(await page.locator('form.reload').count()).toBe(0);
    for (const path of ['/console/audit', '/console/dictionaries', '/console/users', '/console/test-set']) {
      const res = await page.goto(path);
      expect(`${path} ${res?.status()}`).toBe(`${path} 403`);
      expect(await heading(page)).toBe('この操作の権限がありません');
    }
    await page.context().close();
  });

  it('an editor uploads a document, which the audit log then shows, but cannot open Accounts', async () => {
    const page = await app.logInAs(editor.name);
    expect(await menu(page)).toEqual([
      'ダッシュボード',
      '質問を試す',
      '振り返り',
      'お問い合わせ',
      '資料',
      'テストセット',
      '辞書',
      '操作記録',
    ]);
    const file = join(app.dataDir, 'roles-upload.md');
    writeFileSync(file, '# 窓口案内\n\n## 受付時間\n\n受付時間は平日の8時45分から17時15分までです。\n');
    await page.goto('/console/documents');
    await page.getByLabel('ファイル（必須）').setInputFiles(file);
    await page.getByLabel('タイトル（必須）').fill('ブラウザ試験の窓口案内');
    await page.getByLabel('自治体（必須）').fill('釧路市');
    await page.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/\/console\/documents$/);
    expect(await page.locator('.notice.ok').textContent()).toContain('ブラウザ試験の窓口案内');

    await page.getByRole('link', { name: '操作記録' }).click();
    await page.waitForURL(/\/console\/audit$/);
    const row = page.locator('table.audit tbody tr').first();
    expect(await row.getAttribute('data-action')).toBe('document.upload');
    expect(await row.textContent()).toContain(editor.name);
    expect(await row.textContent()).toContain('ブラウザ試験の窓口案内');
    await screenshot(page, 'roles-audit');

    const res = await page.goto('/console/users');
    expect(res?.status()).toBe(403);
    await page.context().close();
  });

  it('an editor replaces a document through the dry run, which lists the questions it turns wrong', async () => {
    const page = await app.logInAs(editor.name);
    const id = 'kushiro-machizukuri-kihon-koso-gaiyo';
    const file = join(app.dataDir, 'kihon-koso-short.md');
    writeFileSync(
      file,
      '# 釧路市まちづくり基本構想\n\n## 将来像\n\n人が集い、活力に満ちたまちを目指します。\n',
    );
    await page.goto(`/console/documents/${id}`);
    await page.getByLabel('新しい版のファイル').setInputFiles(file);
    await page.getByRole('button', { name: '内容を確かめる' }).click();
    // console.js asks for the confirmation page again (a GET) until the dry run is done.
    const panel = page.locator('.dry-run-panel[data-dry-run="done"]');
    await panel.waitFor({ timeout: 90_000 });
    expect(page.url()).toMatch(new RegExp(`/console/documents/${id}/replace/[a-f0-9]{32}$`));
    expect(await panel.locator('.dry-run-list.wrong li').count()).toBeGreaterThan(0);
    expect(await panel.locator('.notice.error').textContent()).toContain('不正解になります');
    await screenshot(page, 'roles-dry-run');

    await page.getByRole('button', { name: '置き換える' }).click();
    await page.waitForURL(/\/console\/documents$/);
    expect(await page.locator('.notice.ok').textContent()).toContain('置き換えました');
    await page.getByRole('link', { name: '操作記録' }).click();
    expect(await page.locator('table.audit tbody tr').first().getAttribute('data-action')).toBe(
      'document.replace',
    );
    await page.context().close();
  }, 120_000);

  it('an admin adds an account, and the new person logs in with the role given', async () => {
    const page = await app.logInAs(admin.name);
    expect(await menu(page)).toContain('アカウント');
    await page.getByRole('link', { name: 'アカウント' }).click();
    await page.getByLabel('名前', { exact: true }).fill('browser.new');
    await page.locator('#nu-role').selectOption('viewer');
    await page.getByLabel('初期パスワード').fill(passwordOf('browser.new'));
    await page.getByRole('button', { name: '追加する' }).click();
    await page.waitForURL(/\/console\/users$/);
    expect(await page.locator('.notice.ok').textContent()).toContain('browser.new');
    expect(await page.locator('table.users tbody th').allInnerTexts()).toContain('browser.new');
    await page.context().close();

    const newcomer = await app.logInAs('browser.new');
    expect(await menu(newcomer)).not.toContain('辞書');
    await newcomer.getByRole('button', { name: 'ログアウト' }).click();
    await newcomer.waitForURL(/\/console\/login$/);
    await newcomer.context().close();
  });
});
