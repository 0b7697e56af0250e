import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';

const CHANNEL_SECRET = `secret-${randomBytes(12).toString('hex')}`;
const ACCESS_TOKEN = `token-${randomBytes(18).toString('base64url')}`;
const CONSOLE_PASSWORD = `pw-${randomBytes(9).toString('hex')}`;
const USER_A = `U${randomBytes(16).toString('hex')}`;
const USER_B = `U${randomBytes(16).toString('hex')}`;
const USER_C = `U${randomBytes(16).toString('hex')}`;
const GROUP = `C${randomBytes(16).toString('hex')}`;
const ANSWERED_QUESTION = '釧路市まちづくり基本構想の計画期間は？';

let fake: FakeLineApi;
let dataDir: string;
let child: ChildProcess | undefined;
let output = '';

function sign(body: string, secret = CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

let sequence = 0;
function event(type: string, source: Record<string, string>, extra: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    type,
    mode: 'active',
    timestamp: Date.now(),
    source,
    webhookEventId: `01SECRETSCAN${String(sequence).padStart(14, '0')}`,
    deliveryContext: { isRedelivery: false },
    ...(type === 'unfollow' ? {} : { replyToken: fake.issueReplyToken() }),
    ...extra,
  };
}
const text = (t: string) => ({ message: { type: 'text', id: '1', quoteToken: 'q', text: t } });

