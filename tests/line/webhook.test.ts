import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMIT_BYTES } from '../../src/line/webhook.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/server.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import {
  CHANNEL_SECRET,
  GROUP_ID,
  postbackEvent,
  sign,
  textEvent,
  USER_ID,
  webhookBody,
} from '../server/webhook-fixtures.ts';

const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function setup(channelSecret: string | null = CHANNEL_SECRET) {
  const store = new SqliteStore({ file: ':memory:' });
  stores.push(store);
  let wakeups = 0;
  const app = createApp({
    webhook: {
      channelSecret,
      missingVariables: channelSecret ? [] : ['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN'],
      store,
      keys: createIdentityKeys('k'.repeat(32)),
      pushFallback: false,
      logger: silentLogger(),
      now: () => Date.now(),
      onEnqueued: () => {
        wakeups += 1;
      },
    },
    readiness: { isReady: () => true },
    logger: silentLogger(),
  });
  return { app, store, wakeups: () => wakeups };
}

function post(app: ReturnType<typeof setup>['app'], body: string | Buffer, signature?: string) {
  const req = request(app)
    .post('/webhook')
    .set('content-type', 'application/json; charset=utf-8')
    // Send the exact bytes: superagent would otherwise JSON-encode a Buffer.
    .serialize((raw: unknown) => raw as string);
  return (signature === undefined ? req : req.set('x-line-signature', signature)).send(body);
}

