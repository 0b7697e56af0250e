import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLineSender } from '../../src/line/client.ts';
import { assertWithinLimits } from '../../src/line/limits.ts';
import { LOADING_SECONDS } from '../../src/line/loading.ts';
import { createLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import { openStoreInDataDir } from '../../src/store/sqlite.ts';
import { fakeEngines } from '../support/fake-engines.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { FakeEngine, PASSAGE } from './fakes.ts';
import {
  ACCESS_TOKEN,
  baseEvent,
  CHANNEL_SECRET,
  GROUP_ID,
  OTHER_USER_ID,
  postbackEvent,
  ROOM_ID,
  sign,
  textEvent,
  USER_ID,
  webhookBody,
} from './webhook-fixtures.ts';

/** Every log line of every service in this file, scanned for secrets at the end. */
const logLines: string[] = [];
const dirs: string[] = [];
const services: Service[] = [];
let fake: FakeLineApi;
const LOADING_PATH = '/v2/bot/chat/loading/start';

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.shutdown(1_000)));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  fake.setBehavior('ok');
  fake.setEndpointBehavior(LOADING_PATH, null);
  fake.calls.length = 0;
  fake.loadingCalls.length = 0;
  fake.requests.length = 0;
});
afterAll(async () => {
  await fake.close();
});

interface StartOptions {
  credentials?: boolean;
  gate?: Promise<void>;
  timeoutMs?: number;
  dataDir?: string;
  pushFallback?: boolean;
}

async function start(options: StartOptions = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kotae-service-'));
  if (!options.dataDir) dirs.push(dataDir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KOTAE_DATA_DIR: dataDir,
    LINE_API_BASE_URL: fake.baseURL,
    LOG_LEVEL: 'debug',
    LINE_PUSH_FALLBACK: options.pushFallback ? 'true' : 'false',
    ...(options.credentials === false
      ? {}
      : { LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN }),
  });
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => logLines.push(line) },
  });
  const engine = new FakeEngine();
  const service = await startService({
    config,
    logger,
    engines: fakeEngines(engine, { passages: [PASSAGE], ...(options.gate ? { gate: options.gate } : {}) }),
    sender: config.line
      ? createLineSender({
          channelAccessToken: config.line.channelAccessToken,
          baseURL: config.lineApiBaseUrl,
          timeoutMs: options.timeoutMs ?? 2_000,
          logger,
        })
      : null,
  });
  services.push(service);
  return { service, engine, dataDir };
}

