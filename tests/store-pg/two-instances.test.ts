import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QUESTIONS_PER_WINDOW } from '../../src/line/rate-limit.ts';
import { PostgresStore } from '../../src/store/postgres.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET, sign, textEvent, webhookBody } from '../server/webhook-fixtures.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { dropSchema, reachableTestDatabase, uniqueSchema } from './test-database.ts';

const url = await reachableTestDatabase();
const BATCHES = 30;
const PER_BATCH = 5;

describe.skipIf(url === null)('two instances on one PostgreSQL', () => {
  const dbUrl = url ?? '';
  let fake: FakeLineApi;
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const schemas: string[] = [];

  beforeAll(async () => {
    fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    for (const s of schemas.splice(0)) await dropSchema(dbUrl, s);
  });
  afterAll(async () => {
    await fake?.close();
  });

  function spawnInstance(
    schema: string,
  ): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-pg-instance-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/store-pg/fixtures/run-instance.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: dataDir,
        DATABASE_URL: dbUrl,
        TEST_PG_SCHEMA: schema,
        TEST_CLAIM_LEASE_MS: '2000',
        LINE_CHANNEL_SECRET: CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
        LINE_API_BASE_URL: fake.baseURL,
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`instance did not start:\n${output}`)), 20_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve({ child, url: found, output: () => output });
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`instance exited with ${code}:\n${output}`));
      });
    });
  }

  async function post(base: string, events: Record<string, unknown>[]): Promise<number> {
    const body = webhookBody(events);
    try {
      const res = await fetch(`${base}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
        body,
      });
      return res.status;
    } catch {
      return 0;
    }
  }

  async function ready(base: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${base}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`${base} never became ready`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Event ids an instance's log says it handled. */
  const handledIn = (output: string): string[] =>
    output
      .split('\n')
      .filter((line) => line.includes('"msg":"line event"'))
      .map((line) => (JSON.parse(line) as { eventId: string }).eventId);

  it('answers every event exactly once while both receive it and one is killed mid-stream', async () => {
    const schema = uniqueSchema();
    schemas.push(schema);
    // Migrate before the instances start, so both find one schema.
    const observer = await PostgresStore.open({ connectionString: dbUrl, schema });
    try {
      const [a, b] = await Promise.all([spawnInstance(schema), spawnInstance(schema)]);
      await Promise.all([ready(a.url), ready(b.url)]);
      const tokenOf = new Map<string, string>();
      for (let batch = 0; batch < BATCHES; batch += 1) {
        const events = Array.from({ length: PER_BATCH }, (_, i) => {
          const id = `01PG${String(batch).padStart(3, '0')}${i}`.padEnd(26, 'X');
          const replyToken = fake.issueReplyToken();
          tokenOf.set(id, replyToken);
          return { id, replyToken };
        });
        const first = events.map((e) => textEvent(`無料法律相談は？ ${e.id}`, e));
        const again = events.map((e) => textEvent(`無料法律相談は？ ${e.id}`, { ...e, redelivery: true }));
        // The same events reach both instances, as a redelivery after a lost acknowledgement would.
        const [toA, toB] = await Promise.all([post(a.url, first), post(b.url, again)]);
        expect(toA === 200 || toB === 200).toBe(true);
        if (batch === Math.floor(BATCHES / 2)) a.child.kill('SIGKILL');
      }
      expect(a.child.signalCode ?? (await new Promise((r) => a.child.once('exit', (_c, s) => r(s))))).toBe(
        'SIGKILL',
      );

      const deadline = Date.now() + 20_000;
      for (;;) {
        const counts = await observer.inbox.countByStatus();
        if (counts.pending + counts.processing === 0) break;
        if (Date.now() > deadline) throw new Error(`inbox not drained: ${JSON.stringify(counts)}`);
        await new Promise((r) => setTimeout(r, 200));
      }

      const replies = new Map<string, { count: number; ok: number }>();
      for (const call of fake.calls) {
        const token = (call.body as { replyToken?: string }).replyToken;
        if (!token) continue;
        const seen = replies.get(token) ?? { count: 0, ok: 0 };
        seen.count += 1;
        if (call.status === 200) seen.ok += 1;
        replies.set(token, seen);
      }
      let answered = 0;
      for (const [id, token] of tokenOf) {
        const record = await observer.inbox.get(id);
        const sent = replies.get(token) ?? { count: 0, ok: 0 };
        expect(sent.count, id).toBeLessThanOrEqual(1);
        if (record?.outcome === 'failed') {
          // Killed between recording the attempt and recording the outcome: never sent twice.
          expect(record.detail, id).toBe('interrupted_after_send');
        } else {
          expect(record, id).toMatchObject({ status: 'done', delivery: 'reply' });
          expect(sent.ok, id).toBe(1);
        }
        if (record?.outcome === 'answered') answered += 1;
      }
      const outcomes = await observer.inbox.countByOutcome();
      expect(outcomes.failed).toBeLessThanOrEqual(8);
      // One resident asked every question: the limit holds across both instances.
      expect(answered).toBeGreaterThan(0);
      expect(answered).toBeLessThanOrEqual(QUESTIONS_PER_WINDOW);

      const byA = handledIn(a.output());
      const byB = handledIn(b.output());
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
      expect(byA.filter((id) => byB.includes(id))).toEqual([]);
    } finally {
      await observer.close();
    }
  }, 60_000);
});
