import type { messagingApi } from '@line/bot-sdk';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLineSender, type LineSender, retryKeyFor, type SendResult } from '../../src/line/client.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';

const TOKEN = 'test-channel-access-token-7f3a';
const USER = `U${'4af4980629'.repeat(3)}ab`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const hello: messagingApi.Message[] = [{ type: 'text', text: 'こんにちは' }];

let fake: FakeLineApi;
let logLines: string[];

function sender(timeoutMs = 1000, baseURL = fake.baseURL): LineSender {
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  return createLineSender({ channelAccessToken: TOKEN, baseURL, timeoutMs, logger });
}

function failed(result: SendResult): Extract<SendResult, { ok: false }> {
  if (result.ok) throw new Error('expected a failed send');
  return result;
}

beforeEach(async () => {
  fake = await startFakeLineApi({ channelAccessToken: TOKEN });
  logLines = [];
});

afterEach(async () => {
  await fake.close();
});

describe('createLineSender reply', () => {
  it('sends the reply token and messages with the bearer token', async () => {
    const token = fake.issueReplyToken();
    const result = await sender().reply(token, hello);
    expect(result).toEqual({ ok: true, requestId: expect.stringMatching(UUID) });
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.path).toBe('/v2/bot/message/reply');
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.body).toEqual({ replyToken: token, messages: hello });
  });

  it('reports 400 for a used reply token as not retryable', async () => {
    const token = fake.issueReplyToken();
    const line = sender();
    expect((await line.reply(token, hello)).ok).toBe(true);
    const second = failed(await line.reply(token, hello));
    expect(second).toMatchObject({
      status: 400,
      retryable: false,
      error: expect.stringContaining('Invalid reply token'),
    });
    expect(second.requestId).toMatch(UUID);
  });

  it('reports the console verify token as an invalid reply token', async () => {
    const result = failed(await sender().reply('0'.repeat(32), hello));
    expect(result.status).toBe(400);
  });

  it('marks 429 as retryable and logs it with the LINE request id', async () => {
    fake.setBehavior({ status: 429 });
    const result = failed(await sender().reply(fake.issueReplyToken(), hello));
    expect(result).toMatchObject({ status: 429, retryable: true });
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 40, status: 429, requestId: result.requestId }),
    );
  });

  it('never retries a reply after a 500, since the token may be consumed', async () => {
    fake.setBehavior({ status: 500 });
    const result = failed(await sender().reply(fake.issueReplyToken(), hello));
    expect(result).toMatchObject({ status: 500, retryable: false });
    expect(result.requestId).toMatch(UUID);
  });

  it('times out a hanging call and reports it as not retryable', async () => {
    fake.setBehavior('hang');
    const started = Date.now();
    const result = failed(await sender(200).reply(fake.issueReplyToken(), hello));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ retryable: false, error: expect.stringContaining('timed out') });
    expect(fake.calls).toHaveLength(1);
  });

  it('reports a dropped connection as not retryable', async () => {
    fake.setBehavior('drop');
    const result = failed(await sender().reply(fake.issueReplyToken(), hello));
    expect(result.retryable).toBe(false);
    expect(result.status).toBeUndefined();
  });

  it('reports a refused connection as retryable, since nothing reached LINE', async () => {
    const closed = await startFakeLineApi();
    const baseURL = closed.baseURL;
    await closed.close();
    const result = failed(await sender(1000, baseURL).reply(fake.issueReplyToken(), hello));
    expect(result.retryable).toBe(true);
    expect(result.error).toContain('ECONNREFUSED');
  });

  it('refuses to send messages over LINE limits', async () => {
    const tooMany = Array.from({ length: 6 }, () => hello[0] as messagingApi.Message);
    const result = failed(await sender().reply(fake.issueReplyToken(), tooMany));
    expect(result).toMatchObject({ retryable: false, error: expect.stringContaining('LINE limits') });
    expect(fake.calls).toHaveLength(0);
  });

  it('reports a wrong access token as a non-retryable 401', async () => {
    const logger = pino({ level: 'silent' });
    const wrong = createLineSender({
      channelAccessToken: 'other',
      baseURL: fake.baseURL,
      timeoutMs: 1000,
      logger,
    });
    expect(failed(await wrong.reply(fake.issueReplyToken(), hello))).toMatchObject({
      status: 401,
      retryable: false,
    });
  });

  it('never writes the access token or reply token to the log', async () => {
    const token = fake.issueReplyToken();
    const line = sender(200);
    await line.reply(token, hello);
    await line.reply(token, hello);
    fake.setBehavior({ status: 500 });
    await line.reply(fake.issueReplyToken(), hello);
    fake.setBehavior('hang');
    await line.reply(fake.issueReplyToken(), hello);
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(token);
  });
});