async function postWebhook(service: Service, events: Record<string, unknown>[]) {
  const body = webhookBody(events);
  return fetch(`${service.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
    body,
  });
}

async function settle(service: Service) {
  await service.ready;
  await service.processor()?.idle();
}

describe('service start-up', () => {
  it('answers /healthz at once and /readyz 503 until the engine is loaded', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const { service } = await start({ gate });
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(503);
    const early = await postWebhook(service, [
      textEvent('無料法律相談は？', { replyToken: fake.issueReplyToken() }),
    ]);
    expect(early.status).toBe(200);
    open();
    await settle(service);
    expect((await fetch(`${service.url}/readyz`)).status).toBe(200);
    expect(fake.calls).toHaveLength(1);
  });

  it('serves /webhook 503 naming the variables when LINE is not configured', async () => {
    const { service } = await start({ credentials: false });
    const res = await postWebhook(service, [textEvent('hi')]);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: 'line_not_configured',
      missing: ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
    });
  });
});

describe('replies through the real LINE client to the fake LINE API', () => {
  it('sends the answer as a Flex message with the token, bearer and source', async () => {
    const { service } = await start();
    const replyToken = fake.issueReplyToken();
    expect(
      (await postWebhook(service, [textEvent('無料法律相談はいつですか？', { replyToken })])).status,
    ).toBe(200);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0];
    expect(call?.path).toBe('/v2/bot/message/reply');
    expect(call?.status).toBe(200);
    expect(call?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    const body = call?.body as { replyToken: string; messages: unknown[] };
    expect(body.replyToken).toBe(replyToken);
    expect(assertWithinLimits(body.messages)).toEqual({ ok: true });
    const json = JSON.stringify(body.messages);
    expect(body.messages[0]).toMatchObject({ type: 'flex' });
    expect(json).toContain('第2水曜日');
    expect(json).toContain(PASSAGE.title);
  });

  it('answers by push with a retry key when the reply token expired and push fallback is on', async () => {
    const { service } = await start({ pushFallback: true });
    const event = textEvent('無料法律相談は？', { id: 'LATE', timestamp: Date.now() - 10 * 60_000 });
    await postWebhook(service, [event]);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
    const call = fake.calls[0];
    expect(call).toMatchObject({ path: '/v2/bot/message/push', status: 200 });
    expect(call?.body).toMatchObject({ to: USER_ID });
    expect(call?.headers['x-line-retry-key']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(await service.store.inbox.get('LATE')).toMatchObject({ outcome: 'expired', delivery: 'push' });
  });

  it('answers a redelivered event once', async () => {
    const { service } = await start();
    const event = textEvent('無料法律相談は？', { id: 'REDELIVERED', replyToken: fake.issueReplyToken() });
    await postWebhook(service, [event]);
    await settle(service);
    await postWebhook(service, [{ ...event, deliveryContext: { isRedelivery: true } }]);
    await postWebhook(service, [event, event]);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
    expect(await service.store.inbox.countByOutcome()).toMatchObject({ answered: 1 });
  });

  it('answers a group only when addressed', async () => {
    const { service } = await start();
    const source = { type: 'group' as const, groupId: GROUP_ID, userId: OTHER_USER_ID };
    await postWebhook(service, [
      textEvent('無料法律相談は？', { source, replyToken: fake.issueReplyToken() }),
      textEvent('@kotae 無料法律相談は？', { source, replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
  });

  it('does not answer LINE console verify events', async () => {
    const { service } = await start();
    await postWebhook(service, [
      textEvent('test', { replyToken: '0'.repeat(32) }),
      baseEvent('follow', { replyToken: 'f'.repeat(32) }),
    ]);
    await settle(service);
    expect(fake.calls).toHaveLength(0);
    expect(await service.store.inbox.countByOutcome()).toMatchObject({ ignored: 2 });
  });

  it.each([400, 429, 500])('records a failure when LINE answers %i and keeps serving', async (status) => {
    const { service } = await start();
    fake.setBehavior({ status });
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: `FAIL${status}`, replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect(await service.store.inbox.get(`FAIL${status}`)).toMatchObject({
      outcome: 'failed',
      detail: `line_reply_${status}`,
    });
    expect(fake.calls).toHaveLength(1);
    fake.setBehavior('ok');
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: 'AFTER', replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect((await service.store.inbox.get('AFTER'))?.outcome).toBe('answered');
  });

  it('gives up on a hanging LINE API after the timeout without retrying the token', async () => {
    const { service } = await start({ timeoutMs: 300 });
    fake.setBehavior('hang');
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: 'HANG', replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect(await service.store.inbox.get('HANG')).toMatchObject({
      outcome: 'failed',
      detail: 'line_reply_timeout',
    });
    expect(fake.calls).toHaveLength(1);
  });

  it('records a dropped connection as a failure', async () => {
    const { service } = await start();
    fake.setBehavior('drop');
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: 'DROP', replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect((await service.store.inbox.get('DROP'))?.outcome).toBe('failed');
  });
});

describe('loading animation', () => {
  const paths = () => fake.requests.map((r) => r.path);

  it('shows the animation in a one-to-one chat before the reply', async () => {
    const { service } = await start();
    await postWebhook(service, [textEvent('無料法律相談は？', { replyToken: fake.issueReplyToken() })]);
    await settle(service);
    await vi.waitFor(() => expect(fake.loadingCalls).toHaveLength(1));
    expect(fake.loadingCalls[0]).toMatchObject({
      method: 'POST',
      status: 202,
      body: { chatId: USER_ID, loadingSeconds: LOADING_SECONDS },
    });
    expect(fake.loadingCalls[0]?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(paths()).toEqual([LOADING_PATH, '/v2/bot/message/reply']);
  });

  it('shows no animation in a group or a room, where LINE has none', async () => {
    const { service } = await start();
    await postWebhook(service, [
      textEvent('@kotae 無料法律相談は？', {
        source: { type: 'group', groupId: GROUP_ID, userId: OTHER_USER_ID },
        replyToken: fake.issueReplyToken(),
      }),
      textEvent('こたえ 無料法律相談は？', {
        source: { type: 'room', roomId: ROOM_ID, userId: OTHER_USER_ID },
        replyToken: fake.issueReplyToken(),
      }),
    ]);
    await settle(service);
    expect(fake.calls).toHaveLength(2);
    expect(fake.loadingCalls).toHaveLength(0);
  });

  it('shows it once for an event LINE redelivers', async () => {
    const { service } = await start();
    const event = textEvent('無料法律相談は？', { id: 'ONCE', replyToken: fake.issueReplyToken() });
    await postWebhook(service, [event]);
    await settle(service);
    await postWebhook(service, [{ ...event, deliveryContext: { isRedelivery: true } }]);
    await settle(service);
    await vi.waitFor(() => expect(fake.loadingCalls).toHaveLength(1));
    expect(fake.calls).toHaveLength(1);
  });

  it('still replies once when the loading endpoint fails, and logs the failure without the user id', async () => {
    const { service } = await start();
    const linesBefore = logLines.length;
    fake.setEndpointBehavior(LOADING_PATH, { status: 500 });
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: 'LOADFAIL', replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ path: '/v2/bot/message/reply', status: 200 });
    expect(await service.store.inbox.get('LOADFAIL')).toMatchObject({ outcome: 'answered' });
    const failure = () => logLines.slice(linesBefore).find((l) => l.includes('loading animation not shown'));
    await vi.waitFor(() => expect(failure()).toBeDefined());
    const line = failure() ?? '';
    expect(JSON.parse(line)).toMatchObject({ status: 500, failed: 1 });
    expect(line).not.toContain(USER_ID);
  });

  it('does not hold the reply back while the loading endpoint hangs', async () => {
    const { service } = await start({ timeoutMs: 1_500 });
    fake.setEndpointBehavior(LOADING_PATH, 'hang');
    const started = Date.now();
    await postWebhook(service, [
      textEvent('無料法律相談は？', { id: 'LOADHANG', replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('restart', () => {
  it('processes events acknowledged before a stop when the service comes back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-restart-'));
    dirs.push(dataDir);
    let never = () => {};
    const gate = new Promise<void>((resolve) => {
      never = resolve;
    });
    const first = await start({ dataDir, gate });
    await postWebhook(first.service, [
      textEvent('無料法律相談は？', { id: 'KEPT', replyToken: fake.issueReplyToken() }),
    ]);
    await first.service.shutdown(100);
    never();
    services.splice(services.indexOf(first.service), 1);

    const second = await start({ dataDir });
    await settle(second.service);
    expect((await second.service.store.inbox.get('KEPT'))?.outcome).toBe('answered');
    expect(fake.calls).toHaveLength(1);
  });
});

describe('retention', () => {
  it('purges interactions older than RETENTION_DAYS at start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-retention-'));
    dirs.push(dataDir);
    const seed = openStoreInDataDir(dataDir);
    const interaction = {
      eventId: null,
      userHash: 'h',
      sourceType: 'user' as const,
      municipality: null,
      question: '相談は？',
      answered: false,
      reason: 'out_of_scope',
      confidence: 0,
      sources: [],
    };
    await seed.interactions.record({
      ...interaction,
      answerId: 'old',
      createdAt: Date.now() - 200 * 86_400_000,
    });
    await seed.interactions.record({
      ...interaction,
      answerId: 'recent',
      createdAt: Date.now() - 86_400_000,
    });
    await seed.close();
    const { service } = await start({ dataDir });
    await settle(service);
    expect(await service.store.interactions.get('old')).toBeNull();
    expect(await service.store.interactions.get('recent')).not.toBeNull();
  });
});

describe('database', () => {
  it('holds no raw LINE id, reply token or secret after answering, feedback and a group', async () => {
    const { service, dataDir } = await start({ pushFallback: true });
    const replyToken = fake.issueReplyToken();
    await postWebhook(service, [
      textEvent('無料法律相談は？', { replyToken }),
      textEvent('@kotae 相談は？', {
        source: { type: 'group', groupId: GROUP_ID, userId: OTHER_USER_ID },
        replyToken: fake.issueReplyToken(),
      }),
    ]);
    await settle(service);
    const [answer] = await service.store.interactions.list({});
    await postWebhook(service, [
      postbackEvent(`fb=up&a=${answer?.answerId}`, { replyToken: fake.issueReplyToken() }),
    ]);
    await settle(service);
    await service.shutdown(1_000);
    services.splice(services.indexOf(service), 1);
    const bytes = readdirSync(dataDir)
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('');
    expect(bytes).toContain(Buffer.from('無料法律相談').toString('latin1'));
    for (const secret of [USER_ID, OTHER_USER_ID, GROUP_ID, replyToken, CHANNEL_SECRET, ACCESS_TOKEN]) {
      expect(bytes).not.toContain(secret);
    }
  });
});

describe('logs', () => {
  it('record rejected webhooks with their reason but not their body', async () => {
    const { service } = await start();
    const body = webhookBody([textEvent('秘密の質問', { source: { type: 'user', userId: USER_ID } })]);
    const res = await fetch(`${service.url}/webhook`, {
      method: 'POST',
      headers: { 'x-line-signature': sign(body, 'wrong-secret') },
      body,
    });
    expect(res.status).toBe(401);
    const line = logLines.find((l) => l.includes('"code":"invalid_signature"'));
    expect(line).toContain('"status":401');
    expect(line).not.toContain('秘密');
  });

  it('never contain the channel secret, the access token or raw LINE ids', () => {
    const all = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    expect(all).toContain('line event');
    for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, USER_ID, OTHER_USER_ID, GROUP_ID]) {
      expect(all).not.toContain(secret);
    }
  });
});