describe('POST /webhook signatures', () => {
  it('accepts a correctly signed body and stores its events', async () => {
    const { app, store, wakeups } = setup();
    const event = textEvent('ごみの出し方は？', { id: 'EV1' });
    const body = webhookBody([event]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(200);
    expect(await store.inbox.countByStatus()).toEqual({ pending: 1, processing: 0, done: 0 });
    expect(wakeups()).toBe(1);
  });

  it('returns 401 when the signature header is missing', async () => {
    const { app, store } = setup();
    const body = webhookBody([textEvent('hi')]);
    const res = await post(app, body);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('missing_signature');
    expect((await store.inbox.countByStatus()).pending).toBe(0);
  });

  it('returns 401 for a signature made with another secret', async () => {
    const { app } = setup();
    const body = webhookBody([textEvent('hi')]);
    const res = await post(app, body, sign(body, 'another-secret'));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_signature');
  });

  it('returns 401 for garbage in the signature header', async () => {
    const { app } = setup();
    const body = webhookBody([textEvent('hi')]);
    expect((await post(app, body, '!!!not base64!!!')).status).toBe(401);
  });

  it('returns 401 when the body changed after signing', async () => {
    const { app } = setup();
    const body = webhookBody([textEvent('無料法律相談はいつ？')]);
    const tampered = body.replace('無料', '有料');
    expect((await post(app, tampered, sign(body))).status).toBe(401);
  });

  it('verifies bodies with emoji and multi-byte text byte for byte', async () => {
    const { app, store } = setup();
    const body = webhookBody([textEvent('ゴミの日は？🗑️👨‍👩‍👧 é', { id: 'EMOJI' })]);
    const res = await post(app, Buffer.from(body, 'utf8'), sign(Buffer.from(body, 'utf8')));
    expect(res.status).toBe(200);
    expect(await store.inbox.get('EMOJI')).toMatchObject({ status: 'pending', eventType: 'message' });
  });

  it('checks the signature whatever the content type says', async () => {
    const { app } = setup();
    const body = webhookBody([textEvent('hi')]);
    const res = await request(app)
      .post('/webhook')
      .set('content-type', 'text/plain')
      .set('x-line-signature', sign(body))
      .send(body);
    expect(res.status).toBe(200);
  });
});

describe('POST /webhook bodies', () => {
  it('returns 400 for a signed body that is not JSON', async () => {
    const { app } = setup();
    const body = '{"events": [';
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_json');
  });

  it('returns 400 for a signed body that is not UTF-8', async () => {
    const { app } = setup();
    const body = Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect((await post(app, body, sign(body))).status).toBe(400);
  });

  it('skips and counts an event without its id, and stores the valid event beside it', async () => {
    const { app, store } = setup();
    const broken = textEvent('hi');
    delete broken.webhookEventId;
    const body = webhookBody([broken, textEvent('相談は？', { id: 'GOOD' })]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, received: 1, skipped: 1 });
    expect((await store.inbox.get('GOOD'))?.status).toBe('pending');
  });

  it('skips an event with an unknown source type and answers the rest', async () => {
    const { app, store, wakeups } = setup();
    const odd = { ...textEvent('x', { id: 'ODDSOURCE' }), source: { type: 'space', spaceId: 'S1' } };
    const body = webhookBody([odd, textEvent('相談は？', { id: 'NEXT' })]);
    const res = await post(app, body, sign(body));
    expect(res.body).toEqual({ ok: true, received: 1, skipped: 1 });
    expect(await store.inbox.get('ODDSOURCE')).toBeNull();
    expect((await store.inbox.get('NEXT'))?.status).toBe('pending');
    expect(wakeups()).toBe(1);
  });

  it('answers 200 with nothing stored when every event is malformed', async () => {
    const { app, store, wakeups } = setup();
    const event = textEvent('hi');
    (event.message as Record<string, unknown>).text = 42;
    const body = webhookBody([event, { ...textEvent('x'), timestamp: 'yesterday' }]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, received: 0, skipped: 2 });
    expect(await store.inbox.countByStatus()).toEqual({ pending: 0, processing: 0, done: 0 });
    expect(wakeups()).toBe(0);
  });

  it('returns 400 naming the field when the body is not a LINE webhook body', async () => {
    const { app } = setup();
    const body = JSON.stringify({ destination: 'U0', events: 'none' });
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_payload');
    expect(res.body.message).toContain('events');
  });

  it('returns 400 for JSON of the wrong shape at the top', async () => {
    const { app } = setup();
    for (const body of ['[]', 'null', '"events"', '{"events": {}}']) {
      expect((await post(app, body, sign(body))).status).toBe(400);
    }
  });

  it('returns 413 when the body is too large', async () => {
    const { app } = setup();
    const body = webhookBody([textEvent('あ'.repeat(WEBHOOK_BODY_LIMIT_BYTES / 2))]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  it('returns 200 for an empty events array (LINE connection check)', async () => {
    const { app, wakeups } = setup();
    const body = webhookBody([]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(200);
    expect(wakeups()).toBe(0);
  });

  it('accepts unknown event types and extra fields', async () => {
    const { app, store } = setup();
    const odd = { ...textEvent('x', { id: 'ODD' }), type: 'somethingNew', futureField: { a: 1 } };
    const body = webhookBody([odd, postbackEvent('fb=up&a=1', { id: 'PB' })]);
    expect((await post(app, body, sign(body))).status).toBe(200);
    expect((await store.inbox.get('ODD'))?.eventType).toBe('somethingNew');
  });

  it('returns 503 naming the variables when LINE is not configured', async () => {
    const { app } = setup(null);
    const body = webhookBody([textEvent('hi')]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('line_not_configured');
    expect(res.body.missing).toEqual(['LINE_CHANNEL_SECRET', 'LINE_CHANNEL_ACCESS_TOKEN']);
    expect(res.body.message).toContain('LINE_CHANNEL_SECRET');
  });
});

describe('POST /webhook deduplication', () => {
  it('stores a redelivered event once', async () => {
    const { app, store, wakeups } = setup();
    const first = webhookBody([textEvent('hi', { id: 'SAME' })]);
    const again = webhookBody([textEvent('hi', { id: 'SAME', redelivery: true })]);
    expect((await post(app, first, sign(first))).status).toBe(200);
    expect((await post(app, again, sign(again))).status).toBe(200);
    expect(await store.inbox.countByStatus()).toEqual({ pending: 1, processing: 0, done: 0 });
    expect(wakeups()).toBe(1);
  });

  it('stores no raw LINE id in the inbox', async () => {
    const { app, store } = setup();
    const body = webhookBody([
      textEvent('hi', { id: 'G1', source: { type: 'group', groupId: GROUP_ID, userId: USER_ID } }),
    ]);
    await post(app, body, sign(body));
    const [claimed] = await store.inbox.claim(1, Date.now());
    expect(JSON.stringify(claimed)).not.toContain(USER_ID);
    expect(JSON.stringify(claimed)).not.toContain(GROUP_ID);
  });
});

describe('POST /webhook storage failure', () => {
  it('answers 500 without a stack so LINE redelivers, and stores nothing', async () => {
    const { app, store } = setup();
    await store.close();
    const body = webhookBody([textEvent('hi')]);
    const res = await post(app, body, sign(body));
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal_error', message: 'Internal error.' });
    expect(res.text).not.toContain('at ');
  });
});

describe('health endpoints', () => {
  it('answers /healthz and 404 as JSON', async () => {
    const { app } = setup();
    expect((await request(app).get('/healthz')).body).toEqual({ ok: true });
    const missing = await request(app).get('/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('not_found');
  });
});