describe('createLineSender push', () => {
  it('sends a UUID retry key derived from the given key', async () => {
    const result = await sender().push(USER, hello, 'event-01HZX');
    expect(result.ok).toBe(true);
    const [call] = fake.calls;
    expect(call?.path).toBe('/v2/bot/message/push');
    expect(call?.headers['x-line-retry-key']).toBe(retryKeyFor('event-01HZX'));
    expect(call?.body).toEqual({ to: USER, messages: hello });
  });

  it('treats a repeated retry key (409) as already sent', async () => {
    const line = sender();
    expect((await line.push(USER, hello, 'event-1')).ok).toBe(true);
    const again = await line.push(USER, hello, 'event-1');
    expect(again).toMatchObject({ ok: true, alreadyAccepted: true });
    expect(fake.calls.map((call) => call.status)).toEqual([200, 409]);
  });

  it('marks 500, timeouts and dropped connections as retryable, and a retry then succeeds', async () => {
    const line = sender(200);
    for (const behavior of [{ status: 500 }, 'hang', 'drop'] as const) {
      fake.setBehavior(behavior);
      expect(failed(await line.push(USER, hello, 'event-2')).retryable).toBe(true);
    }
    fake.setBehavior('ok');
    expect(await line.push(USER, hello, 'event-2')).toMatchObject({ ok: true });
  });

  it('passes a key that is already a UUID through unchanged', async () => {
    const key = '123e4567-e89b-12d3-a456-426614174000';
    await sender().push(USER, hello, key);
    expect(fake.calls[0]?.headers['x-line-retry-key']).toBe(key);
  });

  it('marks a bad push target as a non-retryable 400', async () => {
    expect(failed(await sender().push('not-a-user', hello, 'event-3'))).toMatchObject({
      status: 400,
      retryable: false,
    });
  });

  it('never throws under random failures, and the same seed fails the same way', async () => {
    const run = async () => {
      fake.setBehavior({ failRate: 0.5, seed: 42 });
      const line = sender();
      const results: boolean[] = [];
      for (let i = 0; i < 12; i++)
        results.push((await line.push(USER, hello, `seeded-${i}-${results.length}`)).ok);
      return results;
    };
    const first = await run();
    await fake.close();
    fake = await startFakeLineApi({ channelAccessToken: TOKEN });
    const second = await run();
    expect(first).toEqual(second);
    expect(first).toContain(true);
    expect(first).toContain(false);
  });
});

describe('retryKeyFor', () => {
  it('derives the same UUID for the same key and different ones for different keys', () => {
    expect(retryKeyFor('a')).toBe(retryKeyFor('a'));
    expect(retryKeyFor('a')).not.toBe(retryKeyFor('b'));
    expect(retryKeyFor('a')).toMatch(UUID);
    expect(retryKeyFor('a')[14]).toBe('8');
  });
});

describe('createLineSender showLoading', () => {
  it('starts the loading animation of a one-to-one chat', async () => {
    expect(await sender().showLoading(USER, 20)).toMatchObject({ ok: true });
    expect(fake.loadingCalls).toHaveLength(1);
    expect(fake.loadingCalls[0]).toMatchObject({ status: 202, body: { chatId: USER, loadingSeconds: 20 } });
    expect(fake.calls).toHaveLength(0);
  });

  it('returns a failure, never a throw, when LINE refuses it', async () => {
    const result = failed(await sender().showLoading(`C${'0'.repeat(32)}`, 20));
    expect(result).toMatchObject({ status: 400, retryable: false });
    expect(logLines.join('')).not.toContain(TOKEN);
  });

  it('gives up after the timeout', async () => {
    fake.setEndpointBehavior('/v2/bot/chat/loading/start', 'hang');
    expect(failed(await sender(100).showLoading(USER, 20)).error).toContain('timed out');
  });
});
