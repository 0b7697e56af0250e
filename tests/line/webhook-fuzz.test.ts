import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersOnThisThread } from '../../src/line/answers.ts';
import { parseWebhookBody, toInboxEvent } from '../../src/line/events.ts';
import { createEventHandler } from '../../src/line/handle-event.ts';
import { createRateLimiter } from '../../src/line/rate-limit.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/server.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import { FakeEngine, RecordingSender } from '../server/fakes.ts';
import {
  CHANNEL_SECRET,
  GROUP_ID,
  postbackEvent,
  sign,
  textEvent,
  webhookBody,
} from '../server/webhook-fixtures.ts';

const keys = createIdentityKeys('fuzz-secret-0123456789abcdef0123');
let store: SqliteStore;
let app: ReturnType<typeof createApp>;

beforeAll(() => {
  store = new SqliteStore({ file: ':memory:' });
  app = createApp({
    webhook: {
      channelSecret: CHANNEL_SECRET,
      missingVariables: [],
      store,
      keys,
      pushFallback: true,
      logger: silentLogger(),
      now: Date.now,
      onEnqueued: () => {},
    },
    readiness: { isReady: () => true },
    logger: silentLogger(),
  });
});
afterAll(async () => {
  await store.close();
});

function post(body: string | Buffer, signature: string | null = sign(body)) {
  const req = request(app)
    .post('/webhook')
    .set('content-type', 'application/json')
    .serialize((raw: unknown) => raw as string);
  return (signature === null ? req : req.set('x-line-signature', signature)).send(body);
}

/** Arbitrary text including lone surrogates, combining marks, RTL and control characters. */
const hostileText = fc.string({
  unit: fc.oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u0301', '\u202e', '\u200d', '\u0000', '\u001b', '👨‍👩‍👧', '。', '？', '　'),
  ),
  maxLength: 200,
});

const RUNS = { numRuns: 60 };

describe('webhook under hostile input', () => {
  it('never answers 5xx for arbitrary signed bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const body = Buffer.from(bytes);
        const res = await post(body);
        expect([200, 400]).toContain(res.status);
      }),
      RUNS,
    );
  });

  it('answers 400 or 200 for arbitrary signed JSON, and 401 when unsigned', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const body = JSON.stringify(value) ?? 'null';
        expect([200, 400]).toContain((await post(body)).status);
        expect((await post(body, null)).status).toBe(401);
      }),
      RUNS,
    );
  });

  it('answers 400 or 200 when any field of a valid event has a wrong type', async () => {
    const fields = [
      'type',
      'timestamp',
      'webhookEventId',
      'deliveryContext',
      'mode',
      'source',
      'replyToken',
      'message',
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), async (field, value) => {
        const event: Record<string, unknown> = { ...textEvent('相談'), [field]: value };
        const body = webhookBody([event]);
        expect([200, 400]).toContain((await post(body)).status);
      }),
      RUNS,
    );
  });

  it('answers 400 for truncated bodies', async () => {
    const full = webhookBody([textEvent('無料法律相談はいつですか？'), postbackEvent('fb=up&a=1')]);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 1 }), async (cut) => {
        expect((await post(full.slice(0, cut))).status).toBe(400);
      }),
      RUNS,
    );
  });

  it('accepts a large batch of events within the body limit', async () => {
    const events = Array.from({ length: 2_000 }, (_, i) => textEvent(`q${i}`, { id: `BATCH${i}` }));
    expect((await post(webhookBody(events))).status).toBe(200);
  });

  it('stores and handles arbitrary Unicode text without throwing', async () => {
    const engine = new FakeEngine();
    const sender = new RecordingSender();
    const handle = createEventHandler({
      answers: answersOnThisThread({ engine, lookupPassage: () => undefined }),
      sender,
      store,
      keys,
      rateLimiter: createRateLimiter(Number.POSITIVE_INFINITY),
      groupPrefixes: ['@kotae', 'こたえ'],
      pushFallback: false,
      clock: Date.now,
      engineNow: null,
      logger: silentLogger(),
    });
    await fc.assert(
      fc.asyncProperty(
        hostileText,
        fc.boolean(),
        fc.array(fc.record({ index: fc.nat(300), length: fc.nat(50), isSelf: fc.boolean() }), {
          maxLength: 3,
        }),
        async (text, inGroup, mentionees) => {
          const raw = textEvent(text, {
            ...(inGroup ? { source: { type: 'group' as const, groupId: GROUP_ID } } : {}),
            mentionees,
          });
          const body = webhookBody([raw]);
          expect((await post(body)).status).toBe(200);
          const parsed = parseWebhookBody(JSON.parse(body));
          if (!parsed.ok || !parsed.value.events[0]) throw new Error('valid event rejected');
          const inboxEvent = toInboxEvent(parsed.value.events[0], { keys, keepPushTarget: false });
          const result = await handle({ ...inboxEvent, receivedAt: Date.now() });
          expect(['answered', 'declined', 'ignored']).toContain(result.outcome);
        },
      ),
      RUNS,
    );
  });
});
