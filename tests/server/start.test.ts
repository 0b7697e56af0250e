import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyShippedCorpus } from '../support/shipped-corpus.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function waitFor(check: () => Promise<boolean>, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('npm start', () => {
  it('boots on embedded defaults without LINE credentials, becomes ready and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-start-'));
    const shipped = copyShippedCorpus();
    dirs.push(dataDir, shipped.dir);
    // What npm start runs: src/start.js, which starts the answer worker before the service's modules load.
    const child = spawn(process.execPath, ['src/start.js'], {
      // Only what a test must change: a free port and scratch data, corpus and dictionaries directories.
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        KOTAE_DATA_DIR: dataDir,
        KOTAE_CORPUS_DIR: shipped.corpusDir,
        KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(async () => /"url":"http/.test(output), 20_000);
      const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1] ?? '';
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const webhook = await fetch(`${url}/webhook`, { method: 'POST', body: '{}' });
      expect(webhook.status).toBe(503);
      await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, 25_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"msg":"engine ready"');
      expect(output).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 60_000);

  // npm forwards a signal to its script's shell; the script execs node, so the signal reaches the server.
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'stops the server when npm itself gets %s',
    async (signal) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'kotae-start-'));
      // The shipped corpus from git, not the working corpus/ that staff may be editing.
      const shipped = copyShippedCorpus();
      dirs.push(dataDir, shipped.dir);
      const npm = spawn('npm', ['start', '--silent'], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? dataDir,
          PORT: '0',
          HOST: '127.0.0.1',
          KOTAE_DATA_DIR: dataDir,
          KOTAE_CORPUS_DIR: shipped.corpusDir,
          KOTAE_DICTIONARIES_DIR: shipped.dictionariesDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (d: Buffer) => {
        output += d.toString();
      });
      npm.stderr.on('data', (d: Buffer) => {
        output += d.toString();
      });
      const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      try {
        await waitFor(async () => /"url":"http/.test(output), 20_000);
        const url = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1] ?? '';
        expect((await fetch(`${url}/healthz`)).status).toBe(200);
        npm.kill(signal);
        await exited;
        await waitFor(
          () =>
            fetch(`${url}/healthz`).then(
              () => false,
              () => true,
            ),
          15_000,
        );
        expect(output).toContain('"msg":"stopped"');
      } finally {
        if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
        // Where the signal did not reach it, the server outlives npm: stop it here, not on a shared machine.
        const pid = Number(/"pid":(\d+)/.exec(output)?.[1]);
        if (pid > 0) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // Already gone, as it should be.
          }
        }
      }
    },
    60_000,
  );

  it('exits 1 with a message naming the port when it is in use, without a stack', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kotae-start-'));
    dirs.push(dataDir);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      // Through npm start's entry, with the answer worker already loading when the port turns out taken.
      const child = spawn(process.execPath, ['src/start.js'], {
        env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', KOTAE_DATA_DIR: dataDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(1);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(stderr).toContain('set PORT');
      expect(stderr).not.toMatch(/^\s+at /mu);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, 60_000);
});
