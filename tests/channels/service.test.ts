import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { type Service, startService } from '../../src/main.ts';
import type { Answer, AnswerEngine, AskOptions } from '../../src/qa/types.ts';
import { ACCESS_TOKEN, baseEvent, CHANNEL_SECRET, sign, textEvent } from '../server/webhook-fixtures.ts';
import { fakeEngines } from '../support/fake-engines.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';

const KAMAISHI_BOT = `U${'ab'.repeat(16)}`;
const KAMAISHI = { secret: 'kamaishi-secret-0123456789', token: 'kamaishi-token' };
const KUSHIRO = { secret: 'kushiro-secret-0123456789', token: 'kushiro-token' };

/** Answers consultation questions from the city it was asked about, declines the rest. */
class CityEngine implements AnswerEngine {
  readonly asked: (string | undefined)[] = [];
  ask(question: string, options?: AskOptions): Answer {
    const municipality = options?.municipality;
    this.asked.push(municipality);
    if (!question.includes('相談')) {
      return {
        answered: false,
        question,
        answer: '見つかりませんでした。',
        reason: 'out_of_scope',
        confidence: 0.05,
        municipality: null,
        sources: [],
      };
    }
    const city = municipality ?? '釧路市';
    return {
      answered: true,
      citation: '（出典：テスト資料／釧路市）',
      question,
      answer: `${city}の相談は毎週水曜日です。`,
      confidence: 0.8,
      municipality: city,
      sources: [
        {
          docId: `${city}-doc`,
          title: `${city}の広報`,
          municipality: city,
          section: '相談',
          excerpt: `${city}の相談は毎週水曜日です。`,
          score: 5,
          passageId: `${city}-doc#1`,
        },
      ],
    };
  }
}

let fake: FakeLineApi;
const dirs: string[] = [];
const services: Service[] = [];

beforeAll(async () => {
  fake = await startFakeLineApi();
});
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.shutdown(1_000)));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  fake.calls.length = 0;
  fake.loadingCalls.length = 0;
});
afterAll(async () => {
  await fake.close();
  delete process.env.KAMAISHI_SECRET;
  delete process.env.KAMAISHI_TOKEN;
});

async function start(): Promise<{ service: Service; engine: CityEngine }> {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-channels-'));
  dirs.push(dir);
  const file = join(dir, 'channels.json');
  writeFileSync(
    file,
    JSON.stringify({
      channels: [
        {
          id: 'kamaishi',
          municipality: '釜石市',
          channelSecretEnv: 'KAMAISHI_SECRET',
          channelAccessTokenEnv: 'KAMAISHI_TOKEN',
          botUserId: KAMAISHI_BOT,
          greeting: 'こんにちは。釜石市の資料からお答えします。',
          contact: '釜石市役所 市民課（0193-22-2111）',
        },
        {
          id: 'kushiro',
          municipality: '釧路市',
          channelSecret: KUSHIRO.secret,
          channelAccessToken: KUSHIRO.token,
        },
      ],
    }),
  );
  process.env.KAMAISHI_SECRET = KAMAISHI.secret;
  process.env.KAMAISHI_TOKEN = KAMAISHI.token;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    KOTAE_DATA_DIR: join(dir, 'data'),
    LINE_API_BASE_URL: fake.baseURL,
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    KOTAE_CHANNELS_FILE: file,
  });
  const engine = new CityEngine();
  const service = await startService({
    config,
    logger: silentLogger(),
    engines: fakeEngines(engine),
  });
  services.push(service);
  await service.ready;
  return { service, engine };
}

async function post(
  service: Service,
  path: string,
  events: Record<string, unknown>[],
  secret: string,
  destination = KAMAISHI_BOT,
): Promise<Response> {
  const body = JSON.stringify({ destination, events });
  return fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body, secret) },
    body,
  });
}

async function settled(service: Service): Promise<void> {
  await service.processor()?.idle();
}

const replyTo = (token: string) =>
  fake.calls.find((c) => (c.body as { replyToken?: string }).replyToken === token);

