import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { PG_MIGRATIONS, PG_SCHEMA_VERSION } from '../../src/store/pg-migrations.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { inboxEvent } from '../store-contract/contract.ts';
import { dropSchema, reachableTestDatabase, uniqueSchema } from './test-database.ts';

const url = await reachableTestDatabase();
const LEASE_MS = 1_000;

describe.skipIf(url === null)('PostgresStore', () => {
  const dbUrl = url ?? '';
  const stores: PostgresStore[] = [];
  const schemas: string[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    for (const s of schemas.splice(0)) await dropSchema(dbUrl, s);
  });
  const open = async (schema: string) => {
    const store = await PostgresStore.open({ connectionString: dbUrl, schema, claimLeaseMs: LEASE_MS });
    stores.push(store);
    return store;
  };
  const fresh = () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    return schema;
  };

  it('migrates once when several instances start at the same time', async () => {
    const schema = fresh();
    await Promise.all([open(schema), open(schema), open(schema), open(schema)]);
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT version FROM "${schema}".schema_migrations ORDER BY version`,
      );
      // Each migration applied exactly once, the last one being the code's version.
      expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version })));
      expect(rows.at(-1)).toEqual({ version: PG_SCHEMA_VERSION });
    } finally {
      await client.end();
    }
  });

  it('refuses a database migrated by newer code', async () => {
    const schema = fresh();
    const first = await open(schema);
    await first.close();
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    await client.query(`INSERT INTO "${schema}".schema_migrations (version) VALUES (999)`);
    await client.end();
    await expect(PostgresStore.open({ connectionString: dbUrl, schema })).rejects.toThrow(
      /newer than this code/,
    );
  });

  it('takes over the claims of an instance that stopped answering once their lease runs out', async () => {
    const schema = fresh();
    const dead = await open(schema);
    const alive = await open(schema);
    await dead.inbox.enqueue([inboxEvent('unsent'), inboxEvent('sent')], 100);
    expect((await dead.inbox.claim(2, 100)).map((e) => e.eventId)).toEqual(['unsent', 'sent']);
    await dead.inbox.markSendAttempted('sent', 101);

    expect(await alive.inbox.claim(5, 100 + LEASE_MS - 1)).toEqual([]);
    const retaken = await alive.inbox.claim(5, 100 + LEASE_MS + 1);
    expect(retaken.map((e) => e.eventId)).toEqual(['unsent']);
    expect(retaken[0]?.replyToken).toBe('token-unsent');
    // The reply may have gone out: never sent twice, recorded as failed.
    expect(await alive.inbox.get('sent')).toMatchObject({
      outcome: 'failed',
      detail: 'interrupted_after_send',
    });
  });

  it('leaves the fresh claims of a live instance alone when another restarts', async () => {
    const schema = fresh();
    const live = await open(schema);
    await live.inbox.enqueue([inboxEvent('A')], 100);
    await live.inbox.claim(1, 100);
    const restarted = await open(schema);
    expect(await restarted.inbox.recoverInterrupted(200)).toEqual({ requeued: 0, failed: 0 });
    expect(await restarted.inbox.get('A')).toMatchObject({ status: 'processing' });
    expect(await restarted.inbox.recoverInterrupted(100 + LEASE_MS + 1)).toEqual({ requeued: 1, failed: 0 });
  });

  it('keeps the channel an event came to', async () => {
    const store = await open(fresh());
    await store.inbox.enqueue([inboxEvent('K', { channel: 'kamaishi' }), inboxEvent('S')], 1);
    const claimed = await store.inbox.claim(2, 2);
    expect(claimed.map((e) => [e.eventId, e.channel])).toEqual([
      ['K', 'kamaishi'],
      ['S', undefined],
    ]);
  });

  it('shares the question limit across instances, exactly under concurrency', async () => {
    const schema = fresh();
    const one = (await open(schema)).rateLimiter(5, 60_000);
    const two = (await open(schema)).rateLimiter(5, 60_000);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? one : two).take('hash-a', 1_000 + i)),
    );
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await two.take('hash-b', 1_100)).toBe(true);
    // The window slides: a minute after the first hits, questions are admitted again.
    expect(await one.take('hash-a', 61_001)).toBe(true);
    await two.forget('hash-a');
    expect(await one.take('hash-a', 61_002)).toBe(true);
  });

  it('forgets a deleted user and purges idle limits', async () => {
    const schema = fresh();
    const store = await open(schema);
    const limiter = store.rateLimiter(1, 60_000);
    expect(await limiter.take('hash-a', 10)).toBe(true);
    expect(await limiter.take('hash-a', 11)).toBe(false);
    await store.deleteUser('hash-a');
    expect(await limiter.take('hash-a', 12)).toBe(true);
    await store.purgeOlderThan(100);
    expect(await limiter.take('hash-a', 13)).toBe(true);
  });
});
