// `npm run screenshots`: the login page, the dashboard, the Ask page with an answer and its LINE preview,
// and the お問い合わせ page with two open threads, at desktop and phone width, for the README.
// Runs the real service on a temporary copy of corpus/ and dictionaries/ with a week of sample questions
// answered by the real engine, and drives Debian's Chromium (scripts/install-browser.sh).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/console/password.ts';
import { loadEngine } from '../src/engine/load-engine.ts';
import { createLogger } from '../src/log.ts';
import { startService } from '../src/main.ts';
import { createHandoffSeal } from '../src/store/handoff-seal.ts';
import { openStoreInDataDir } from '../src/store/sqlite.ts';

const CHROMIUM = '/usr/bin/chromium';
const OUT = 'docs/screenshots';
const SIZES = { desktop: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
const ADMIN = { name: 'demo.admin', password: 'demo-admin-password' };
/** Sample traffic: this many questions of the evaluation set per day over the last week. */
const PER_DAY = [9, 14, 11, 6, 17, 12, 8];
const DAY_MS = 24 * 60 * 60 * 1000;
/** The Ask page's question: its answer is a fact with a figure, so the preview shows the bold lead. */
const ASK_QUESTION = 'くしろステイメンバースカードの発行枚数は？';
/** A second question whose section has follow-ups, so the preview shows them as quick replies. */
const ASK_FOLLOW_UP_QUESTION = '国内姉妹都市の都市名は？';
/** A throwaway key for the demo threads' sealed ids; the screenshots never reach LINE. */
const DEMO_HANDOFF_KEY = Buffer.alloc(32, 7);
/** Residents' questions handed to staff (職員に聞く), shown on the お問い合わせ page. */
const HANDOFF_QUESTIONS = ['粗大ごみの出し方は？', 'くしろステイメンバースカードはどこで受け取れますか？'];

if (!existsSync(CHROMIUM)) {
  console.error(`screenshots: ${CHROMIUM} is missing; run bash scripts/install-browser.sh`);
  process.exit(1);
}

const questionSchema = z.object({ question: z.string() });
const questions = readFileSync('tests/eval/questions.jsonl', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => questionSchema.parse(JSON.parse(l)).question);
const outOfScope = [
  '宇宙旅行の補助金はありますか',
  'ペットと泊まれる宿は？',
  '今日の天気は？',
  '粗大ごみの出し方は？',
];

const dir = mkdtempSync(join(tmpdir(), 'kotae-screenshots-'));
const corpusDir = join(dir, 'corpus');
const dictionariesDir = join(dir, 'dictionaries');
const dataDir = join(dir, 'data');
cpSync('corpus', corpusDir, { recursive: true, filter: (src) => !src.endsWith('README.md') });
cpSync('dictionaries', dictionariesDir, { recursive: true });

try {
  const loaded = await loadEngine({ corpusDir, dictionariesDir });
  const store = openStoreInDataDir(dataDir);
  await store.consoleUsers.create({
    ...ADMIN,
    role: 'admin',
    passwordHash: hashPassword(ADMIN.password),
    createdAt: Date.now(),
  });
  let n = 0;
  for (const [i, count] of PER_DAY.entries()) {
    const day = Date.now() - (PER_DAY.length - 1 - i) * DAY_MS;
    for (let k = 0; k < count; k++) {
      n += 1;
      const question =
        n % 5 === 0
          ? (outOfScope[n % outOfScope.length] ?? '')
          : (questions[(n * 7) % questions.length] ?? '');
      const answer = loaded.engine.ask(question);
      const answerId = `demo-${n}`;
      await store.interactions.record({
        answerId,
        createdAt: day - k * 60_000,
        eventId: null,
        userHash: `demo-user-${n % 13}`,
        sourceType: 'user',
        municipality: answer.municipality,
        question,
        answered: answer.answered,
        reason: answer.answered ? null : answer.reason,
        confidence: answer.confidence,
        sources: answer.sources,
        staff: n % 11 === 0,
      });
      if (answer.answered && n % 9 === 0) await store.interactions.setFeedback(answerId, 'unhelpful', day);
    }
  }
  const seal = createHandoffSeal(DEMO_HANDOFF_KEY);
  for (const [i, question] of HANDOFF_QUESTIONS.entries()) {
    const answer = loaded.engine.ask(question);
    await store.handoffs.create({
      id: `00000000-0000-4000-8000-00000000000${i + 1}`,
      createdAt: Date.now() - (i + 1) * 3 * 60 * 60 * 1000,
      userHash: `demo-user-${i}`,
      channel: null,
      answerId: null,
      municipality: answer.municipality ?? '釧路市',
      question,
      botAnswer: answer.answered ? answer.answer : null,
      sources: answer.sources,
      sealedUserId: seal.seal(`U${'0'.repeat(31)}${i}`),
    });
  }
  await store.close();

  const service = await startService({
    config: loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      KOTAE_DATA_DIR: dataDir,
      KOTAE_CORPUS_DIR: corpusDir,
      KOTAE_DICTIONARIES_DIR: dictionariesDir,
      LOG_LEVEL: 'silent',
      HANDOFF_KEY: DEMO_HANDOFF_KEY.toString('base64'),
    }),
    logger: createLogger({ level: 'silent' }),
  });
  await service.ready;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    mkdirSync(OUT, { recursive: true });
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({
        viewport,
        locale: 'ja-JP',
        timezoneId: 'Asia/Tokyo',
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      await page.goto(`${service.url}/console/`);
      await page.waitForURL(/\/console\/login/);
      await page.screenshot({ path: join(OUT, `login-${size}.png`), fullPage: true });
      await page.getByLabel('名前').fill(ADMIN.name);
      await page.getByLabel('パスワード').fill(ADMIN.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.waitForURL(/\/console\/dashboard$/);
      await page.screenshot({ path: join(OUT, `dashboard-${size}.png`), fullPage: true });
      for (const [name, question] of [
        ['ask', ASK_QUESTION],
        ['ask-follow-ups', ASK_FOLLOW_UP_QUESTION],
      ] as const) {
        await page.goto(`${service.url}/console/ask?q=${encodeURIComponent(question)}`);
        const preview = page.locator('.ask-result .preview');
        await preview.waitFor();
        // The first screen only (form, preview, decision): the candidate list below runs to thousands of pixels.
        if (name === 'ask') await page.screenshot({ path: join(OUT, `${name}-${size}.png`) });
        // The preview alone, as a resident's phone shows it.
        await preview.screenshot({ path: join(OUT, `${name}-line-preview-${size}.png`) });
      }
      await page.goto(`${service.url}/console/handoffs`);
      await page.locator('table.handoffs').waitFor();
      await page.screenshot({ path: join(OUT, `handoffs-${size}.png`), fullPage: true });
      await context.close();
      console.log(
        `screenshots: ${OUT}/{login,dashboard,ask,ask-line-preview,ask-follow-ups-line-preview,handoffs}-${size}.png`,
      );
    }
  } finally {
    await browser.close();
    await service.shutdown(1_000);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
