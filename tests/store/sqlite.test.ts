import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/migrations.ts';
import { DATABASE_FILE, openStoreInDataDir, SqliteStore } from '../../src/store/sqlite.ts';
import type { NewInboxEvent, NewInteraction } from '../../src/store/types.ts';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-store-'));
  dirs.push(dir);
  return dir;
}

function open(dir = ':memory:'): SqliteStore {
  const store = dir === ':memory:' ? new SqliteStore({ file: dir }) : openStoreInDataDir(dir);
  stores.push(store);
  return store;
}

function inboxEvent(eventId: string, overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
  return {
    eventId,
    eventType: 'message',
    eventTimestamp: 1_700_000_000_000,
    userHash: 'hash-a',
    replyToken: `token-${eventId}`,
    sealedPushTarget: null,
    payload: JSON.stringify({ eventId }),
    isRedelivery: false,
    ...overrides,
  };
}

function interaction(answerId: string, overrides: Partial<NewInteraction> = {}): NewInteraction {
  return {
    answerId,
    createdAt: 1_000,
    eventId: null,
    userHash: 'hash-a',
    sourceType: 'user',
    municipality: '釧路市',
    question: '無料法律相談はいつですか',
    answered: true,
    reason: null,
    confidence: 0.9,
    sources: [
      {
        docId: 'kushiro-1',
        title: '広報',
        municipality: '釧路市',
        section: '相談',
        excerpt: '毎月第2水曜日',
        score: 3.2,
        passageId: 'kushiro-1#4',
      },
    ],
    ...overrides,
  };
}

describe('inbox', () => {
  it('inserts an event id once and reports later copies as duplicates', async () => {
    const store = open();
    expect(await store.inbox.enqueue([inboxEvent('A'), inboxEvent('B')], 10)).toEqual({
      inserted: ['A', 'B'],
      duplicates: [],
    });
    expect(await store.inbox.enqueue([inboxEvent('A', { isRedelivery: true }), inboxEvent('C')], 20)).toEqual(
      {
        inserted: ['C'],
        duplicates: ['A'],
      },
    );
    expect(await store.inbox.countByStatus()).toEqual({ pending: 3, processing: 0, done: 0 });
  });

  it('claims oldest first and never hands out an event twice', async () => {
    const store = open();
    await store.inbox.enqueue([inboxEvent('A')], 10);
    await store.inbox.enqueue([inboxEvent('B')], 20);
    const first = await store.inbox.claim(1, 30);
    const second = await store.inbox.claim(5, 30);
    expect(first.map((e) => e.eventId)).toEqual(['A']);
    expect(second.map((e) => e.eventId)).toEqual(['B']);
    expect(first[0]?.replyToken).toBe('token-A');
    expect(await store.inbox.claim(5, 30)).toEqual([]);
  });

  it('records exactly one outcome and clears the token and payload', async () => {
    const store = open();
    await store.inbox.enqueue([inboxEvent('A')], 10);
    await store.inbox.claim(1, 11);
    expect(
      await store.inbox.complete('A', { outcome: 'answered', delivery: 'reply', detail: null }, 12),
    ).toBe(true);
    expect(await store.inbox.complete('A', { outcome: 'failed', delivery: 'none', detail: 'x' }, 13)).toBe(
      false,
    );
    expect(await store.inbox.get('A')).toMatchObject({
      status: 'done',
      outcome: 'answered',
      completedAt: 12,
    });
    expect(await store.inbox.countByOutcome()).toMatchObject({ answered: 1, failed: 0 });
  });

  it('after a restart requeues unsent events and fails those whose reply may have gone out', async () => {
    const dir = tempDir();
    const before = open(dir);
    await before.inbox.enqueue([inboxEvent('sent'), inboxEvent('unsent'), inboxEvent('waiting')], 10);
    await before.inbox.claim(2, 11);
    await before.inbox.markSendAttempted('sent', 12);
    await before.close();

    const after = open(dir);
    expect(await after.inbox.recoverInterrupted(20)).toEqual({ requeued: 1, failed: 1 });
    expect(await after.inbox.get('sent')).toMatchObject({
      outcome: 'failed',
      detail: 'interrupted_after_send',
    });
    const claimed = await after.inbox.claim(10, 21);
    expect(claimed.map((e) => e.eventId).sort()).toEqual(['unsent', 'waiting']);
  });

  it('keeps acknowledged events across a reopen of the data directory', async () => {
    const dir = tempDir();
    const a = open(dir);
    await a.inbox.enqueue([inboxEvent('A')], 10);
    await a.close();
    const b = open(dir);
    expect(await b.inbox.enqueue([inboxEvent('A')], 20)).toEqual({ inserted: [], duplicates: ['A'] });
  });

  it('uses WAL journaling and full synchronous writes', () => {
    const dir = tempDir();
    open(dir);
    const db = new DatabaseSync(join(dir, DATABASE_FILE));
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: SCHEMA_VERSION });
    db.close();
  });
});

