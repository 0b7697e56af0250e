import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { startService } from '../../src/main.ts';
import { fakeEngines } from '../support/fake-engines.ts';
import { type FakeLineApi, startFakeLineApi } from '../support/fake-line-api.ts';
import { FakeEngine } from './fakes.ts';
import { ACCESS_TOKEN, CHANNEL_SECRET, sign, textEvent, USER_ID, webhookBody } from './webhook-fixtures.ts';

let fake: FakeLineApi;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  fake = await startFakeLineApi({ channelAccessToken: ACCESS_TOKEN });
});
afterEach(() => {
  for (const child of children.splice(0)) if (!child.killed) child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  fake.calls.length = 0;
});
afterAll(async () => {
  await fake.close();
});

function env(dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    KOTAE_DATA_DIR: dataDir,
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    LINE_API_BASE_URL: fake.baseURL,
    LOG_LEVEL: 'info',
  };
}

/** Spawns the service and resolves with its URL once it listens. */
function spawnService(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/server/fixtures/run-service.ts'], {
    env: env(dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${output}`)), 20_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    });
    child.once('exit', (code) => reject(new Error(`service exited with ${code}:\n${output}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function postBatch(url: string, ids: string[]): Promise<number> {
  const events = ids.map((id) =>
    textEvent(`無料法律相談は？ ${id}`, { id, replyToken: fake.issueReplyToken() }),
  );
  const body = webhookBody(events);
  try {
    const res = await fetch(`${url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
      body,
    });
    return res.status;
  } catch {
    return 0;
  }
}

function replyTokensUsedTwice(): string[] {
  const seen = new Map<string, number>();
  for (const call of fake.calls) {
    const token = (call.body as { replyToken?: string }).replyToken;
    if (token) seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([t]) => t);
}

describe('durability', () => {
  it('gives every acknowledged event exactly one outcome after kill -9 mid-load', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-kill-'));
    dirs.push(dataDir);
    const { child, url } = await spawnService(dataDir);

    const acknowledged: string[] = [];
    let next = 0;
    // Four senders in parallel; the process dies once about half the batches are acknowledged.
    const sender = async () => {
      while (next < 40) {
        const batch = next++;
        const ids = Array.from({ length: 10 }, (_, i) => `K${batch}-${i}`);
        if ((await postBatch(url, ids)) === 200) acknowledged.push(...ids);
        if (acknowledged.length >= 200 && !child.killed) child.kill('SIGKILL');
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    await exited(child);
    expect(acknowledged.length).toBeGreaterThan(0);

    const config = loadConfig({ ...env(dataDir), LOG_LEVEL: 'silent' });
    const service = await startService({
      config,
      logger: silentLogger(),
      engines: fakeEngines(new FakeEngine()),
    });
    try {
      await service.ready;
      await service.processor()?.idle();
      for (const id of acknowledged) {
        const record = await service.store.inbox.get(id);
        expect(record?.status, id).toBe('done');
        expect(record?.outcome, id).not.toBeNull();
      }
      const counts = await service.store.inbox.countByStatus();
      expect(counts.pending + counts.processing).toBe(0);
      expect(replyTokensUsedTwice()).toEqual([]);
    } finally {
      await service.shutdown(1_000);
    }
  });

  it('finishes in-flight work and closes the database on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-term-'));
    dirs.push(dataDir);
    const { child, url, output } = await spawnService(dataDir);
    expect(await postBatch(url, ['T1', 'T2', 'T3'])).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, USER_ID]) expect(output()).not.toContain(secret);

    const config = loadConfig({ ...env(dataDir), LOG_LEVEL: 'silent' });
    const service = await startService({
      config,
      logger: silentLogger(),
      engines: fakeEngines(new FakeEngine()),
    });
    try {
      await service.ready;
      await service.processor()?.idle();
      for (const id of ['T1', 'T2', 'T3']) expect((await service.store.inbox.get(id))?.status).toBe('done');
      expect(fake.calls.length).toBe(3);
    } finally {
      await service.shutdown(1_000);
    }
  });
});
