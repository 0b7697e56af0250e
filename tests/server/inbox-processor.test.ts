import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answersOnThisThread } from '../../src/line/answers.ts';
import { createInboxProcessor } from '../../src/line/dispatcher.ts';
import { parseWebhookBody, toInboxEvent } from '../../src/line/events.ts';
import { createEventHandler, REPLY_TOKEN_SAFE_AGE_MS } from '../../src/line/handle-event.ts';
import { createRateLimiter } from '../../src/line/rate-limit.ts';
import { createSendSlots } from '../../src/line/send-slots.ts';
import { silentLogger } from '../../src/log.ts';
import { openStoreInDataDir, SqliteStore } from '../../src/store/sqlite.ts';
import type { InboxResult, NewInboxEvent } from '../../src/store/types.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import { FakeEngine, RecordingSender } from './fakes.ts';
import { textEvent } from './webhook-fixtures.ts';

const keys = createIdentityKeys('processor-test-secret-0123456789');
const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function rawInbox(id: string, timestamp = Date.now(), replyToken = `token-${id}`): NewInboxEvent {
  const parsed = parseWebhookBody({
    destination: 'U0',
    events: [textEvent(`相談 ${id}`, { id, timestamp, replyToken })],
  });
  if (!parsed.ok || !parsed.value.events[0]) throw new Error('fixture');
  return toInboxEvent(parsed.value.events[0], { keys, keepPushTarget: false });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inbox processor', () => {
  it('handles every pending event once with bounded concurrency', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    stores.push(store);
    await store.inbox.enqueue(
      Array.from({ length: 30 }, (_, i) => rawInbox(`E${i}`)),
      Date.now(),
    );
    let active = 0;
    let peak = 0;
    const seen: string[] = [];
    const processor = createInboxProcessor({
      store,
      clock: Date.now,
      logger: silentLogger(),
      concurrency: 4,
      handle: async (event): Promise<InboxResult> => {
        active += 1;
        peak = Math.max(peak, active);
        seen.push(event.eventId);
        await sleep(5);
        active -= 1;
        return { outcome: 'answered', delivery: 'reply', detail: null };
      },
    });
    await processor.start();
    await processor.idle();
    expect(peak).toBeLessThanOrEqual(4);
    expect(peak).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(30);
    expect(seen).toHaveLength(30);
    expect(await store.inbox.countByStatus()).toEqual({ pending: 0, processing: 0, done: 30 });
  });

  it('records a handler that throws as failed and keeps going', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    stores.push(store);
    await store.inbox.enqueue([rawInbox('BAD'), rawInbox('GOOD')], Date.now());
    const processor = createInboxProcessor({
      store,
      clock: Date.now,
      logger: silentLogger(),
      handle: async (event): Promise<InboxResult> => {
        if (event.eventId === 'BAD') throw new Error('boom');
        return { outcome: 'ignored', delivery: 'none', detail: null };
      },
    });
    await processor.start();
    await processor.idle();
    expect(await store.inbox.get('BAD')).toMatchObject({ outcome: 'failed', detail: 'handler_error' });
    expect(await store.inbox.get('GOOD')).toMatchObject({ outcome: 'ignored' });
  });

  it('picks up events stored after start when notified', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    stores.push(store);
    const processor = createInboxProcessor({
      store,
      clock: Date.now,
      logger: silentLogger(),
      handle: async (): Promise<InboxResult> => ({ outcome: 'ignored', delivery: 'none', detail: null }),
    });
    await processor.start();
    await store.inbox.enqueue([rawInbox('LATE')], Date.now());
    processor.notify();
    await processor.idle();
    expect((await store.inbox.get('LATE'))?.status).toBe('done');
  });

  it('stops claiming on stop and reports whether in-flight work finished in time', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    stores.push(store);
    await store.inbox.enqueue([rawInbox('SLOW'), rawInbox('NEXT')], Date.now());
    const processor = createInboxProcessor({
      store,
      clock: Date.now,
      logger: silentLogger(),
      concurrency: 1,
      handle: async (): Promise<InboxResult> => {
        await sleep(200);
        return { outcome: 'ignored', delivery: 'none', detail: null };
      },
    });
    void processor.start();
    await sleep(20);
    expect(await processor.stop(10)).toBe(false);
    expect(await processor.stop(1_000)).toBe(true);
    expect(await store.inbox.get('SLOW')).toMatchObject({ status: 'done' });
    expect(await store.inbox.get('NEXT')).toMatchObject({ status: 'pending' });
  });
});

