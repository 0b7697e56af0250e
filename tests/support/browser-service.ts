// The real service over a temporary copy of the shipped corpus, and Debian's Chromium driven by
// playwright-core against it: what every browser test (tests/browser) starts the same way and tears down.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page, type ViewportSize } from 'playwright-core';
import { loadConfig } from '../../src/config.ts';
import type { LineSender } from '../../src/line/client.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import { addAccounts, passwordOf } from '../console/harness.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET, deliverWebhook } from '../server/webhook-fixtures.ts';
import { copyShippedCorpus, type ShippedCopy } from './shipped-corpus.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = 'test-results/screenshots';
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** A staff member's desktop, unless a test asks for another size. */
const DESKTOP: ViewportSize = { width: 1280, height: 900 };

export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`browser tests skipped: ${CHROMIUM} is missing; run scripts/install-browser.sh to install it`);
}

export interface BrowserServiceOptions {
  /** Names the temporary directories, so a test's leftovers can be told apart. */
  name: string;
  /** Config beyond the loopback port, the temporary directories and the silent log every test has. */
  env?: Record<string, string>;
  /** The role tests' accounts (tests/console/harness.ts ACCOUNTS), added before the service starts. */
  accounts?: boolean;
  /** LINE credentials the webhook fixtures sign with; replies go to the sender or to the API at the URL. */
  line?: { sender: LineSender } | { apiBaseURL: string };
  /** Runs on the directories before the service opens them. */
  prepare?: (dirs: { dataDir: string; corpusDir: string; dictionariesDir: string }) => Promise<void>;
}

export interface BrowserService {
  service: Service;
  /** The service's data directory, removed with the rest on close. */
  dataDir: string;
  /** A page of its own browser context (own cookies), Japanese and in Tokyo time, on the service's URL. */
  newPage(viewport?: ViewportSize): Promise<Page>;
  /** A new page logged in as one of the accounts; it lands on the dashboard. */
  logInAs(name: string): Promise<Page>;
  /** Posts the events as one signed webhook and waits until the service has handled them. */
  deliver(...events: Record<string, unknown>[]): Promise<void>;
  close(): Promise<void>;
}

export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

function lineEnv(line: BrowserServiceOptions['line']): Record<string, string> {
  if (!line) return {};
  const credentials = { LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN };
  return 'apiBaseURL' in line ? { ...credentials, LINE_API_BASE_URL: line.apiBaseURL } : credentials;
}

interface Started {
  service: Service;
  browser: Browser;
  dataDir: string;
  close(): Promise<void>;
}

/** A failed start leaves nothing behind: the test's afterAll has no handle to close. */
async function start(options: BrowserServiceOptions): Promise<Started> {
  let shipped: ShippedCopy | undefined;
  let dataDir: string | undefined;
  let service: Service | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await service?.shutdown(1_000);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    shipped?.remove();
  };
  try {
    shipped = copyShippedCorpus(`kotae-${options.name}-`);
    dataDir = mkdtempSync(join(tmpdir(), `kotae-${options.name}-data-`));
    const { corpusDir, dictionariesDir } = shipped;
    if (options.accounts) {
      const store = openStoreInDataDir(dataDir);
      await addAccounts(store);
      await store.close();
    }
    await options.prepare?.({ dataDir, corpusDir, dictionariesDir });
    service = await startService({
      config: loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: dataDir,
        KOTAE_CORPUS_DIR: corpusDir,
        KOTAE_DICTIONARIES_DIR: dictionariesDir,
        LOG_LEVEL: 'silent',
        ...lineEnv(options.line),
        ...options.env,
      }),
      logger: createLogger({ level: 'silent' }),
      ...(options.line && 'sender' in options.line ? { sender: options.line.sender } : {}),
    });
    await service.ready;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    return { service, browser, dataDir, close };
  } catch (error) {
    await close();
    throw error;
  }
}

export async function startBrowserService(options: BrowserServiceOptions): Promise<BrowserService> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { service, browser, dataDir, close } = await start(options);
  const newPage = async (viewport = DESKTOP) => {
    const context = await browser.newContext({
      baseURL: service.url,
      locale: 'ja-JP',
      timezoneId: 'Asia/Tokyo',
      viewport,
    });
    return context.newPage();
  };

  return {
    service,
    dataDir,
    newPage,
    async logInAs(name) {
      const page = await newPage();
      await page.goto('/console/');
      await page.waitForURL(/\/console\/login/);
      await page.getByLabel('名前').fill(name);
      await page.getByLabel('パスワード').fill(passwordOf(name));
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL(/\/console\/dashboard$/);
      return page;
    },
    deliver: (...events) => deliverWebhook(service, events),
    close,
  };
}