describe('several cities on one deployment', () => {
  it("answers a channel's residents from its city with its own access token", async () => {
    const { service, engine } = await start();
    const token = fake.issueReplyToken();
    const res = await post(
      service,
      '/webhook/kamaishi',
      [textEvent('法律相談はいつ？', { replyToken: token })],
      KAMAISHI.secret,
    );
    expect(res.status).toBe(200);
    await settled(service);
    expect(engine.asked).toEqual(['釜石市']);
    const call = replyTo(token);
    expect(call?.headers.authorization).toBe(`Bearer ${KAMAISHI.token}`);
    expect(JSON.stringify(call?.body)).toContain('釜石市の相談は毎週水曜日です');
    await vi.waitFor(() => expect(fake.loadingCalls).toHaveLength(1));
    expect(fake.loadingCalls[0]?.headers.authorization).toBe(`Bearer ${KAMAISHI.token}`);
  });

  it('keeps the single-channel /webhook working beside the channels', async () => {
    const { service, engine } = await start();
    const token = fake.issueReplyToken();
    const res = await post(
      service,
      '/webhook',
      [textEvent('法律相談はいつ？', { replyToken: token })],
      CHANNEL_SECRET,
    );
    expect(res.status).toBe(200);
    await settled(service);
    expect(engine.asked).toEqual([undefined]);
    expect(replyTo(token)?.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
  });

  it("verifies each channel with its own secret and checks LINE's destination", async () => {
    const { service } = await start();
    const events = [textEvent('法律相談はいつ？', { replyToken: fake.issueReplyToken() })];
    expect((await post(service, '/webhook/kamaishi', events, KUSHIRO.secret)).status).toBe(401);
    expect((await post(service, '/webhook/kamaishi', events, CHANNEL_SECRET)).status).toBe(401);
    const elsewhere = await post(
      service,
      '/webhook/kamaishi',
      events,
      KAMAISHI.secret,
      `U${'cd'.repeat(16)}`,
    );
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.json()).toMatchObject({ error: 'wrong_destination' });
    // A channel without a bot user id configured accepts any destination.
    expect((await post(service, '/webhook/kushiro', [], KUSHIRO.secret, 'Uanything')).status).toBe(200);
    expect((await post(service, '/webhook/sapporo', events, KAMAISHI.secret)).status).toBe(404);
    await settled(service);
    expect(fake.calls).toEqual([]);
  });

  it("greets with the channel's greeting and names its contact when it cannot answer", async () => {
    const { service } = await start();
    const follow = fake.issueReplyToken();
    const question = fake.issueReplyToken();
    await post(
      service,
      '/webhook/kamaishi',
      [baseEvent('follow', { replyToken: follow }), textEvent('天気はどう？', { replyToken: question })],
      KAMAISHI.secret,
    );
    await settled(service);
    expect(JSON.stringify(replyTo(follow)?.body)).toContain('釜石市の資料からお答えします');
    expect(JSON.stringify(replyTo(question)?.body)).toContain('釜石市役所 市民課（0193-22-2111）');
  });

  it("records each channel's city with its interactions, so Review can filter by it", async () => {
    const { service } = await start();
    await post(
      service,
      '/webhook/kamaishi',
      [textEvent('法律相談は？', { replyToken: fake.issueReplyToken() })],
      KAMAISHI.secret,
    );
    await post(
      service,
      '/webhook/kamaishi',
      [textEvent('天気は？', { replyToken: fake.issueReplyToken() })],
      KAMAISHI.secret,
    );
    await post(
      service,
      '/webhook/kushiro',
      [textEvent('法律相談は？', { replyToken: fake.issueReplyToken() })],
      KUSHIRO.secret,
    );
    await settled(service);
    const kamaishi = await service.store.interactions.list({ municipality: '釜石市' });
    expect(kamaishi.map((i) => [i.question, i.answered])).toEqual(
      expect.arrayContaining([
        ['法律相談は？', true],
        ['天気は？', false],
      ]),
    );
    expect(kamaishi).toHaveLength(2);
    expect(await service.store.interactions.count({ municipality: '釧路市' })).toBe(1);
  });
});