describe('inbox processor under overload', () => {
  it('sends what can still make its reply window first, records the rest as expired, sends nothing twice', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    stores.push(store);
    const start = Date.now();
    let now = start;
    await store.inbox.enqueue(
      [
        rawInbox('SOON', start - REPLY_TOKEN_SAFE_AGE_MS + 5_000),
        rawInbox('FRESH-A', start - 1_000),
        rawInbox('FRESH-B', start - 2_000),
      ],
      start,
    );
    // Every LINE slot busy (a slow LINE API) while the three wait.
    const slots = createSendSlots(1);
    const busy = await slots.acquire(0);
    const sender = new RecordingSender();
    const processor = createInboxProcessor({
      store,
      clock: () => now,
      logger: silentLogger(),
      handle: createEventHandler({
        answers: answersOnThisThread({ engine: new FakeEngine(), lookupPassage: () => undefined }),
        sender,
        store,
        keys,
        rateLimiter: createRateLimiter(),
        groupPrefixes: ['@kotae'],
        pushFallback: false,
        clock: () => now,
        engineNow: null,
        logger: silentLogger(),
        sendSlots: slots,
      }),
    });
    await processor.start();
    while (slots.waiting() < 3) await sleep(5);
    now = start + 6_000;
    busy();
    await processor.idle();
    expect(await store.inbox.get('SOON')).toMatchObject({
      outcome: 'expired',
      detail: 'reply_token_expired',
    });
    expect((await store.inbox.get('FRESH-B'))?.outcome).toBe('answered');
    expect((await store.inbox.get('FRESH-A'))?.outcome).toBe('answered');
    // The older of the two fresh events has the earlier deadline, so it went first; the expired one never.
    expect(sender.calls.map((c) => [c.kind, c.target])).toEqual([
      ['reply', 'token-FRESH-B'],
      ['reply', 'token-FRESH-A'],
    ]);
  });
});

describe('restart recovery', () => {
  it('gives every acknowledged event exactly one outcome after a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kotae-recovery-'));
    dirs.push(dir);
    const now = Date.now();
    // The state a crash leaves: two events mid-flight (one had called LINE), two never claimed.
    const seed = openStoreInDataDir(dir);
    await seed.inbox.enqueue(
      [rawInbox('claimed-unsent', now - 2_000), rawInbox('claimed-sent', now - 2_000)],
      now - 2_000,
    );
    await seed.inbox.claim(2, now);
    await seed.inbox.markSendAttempted('claimed-sent', now);
    await seed.inbox.enqueue(
      [rawInbox('fresh', now - 1_000), rawInbox('stale', now - REPLY_TOKEN_SAFE_AGE_MS - 5_000)],
      now,
    );
    await seed.close();

    const store = openStoreInDataDir(dir);
    stores.push(store);
    const sender = new RecordingSender();
    const processor = createInboxProcessor({
      store,
      clock: Date.now,
      logger: silentLogger(),
      handle: createEventHandler({
        answers: answersOnThisThread({ engine: new FakeEngine(), lookupPassage: () => undefined }),
        sender,
        store,
        keys,
        rateLimiter: createRateLimiter(),
        groupPrefixes: ['@kotae'],
        pushFallback: false,
        clock: Date.now,
        engineNow: null,
        logger: silentLogger(),
      }),
    });
    await processor.start();
    await processor.idle();
    expect(await store.inbox.countByStatus()).toEqual({ pending: 0, processing: 0, done: 4 });
    expect((await store.inbox.get('fresh'))?.outcome).toBe('answered');
    expect((await store.inbox.get('claimed-unsent'))?.outcome).toBe('answered');
    expect(await store.inbox.get('stale')).toMatchObject({
      outcome: 'expired',
      detail: 'reply_token_expired',
    });
    expect(await store.inbox.get('claimed-sent')).toMatchObject({
      outcome: 'failed',
      detail: 'interrupted_after_send',
    });
    expect(sender.calls).toHaveLength(2);
  });
});
