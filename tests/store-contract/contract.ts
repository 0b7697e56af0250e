// The behaviour every Store implementation promises; run for SQLite and for PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ConsoleSession,
  NewHandoffThread,
  NewInboxEvent,
  NewInteraction,
  Store,
} from '../../src/store/types.ts';

export interface StoreFactory {
  /** A store on a new, empty database. */
  create(): Promise<Store>;
  /** Another store on the same database as the last `create()` (a restart, or a second instance). */
  another(): Promise<Store>;
  /** Deletes what `create()` made. */
  cleanup(): Promise<void>;
}

/** Later than any claim lease, so a restart's recovery settles every interrupted claim. */
const AFTER_LEASES = 10_000_000;

export function inboxEvent(eventId: string, overrides: Partial<NewInboxEvent> = {}): NewInboxEvent {
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

export function interaction(answerId: string, overrides: Partial<NewInteraction> = {}): NewInteraction {
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

export function handoffThread(id: string, overrides: Partial<NewHandoffThread> = {}): NewHandoffThread {
  return {
    id,
    createdAt: 1_000,
    userHash: 'hash-a',
    channel: null,
    answerId: `answer-${id}`,
    municipality: '釧路市',
    question: '粗大ごみの出し方は？',
    botAnswer: null,
    sources: interaction('x').sources,
    sealedUserId: 'sealed-user-id',
    ...overrides,
  };
}

/** `skip`: the implementation's server is not reachable (the caller says why). */
export function describeStoreContract(name: string, factory: StoreFactory, skip = false): void {
  describe.skipIf(skip)(`Store contract (${name})`, () => {
    const opened: Store[] = [];
    const create = async () => {
      const store = await factory.create();
      opened.push(store);
      return store;
    };
    const another = async () => {
      const store = await factory.another();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await factory.cleanup();
    });

    describe('inbox', () => {
      it('inserts an event id once and reports later copies as duplicates', async () => {
        const store = await create();
        expect(await store.inbox.enqueue([inboxEvent('A'), inboxEvent('B')], 10)).toEqual({
          inserted: ['A', 'B'],
          duplicates: [],
        });
        expect(
          await store.inbox.enqueue([inboxEvent('A', { isRedelivery: true }), inboxEvent('C')], 20),
        ).toEqual({ inserted: ['C'], duplicates: ['A'] });
        expect(await store.inbox.countByStatus()).toEqual({ pending: 3, processing: 0, done: 0 });
      });

      it('stores an event delivered to two instances at once exactly once', async () => {
        const one = await create();
        const two = await another();
        const ids = Array.from({ length: 20 }, (_, i) => `E${i}`);
        const [a, b] = await Promise.all([
          one.inbox.enqueue(
            ids.map((id) => inboxEvent(id)),
            10,
          ),
          two.inbox.enqueue(
            ids.map((id) => inboxEvent(id, { isRedelivery: true })),
            10,
          ),
        ]);
        expect([...a.inserted, ...b.inserted].sort()).toEqual([...ids].sort());
        expect([...a.duplicates, ...b.duplicates].sort()).toEqual([...ids].sort());
      });

      it('claims oldest first and never hands out an event twice', async () => {
        const store = await create();
        await store.inbox.enqueue([inboxEvent('A')], 10);
        await store.inbox.enqueue([inboxEvent('B')], 20);
        const first = await store.inbox.claim(1, 30);
        const second = await store.inbox.claim(5, 30);
        expect(first.map((e) => e.eventId)).toEqual(['A']);
        expect(second.map((e) => e.eventId)).toEqual(['B']);
        expect(first[0]).toMatchObject({ replyToken: 'token-A', receivedAt: 10, userHash: 'hash-a' });
        expect(await store.inbox.claim(5, 30)).toEqual([]);
      });

      it('gives instances claiming at the same time disjoint events', async () => {
        const one = await create();
        const two = await another();
        const ids = Array.from({ length: 30 }, (_, i) => `E${String(i).padStart(2, '0')}`);
        await one.inbox.enqueue(
          ids.map((id) => inboxEvent(id)),
          10,
        );
        const claimed: string[] = [];
        await Promise.all(
          [one, two, one, two].map(async (store) => {
            for (;;) {
              const batch = await store.inbox.claim(3, 20);
              if (batch.length === 0) return;
              claimed.push(...batch.map((e) => e.eventId));
            }
          }),
        );
        expect(claimed.sort()).toEqual(ids);
      });

      it('records exactly one outcome and clears the token and payload', async () => {
        const store = await create();
        await store.inbox.enqueue([inboxEvent('A')], 10);
        await store.inbox.claim(1, 11);
        expect(
          await store.inbox.complete('A', { outcome: 'answered', delivery: 'reply', detail: null }, 12),
        ).toBe(true);
        expect(
          await store.inbox.complete('A', { outcome: 'failed', delivery: 'none', detail: 'x' }, 13),
        ).toBe(false);
        expect(await store.inbox.get('A')).toMatchObject({
          status: 'done',
          outcome: 'answered',
          delivery: 'reply',
          completedAt: 12,
        });
        expect(await store.inbox.countByOutcome()).toMatchObject({ answered: 1, failed: 0 });
      });

      it('after a restart requeues unsent events and fails those whose reply may have gone out', async () => {
        const before = await create();
        await before.inbox.enqueue([inboxEvent('sent'), inboxEvent('unsent'), inboxEvent('waiting')], 10);
        await before.inbox.claim(2, 11);
        await before.inbox.markSendAttempted('sent', 12);
        await before.close();

        const after = await another();
        expect(await after.inbox.recoverInterrupted(AFTER_LEASES)).toEqual({ requeued: 1, failed: 1 });
        expect(await after.inbox.get('sent')).toMatchObject({
          outcome: 'failed',
          detail: 'interrupted_after_send',
        });
        const claimed = await after.inbox.claim(10, AFTER_LEASES + 1);
        expect(claimed.map((e) => e.eventId).sort()).toEqual(['unsent', 'waiting']);
      });

      it('keeps acknowledged events for the next instance', async () => {
        const a = await create();
        await a.inbox.enqueue([inboxEvent('A')], 10);
        await a.close();
        const b = await another();
        expect(await b.inbox.enqueue([inboxEvent('A')], 20)).toEqual({ inserted: [], duplicates: ['A'] });
        expect(await b.inbox.get('A')).toMatchObject({ status: 'pending', receivedAt: 10 });
      });

      it('keeps the channel an event came to', async () => {
        const store = await create();
        await store.inbox.enqueue([inboxEvent('K', { channel: 'kamaishi' }), inboxEvent('S')], 1);
        const claimed = await store.inbox.claim(2, 2);
        expect(claimed.map((e) => [e.eventId, e.channel])).toEqual([
          ['K', 'kamaishi'],
          ['S', undefined],
        ]);
      });

      it('returns null for an unknown event', async () => {
        const store = await create();
        expect(await store.inbox.get('nope')).toBeNull();
      });
    });

    describe('interactions', () => {
      it('stores an interaction with its sources and later feedback', async () => {
        const store = await create();
        await store.interactions.record(interaction('ans-1'));
        expect(await store.interactions.setFeedback('ans-1', 'unhelpful', 50)).toBe(true);
        expect(await store.interactions.setFeedback('missing', 'helpful', 50)).toBe(false);
        const row = await store.interactions.get('ans-1');
        expect(row).toEqual({ ...interaction('ans-1'), staff: false, feedback: 'unhelpful', feedbackAt: 50 });
      });

      it('lists declines, low confidence and unhelpful answers for review, newest first', async () => {
        const store = await create();
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
        expect(await ids({ kind: 'needs_review', lowConfidenceBelow: 0.05 })).toEqual(['bad', 'declined']);
        expect(await ids({ kind: 'all', municipality: '釜石市' })).toEqual(['low']);
        expect(await ids({ from: 2, to: 4 })).toEqual(['low', 'declined']);
        expect(await ids({ limit: 1, offset: 1 })).toEqual(['low']);
        expect(await store.interactions.count({ kind: 'needs_review' })).toBe(3);
        expect(await store.interactions.count({ municipality: '釧路市' })).toBe(3);
      });

      it('deletes everything about one user and nothing else', async () => {
        const store = await create();
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
        const store = await create();
        await store.interactions.record(interaction('old', { createdAt: 100 }));
        await store.interactions.record(interaction('new', { createdAt: 300 }));
        await store.inbox.enqueue([inboxEvent('done-old'), inboxEvent('pending-old')], 100);
        await store.inbox.claim(1, 101);
        await store.inbox.complete('done-old', { outcome: 'ignored', delivery: 'none', detail: null }, 102);
        expect(await store.purgeOlderThan(200)).toEqual({ interactions: 1, inboxEvents: 1, handoffs: 0 });
        expect(await store.interactions.get('new')).not.toBeNull();
        expect(await store.inbox.get('pending-old')).toMatchObject({ status: 'pending' });
      });

      it('keeps questions staff asked in the console apart from residents', async () => {
        const store = await create();
        await store.interactions.record(interaction('resident', { createdAt: 1 }));
        await store.interactions.record(interaction('staff', { createdAt: 2, staff: true }));
        expect((await store.interactions.get('staff'))?.staff).toBe(true);
        const ids = async (askedBy: 'residents' | 'staff' | 'all') =>
          (await store.interactions.list({ askedBy })).map((r) => r.answerId);
        expect(await ids('residents')).toEqual(['resident']);
        expect(await ids('staff')).toEqual(['staff']);
        expect(await ids('all')).toEqual(['staff', 'resident']);
      });

      it('summarizes questions per Japan day and the most asked sections', async () => {
        const store = await create();
        // 2026-11-20 23:30 in Japan is 14:30 UTC; 2026-11-21 00:30 in Japan is 15:30 UTC the day before.
        const late = Date.parse('2026-11-20T23:30:00+09:00');
        const early = Date.parse('2026-11-21T00:30:00+09:00');
        const section = (name: string) => interaction('x').sources.map((s) => ({ ...s, section: name }));
        await store.interactions.record(interaction('a', { createdAt: late, sources: section('相談') }));
        await store.interactions.record(interaction('b', { createdAt: early, sources: section('相談') }));
        await store.interactions.record(interaction('c', { createdAt: early, sources: section('窓口') }));
        await store.interactions.record(
          interaction('d', { createdAt: early, answered: false, reason: 'no_match', sources: [] }),
        );
        await store.interactions.record(interaction('e', { createdAt: early, staff: true }));
        await store.interactions.record(interaction('f', { createdAt: early, municipality: '釜石市' }));
        await store.interactions.setFeedback('c', 'unhelpful', early + 1);
        const summary = await store.interactions.summary({
          from: late - 1000,
          to: early + 1000,
          municipality: '釧路市',
          topics: 5,
        });
        expect(summary.days).toEqual([
          { day: '2026-11-20', staff: false, total: 1, answered: 1, unhelpful: 0 },
          { day: '2026-11-21', staff: false, total: 3, answered: 2, unhelpful: 1 },
          { day: '2026-11-21', staff: true, total: 1, answered: 1, unhelpful: 0 },
        ]);
        expect(summary.topics).toEqual([
          { docId: 'kushiro-1', title: '広報', section: '相談', count: 2 },
          { docId: 'kushiro-1', title: '広報', section: '窓口', count: 1 },
        ]);
      });
    });

    describe('handoff threads', () => {
      it('files one thread per answer and lists open ones oldest first', async () => {
        const store = await create();
        expect(await store.handoffs.create(handoffThread('h2', { createdAt: 2_000 }))).toBe(true);
        expect(await store.handoffs.create(handoffThread('h1', { createdAt: 1_000 }))).toBe(true);
        expect(await store.handoffs.create(handoffThread('h3', { answerId: 'answer-h1' }))).toBe(false);
        const open = await store.handoffs.listOpen(10);
        expect(open.map((t) => t.id)).toEqual(['h1', 'h2']);
        expect(open[0]).toMatchObject({
          status: 'open',
          question: '粗大ごみの出し方は？',
          sealedUserId: 'sealed-user-id',
          reply: null,
          sources: interaction('x').sources,
        });
        expect(await store.handoffs.countOpen()).toBe(2);
      });

      it('keeps the first reply and its retry key when a reply is submitted twice', async () => {
        const store = await create();
        await store.handoffs.create(handoffThread('h1'));
        const first = await store.handoffs.setReply('h1', {
          text: '回答',
          retryKey: 'key-1',
          by: 'sato',
          at: 5,
        });
        const second = await store.handoffs.setReply('h1', {
          text: '別',
          retryKey: 'key-2',
          by: 'ito',
          at: 6,
        });
        expect(first?.reply).toEqual({ text: '回答', retryKey: 'key-1', by: 'sato', at: 5, sentAt: null });
        expect(second?.reply?.retryKey).toBe('key-1');
        await store.handoffs.markSent('h1', 7);
        await store.handoffs.markSent('h1', 8);
        expect((await store.handoffs.get('h1'))?.reply?.sentAt).toBe(7);
      });

      it('deletes the sealed user id when a thread closes, keeping the keyed hash', async () => {
        const store = await create();
        await store.handoffs.create(handoffThread('h1'));
        expect(await store.handoffs.close('h1', 9)).toBe(true);
        expect(await store.handoffs.close('h1', 10)).toBe(false);
        expect(await store.handoffs.get('h1')).toMatchObject({
          status: 'closed',
          sealedUserId: null,
          userHash: 'hash-a',
          closedAt: 9,
        });
        expect(await store.handoffs.listOpen(10)).toEqual([]);
        expect(await store.handoffs.setReply('h1', { text: 'x', retryKey: 'k', by: 'a', at: 1 })).toBeNull();
      });

      it('records the FAQ document made from a reply', async () => {
        const store = await create();
        await store.handoffs.create(handoffThread('h1'));
        await store.handoffs.setFaqDocument('h1', 'faq-h1.md');
        expect((await store.handoffs.get('h1'))?.faqDocument).toBe('faq-h1.md');
      });

      it("deletes a user's threads with the user, and threads past retention", async () => {
        const store = await create();
        await store.handoffs.create(handoffThread('mine'));
        await store.handoffs.create(handoffThread('theirs', { userHash: 'hash-b', createdAt: 500 }));
        await store.handoffs.create(handoffThread('new', { userHash: 'hash-b', createdAt: 5_000 }));
        expect((await store.deleteUser('hash-a')).handoffs).toBe(1);
        expect(await store.handoffs.get('mine')).toBeNull();
        expect((await store.purgeOlderThan(1_000)).handoffs).toBe(1);
        expect(await store.handoffs.get('theirs')).toBeNull();
        expect(await store.handoffs.get('new')).not.toBeNull();
      });

      it("finds a user's latest question", async () => {
        const store = await create();
        await store.interactions.record(interaction('old', { createdAt: 1 }));
        await store.interactions.record(interaction('latest', { createdAt: 2 }));
        await store.interactions.record(interaction('other', { createdAt: 3, userHash: 'hash-b' }));
        const [latest] = await store.interactions.list({ userHash: 'hash-a', limit: 1 });
        expect(latest?.answerId).toBe('latest');
      });
    });

    describe('console accounts, sessions and audit log', () => {
      const user = { name: 'sato', role: 'editor' as const, passwordHash: 'scrypt$x', createdAt: 10 };
      const session = (id: string, overrides: Partial<ConsoleSession> = {}): ConsoleSession => ({
        id,
        actor: 'sato',
        role: 'editor',
        csrf: `csrf-${id}`,
        createdAt: 100,
        lastSeenAt: 100,
        notice: null,
        ...overrides,
      });

      it('creates a user once, lists, changes the role and disables', async () => {
        const store = await create();
        expect(await store.consoleUsers.create(user)).toBe(true);
        expect(await store.consoleUsers.create({ ...user, role: 'admin' })).toBe(false);
        expect(await store.consoleUsers.create({ ...user, name: 'abe', role: 'viewer' })).toBe(true);
        expect((await store.consoleUsers.list()).map((u) => u.name)).toEqual(['abe', 'sato']);
        expect(await store.consoleUsers.get('sato')).toEqual({ ...user, disabled: false, updatedAt: 10 });
        expect(await store.consoleUsers.update('sato', { role: 'admin', disabled: true }, 20)).toMatchObject({
          role: 'admin',
          disabled: true,
          updatedAt: 20,
        });
        expect(await store.consoleUsers.get('sato')).toMatchObject({ role: 'admin', disabled: true });
        expect(await store.consoleUsers.update('nobody', { role: 'admin' }, 20)).toBeNull();
        expect(await store.consoleUsers.get('nobody')).toBeNull();
      });

      it('keeps sessions for the next instance, with notices, touches and purges', async () => {
        const one = await create();
        await one.consoleSessions.create(session('s1'));
        await one.consoleSessions.create(session('s2', { createdAt: 50, lastSeenAt: 50 }));
        await one.consoleSessions.create(session('s3', { actor: 'abe', role: 'viewer' }));
        await one.consoleSessions.setNotice('s1', '{"kind":"ok","lines":["x"]}');
        await one.consoleSessions.touch('s1', 300);
        await one.close();
        const two = await another();
        expect(await two.consoleSessions.get('s1')).toEqual(
          session('s1', { lastSeenAt: 300, notice: '{"kind":"ok","lines":["x"]}' }),
        );
        expect(await two.consoleSessions.purge(80, 0)).toBe(1);
        expect(await two.consoleSessions.get('s2')).toBeNull();
        expect(await two.consoleSessions.deleteForActor('sato')).toBe(1);
        expect(await two.consoleSessions.get('s1')).toBeNull();
        await two.consoleSessions.delete('s3');
        expect(await two.consoleSessions.get('s3')).toBeNull();
      });

      it('appends audit entries and lists them newest first, by action', async () => {
        const store = await create();
        const entry = { at: 1, actor: 'sato', target: 'doc-1', before: null, after: '段落 3件' };
        await store.audit.append({ ...entry, action: 'document.upload' });
        await store.audit.append({
          ...entry,
          at: 2,
          action: 'document.remove',
          before: '段落 3件',
          after: null,
        });
        await store.audit.append({ ...entry, at: 3, action: 'document.upload', target: 'doc-2' });
        const all = await store.audit.list({ limit: 10, offset: 0 });
        expect(all.map((e) => [e.at, e.action, e.target])).toEqual([
          [3, 'document.upload', 'doc-2'],
          [2, 'document.remove', 'doc-1'],
          [1, 'document.upload', 'doc-1'],
        ]);
        expect(all[1]).toMatchObject({ actor: 'sato', before: '段落 3件', after: null });
        expect((await store.audit.list({ limit: 1, offset: 1, action: 'document.upload' }))[0]?.at).toBe(1);
        expect(await store.audit.count({})).toBe(3);
        expect(await store.audit.count({ action: 'document.remove' })).toBe(1);
      });
    });
  });
}
