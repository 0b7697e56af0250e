// Roles in a real browser (issue 13 "Done when"): each role logs in and sees and may do only its part;
// an editor's upload appears in the audit log. Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import { ACCOUNTS, addAccounts, passwordOf } from '../console/harness.ts';
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
const hasChromium = existsSync(CHROMIUM);
const [admin, editor, viewer] = ACCOUNTS;

let service: Service;
let browser: Browser;
const dirs: string[] = [];

/** A fresh browser context (own cookies) logged in as the account; lands on the dashboard. */
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

const menu = async (page: Page) => page.locator('nav[aria-label="メニュー"] li a').allInnerTexts();
const heading = async (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

describe.skipIf(!hasChromium)('Roles in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-roles-data-'));
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
        LOG_LEVEL: 'silent',
      }),
      logger: createLogger({ level: 'silent' }),
    });
    await service.ready;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.shutdown(1_000);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('a viewer sees the dashboard, Ask, Review and Documents, and is refused the rest', async () => {
    const page = await logInAs(viewer.name);
    expect(await heading(page)).toBe('ダッシュボード');
    expect(await menu(page)).toEqual(['ダッシュボード', '質問を試す', '振り返り', 'お問い合わせ', '資料']);
    expect(await page.locator('.chart svg').count()).toBe(1);
    await page.goto(`${service.url}/console/documents`);
    expect(await page.locator('form.upload').count()).toBe(0);
    expect(await page.locator('form.reload').count()).toBe(0);
    for (const path of ['/console/audit', '/console/dictionaries', '/console/users', '/console/test-set']) {
      const res = await page.goto(`${service.url}${path}`);
      expect(`${path} ${res?.status()}`).toBe(`${path} 403`);
      expect(await heading(page)).toBe('この操作の権限がありません');
    }
    await page.context().close();
  });

  it('an editor uploads a document, which the audit log then shows, but cannot open Accounts', async () => {
    const page = await logInAs(editor.name);
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
    const file = join(dirs[0] ?? tmpdir(), 'roles-upload.md');
    writeFileSync(file, '# 窓口案内\n\n## 受付時間\n\n受付時間は平日の8時45分から17時15分までです。\n');
    await page.goto(`${service.url}/console/documents`);
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
    await page.screenshot({ path: join(SCREENSHOTS, 'roles-audit.png'), fullPage: true });

    const res = await page.goto(`${service.url}/console/users`);
    expect(res?.status()).toBe(403);
    await page.context().close();
  });

  it('an editor replaces a document through the dry run, which lists the questions it turns wrong', async () => {
    const page = await logInAs(editor.name);
    const id = 'kushiro-machizukuri-kihon-koso-gaiyo';
    const file = join(dirs[0] ?? tmpdir(), 'kihon-koso-short.md');
    writeFileSync(
      file,
      '# 釧路市まちづくり基本構想\n\n## 将来像\n\n人が集い、活力に満ちたまちを目指します。\n',
    );
    await page.goto(`${service.url}/console/documents/${id}`);
    await page.getByLabel('新しい版のファイル').setInputFiles(file);
    await page.getByRole('button', { name: '内容を確かめる' }).click();
    // console.js asks for the confirmation page again (a GET) until the dry run is done.
    const panel = page.locator('.dry-run-panel[data-dry-run="done"]');
    await panel.waitFor({ timeout: 90_000 });
    expect(page.url()).toMatch(new RegExp(`/console/documents/${id}/replace/[a-f0-9]{32}$`));
    expect(await panel.locator('.dry-run-list.wrong li').count()).toBeGreaterThan(0);
    expect(await panel.locator('.notice.error').textContent()).toContain('不正解になります');
    await page.screenshot({ path: join(SCREENSHOTS, 'roles-dry-run.png'), fullPage: true });

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
    const page = await logInAs(admin.name);
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

    const newcomer = await logInAs('browser.new');
    expect(await menu(newcomer)).not.toContain('辞書');
    await newcomer.getByRole('button', { name: 'ログアウト' }).click();
    await newcomer.waitForURL(/\/console\/login$/);
    await newcomer.context().close();
  });
});
