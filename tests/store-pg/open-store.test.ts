import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { type OpenedStore, openConfiguredStore } from '../../src/store/open-store.ts';
import { inboxEvent } from '../store-contract/contract.ts';
import { dropSchema, reachableTestDatabase, uniqueSchema } from './test-database.ts';

const url = await reachableTestDatabase();
const opened: OpenedStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.store.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kotae-open-store-'));
  dirs.push(dir);
  return dir;
}

describe('DATABASE_URL', () => {
  it('accepts postgres:// and postgresql:// URLs and is unset by default', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: ' ' }).databaseUrl).toBeNull();
    expect(loadConfig({ DATABASE_URL: 'postgresql://k:p@db.internal:5432/kotae' }).databaseUrl).toBe(
      'postgresql://k:p@db.internal:5432/kotae',
    );
  });

  it('stops boot on another scheme without printing the URL, which holds a password', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://kotae:hunter2-secret@db/kotae' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe('DATABASE_URL');
    expect((error as Error).message).toContain('postgres://');
    expect((error as Error).message).not.toContain('hunter2');
  });
});

describe('openConfiguredStore', () => {
  it('keeps the embedded SQLite store without DATABASE_URL', async () => {
    const dir = tempDir();
    const store = await openConfiguredStore({ databaseUrl: null, dataDir: dir }, silentLogger());
    opened.push(store);
    expect(store.kind).toBe('sqlite');
    expect(store.pollIntervalMs).toBeNull();
    expect(await store.store.inbox.enqueue([inboxEvent('A')], 1)).toEqual({
      inserted: ['A'],
      duplicates: [],
    });
  });

  it.skipIf(url === null)('opens PostgreSQL from DATABASE_URL, in the schema its options name', async () => {
    const schema = uniqueSchema();
    const admin = new pg.Client({ connectionString: url ?? '' });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      const withSchema = `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      const store = await openConfiguredStore(
        { databaseUrl: withSchema, dataDir: tempDir() },
        silentLogger(),
      );
      opened.push(store);
      expect(store.kind).toBe('postgres');
      expect(store.pollIntervalMs).toBeGreaterThan(0);
      await store.store.inbox.enqueue([inboxEvent('A')], 1);
      expect(await store.rateLimiter.take('hash-a', 1)).toBe(true);
      const { rows } = await admin.query(`SELECT event_id FROM "${schema}".inbox`);
      expect(rows).toEqual([{ event_id: 'A' }]);
    } finally {
      await admin.end();
      await Promise.all(opened.splice(0).map((o) => o.store.close()));
      await dropSchema(url ?? '', schema);
    }
  });
});