async function postWebhook(url: string, events: unknown[], signature?: string): Promise<number> {
  const body = JSON.stringify({ destination: USER_C, events });
  const res = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signature ?? sign(body) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

function startServer(): Promise<string> {
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      KOTAE_DATA_DIR: dataDir,
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: fake.baseURL,
      LINE_PUSH_FALLBACK: 'true',
      CONSOLE_PASSWORD,
      LOG_LEVEL: 'trace',
      // Empty, so a developer's .env cannot move the store or the webhook elsewhere.
      DATABASE_URL: '',
      KOTAE_CHANNELS_FILE: '',
      USER_HASH_SECRET: '',
      CONSOLE_PASSWORD_HASH: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = child;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen:\n${output}`)), 30_000);
    started.stderr?.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    started.stdout?.on('data', (c: Buffer) => {
      output += c.toString('utf8');
      const url = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/u.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    started.once('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function pendingEvents(): number {
  const db = new DatabaseSync(join(dataDir, 'kotae.db'), { readOnly: true });
  try {
    const row = db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE status != 'done'").get() as { n: number };
    return Number(row.n);
  } finally {
    db.close();
  }
}

/** A console login: fetch the form for a session and its CSRF token, then post the password. */
async function consoleLogin(url: string, password: string): Promise<number> {
  const form = await fetch(`${url}/console/login`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/u.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${url}/console/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, password, next: '/console/review' }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  dataDir = mkdtempSync(join(tmpdir(), 'kotae-secrets-'));
  const url = await startServer();
  await until(async () => (await fetch(`${url}/readyz`)).status === 200, 'readiness');

  const user = (userId: string) => ({ type: 'user', userId });
  expect(await postWebhook(url, [event('follow', user(USER_A))])).toBe(200);
  expect(await postWebhook(url, [event('message', user(USER_A), text(ANSWERED_QUESTION))])).toBe(200);
  expect(await postWebhook(url, [event('message', user(USER_B), text('宇宙旅行の予約方法は？'))])).toBe(200);
  expect(
    await postWebhook(url, [
      event(
        'message',
        { type: 'group', groupId: GROUP, userId: USER_C },
        text(`@kotae ${ANSWERED_QUESTION}`),
      ),
      event('message', user(USER_A), {
        message: { type: 'sticker', id: '2', packageId: '1', stickerId: '1' },
      }),
    ]),
  ).toBe(200);
  await until(() => fake.calls.length >= 4, 'the first replies');
  const answerId = /fb=up&a=([0-9a-f-]{36})/u.exec(JSON.stringify(fake.calls.map((c) => c.body)))?.[1];
  expect(answerId).toBeDefined();
  expect(
    await postWebhook(url, [
      event('postback', user(USER_A), { postback: { data: `fb=down&a=${answerId}` } }),
    ]),
  ).toBe(200);
  // A reply token too old to use: answered by push, which sends the raw id to LINE (and only there).
  expect(
    await postWebhook(url, [
      { ...event('message', user(USER_B), text(ANSWERED_QUESTION)), timestamp: Date.now() - 5 * 60_000 },
    ]),
  ).toBe(200);
  await until(() => pendingEvents() === 0, 'the inbox to drain');

  // LINE failing in every way the sender logs.
  for (const behavior of [{ status: 500 }, { status: 429 }, { status: 400 }, 'drop'] as const) {
    fake.setBehavior(behavior);
    expect(await postWebhook(url, [event('message', user(USER_A), text(ANSWERED_QUESTION))])).toBe(200);
    await until(() => pendingEvents() === 0, `the inbox to drain under ${JSON.stringify(behavior)}`);
  }
  fake.setBehavior('ok');

  expect(await postWebhook(url, [event('follow', user(USER_C))], sign('other body'))).toBe(401);
  // A malformed event is skipped (and logged) rather than refusing the body: the log line must name no id.
  expect(await postWebhook(url, [{ ...event('follow', user(USER_C)), timestamp: 'now' }])).toBe(200);
  expect(await consoleLogin(url, `${CONSOLE_PASSWORD}-wrong`)).toBe(401);
  expect(await consoleLogin(url, CONSOLE_PASSWORD)).toBe(303);
  expect(await postWebhook(url, [event('unfollow', user(USER_B))])).toBe(200);
  await until(() => pendingEvents() === 0, 'the inbox to drain');

  const running = child;
  const exited = new Promise((resolve) => running?.once('exit', resolve));
  running?.kill('SIGTERM');
  await exited;
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file the service left in its data directory, as bytes. */
function dataFiles(): { name: string; bytes: Buffer }[] {
  return readdirSync(dataDir).map((name) => ({ name, bytes: readFileSync(join(dataDir, name)) }));
}

const NEEDLES = {
  'channel secret': CHANNEL_SECRET,
  'access token': ACCESS_TOKEN,
  'console password': CONSOLE_PASSWORD,
  'user A id': USER_A,
  'user B id': USER_B,
  'user C id': USER_C,
  'group id': GROUP,
};

describe('secrets and raw LINE ids', () => {
  it('ran a real session: the logs record events by hashed user, the database holds the questions', () => {
    expect(output).toContain('"msg":"line event"');
    expect(output).toMatch(/"userHash":"[A-Za-z0-9_-]{20,}"/u);
    expect(output).toContain('console login failed');
    expect(output).toContain('"msg":"stopped"');
    const files = dataFiles();
    expect(files.some((f) => f.bytes.includes(Buffer.from(ANSWERED_QUESTION)))).toBe(true);
    // The raw ids did reach LINE, so their absence below is not an accident of the session.
    const sent = JSON.stringify(fake.calls.map((c) => c.body));
    expect(sent).toContain(USER_B);
  });

  it('never writes the channel secret, access token, console password or a raw id to the logs', () => {
    for (const [what, needle] of Object.entries(NEEDLES)) {
      expect(output.includes(needle), `${what} in the logs`).toBe(false);
    }
  });

  it('keeps what residents typed out of the logs', () => {
    expect(output.includes(ANSWERED_QUESTION)).toBe(false);
  });

  it('never writes them to any file of the data directory (database, WAL, keys)', () => {
    for (const { name, bytes } of dataFiles()) {
      for (const [what, needle] of Object.entries(NEEDLES)) {
        expect(bytes.includes(Buffer.from(needle)), `${what} in ${name}`).toBe(false);
      }
    }
  });
});