describe('interactions', () => {
  it('stores an interaction with its sources and later feedback', async () => {
    const store = open();
    await store.interactions.record(interaction('ans-1'));
    expect(await store.interactions.setFeedback('ans-1', 'unhelpful', 50)).toBe(true);
    expect(await store.interactions.setFeedback('missing', 'helpful', 50)).toBe(false);
    const row = await store.interactions.get('ans-1');
    expect(row).toMatchObject({
      answered: true,
      feedback: 'unhelpful',
      feedbackAt: 50,
      municipality: '釧路市',
    });
    expect(row?.sources[0]?.passageId).toBe('kushiro-1#4');
  });

  it('lists declines, low confidence and unhelpful answers for review, newest first', async () => {
    const store = open();
    await store.interactions.record(interaction('good', { createdAt: 1 }));
    await store.interactions.record(
      interaction('declined', { createdAt: 2, answered: false, reason: 'out_of_scope', confidence: 0.1 }),
    );
    await store.interactions.record(
      interaction('low', { createdAt: 3, confidence: 0.2, municipality: '釜石市' }),
    );
    await store.interactions.record(interaction('bad', { createdAt: 4 }));
    await store.interactions.setFeedback('bad', 'unhelpful', 5);

    const ids = async (q: Parameters<typeof store.interactions.list>[0]) =>
      (await store.interactions.list(q)).map((r) => r.answerId);
    expect(await ids({ kind: 'declined' })).toEqual(['declined']);
    expect(await ids({ kind: 'low_confidence' })).toEqual(['low']);
    expect(await ids({ kind: 'unhelpful' })).toEqual(['bad']);
    expect(await ids({ kind: 'needs_review' })).toEqual(['bad', 'low', 'declined']);
    expect(await ids({ kind: 'all', municipality: '釜石市' })).toEqual(['low']);
    expect(await ids({ from: 2, to: 4 })).toEqual(['low', 'declined']);
    expect(await ids({ limit: 1, offset: 1 })).toEqual(['low']);
    expect(await store.interactions.count({ kind: 'needs_review' })).toBe(3);
  });

  it('deletes everything about one user and nothing else', async () => {
    const store = open();
    await store.interactions.record(interaction('a1', { userHash: 'hash-a' }));
    await store.interactions.record(interaction('b1', { userHash: 'hash-b' }));
    await store.inbox.enqueue(
      [inboxEvent('EA', { userHash: 'hash-a' }), inboxEvent('EB', { userHash: 'hash-b' })],
      1,
    );
    await store.inbox.claim(2, 2);
    await store.inbox.complete('EA', { outcome: 'answered', delivery: 'reply', detail: null }, 3);
    await store.inbox.complete('EB', { outcome: 'answered', delivery: 'reply', detail: null }, 3);
    expect(await store.deleteUser('hash-a')).toEqual({ interactions: 1, inboxEvents: 1, handoffs: 0 });
    expect(await store.interactions.get('a1')).toBeNull();
    expect(await store.interactions.get('b1')).not.toBeNull();
    expect(await store.inbox.get('EB')).not.toBeNull();
  });

  it('purges records older than the cutoff but keeps unfinished events', async () => {
    const store = open();
    await store.interactions.record(interaction('old', { createdAt: 100 }));
    await store.interactions.record(interaction('new', { createdAt: 300 }));
    await store.inbox.enqueue([inboxEvent('done-old'), inboxEvent('pending-old')], 100);
    await store.inbox.claim(1, 101);
    await store.inbox.complete('done-old', { outcome: 'ignored', delivery: 'none', detail: null }, 102);
    expect(await store.purgeOlderThan(200)).toEqual({ interactions: 1, inboxEvents: 1, handoffs: 0 });
    expect(await store.interactions.get('new')).not.toBeNull();
    expect(await store.inbox.get('pending-old')).toMatchObject({ status: 'pending' });
  });
});

describe('sqlite file permissions', () => {
  const mode = (path: string) => statSync(path).mode & 0o777;

  it('creates the database 0600 in a data directory it creates 0700, and its WAL likewise', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const store = open(dataDir);
    await store.inbox.enqueue([inboxEvent('PERM')], 1);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, DATABASE_FILE))).toBe(0o600);
    expect(mode(join(dataDir, `${DATABASE_FILE}-wal`))).toBe(0o600);
  });

  it('narrows an existing world-readable database file to 0600', () => {
    const dataDir = tempDir();
    const file = join(dataDir, DATABASE_FILE);
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    open(dataDir);
    expect(mode(file)).toBe(0o600);
  });
});
