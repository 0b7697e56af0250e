import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startNodeFlags, startServerProcess } from '../../bench/server-process.ts';

describe('benchmarked server process', () => {
  it('times a server to its first /readyz 200, reads its memory on a signal and stops it', async () => {
    const server = await startServerProcess({ script: 'bench/bare-server.ts', env: {}, timeoutMs: 30_000 });
    try {
      expect(server.readyMs).toBeGreaterThan(0);
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const memory = await server.memory();
      expect(memory.rss).toBeGreaterThan(memory.heapUsed);
      expect(memory.heapUsed).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
    await expect(fetch(`${server.url}/readyz`)).rejects.toThrow();
  });

  it('fails with the server’s own output when it exits before ready', async () => {
    const start = startServerProcess({
      script: 'src/main.ts',
      env: { PORT: 'not-a-port' },
      timeoutMs: 30_000,
    });
    await expect(start).rejects.toThrow(/exited with 1 before ready[\s\S]*PORT/);
  });

  it('runs servers with the node flags of npm start, and refuses a start script it cannot read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kotae-start-flags-'));
    try {
      const file = join(dir, 'package.json');
      writeFileSync(file, JSON.stringify({ scripts: { start: 'exec node --a=1 --b src/start.js' } }));
      expect(startNodeFlags(file)).toEqual(['--a=1', '--b']);
      writeFileSync(file, JSON.stringify({ scripts: { start: 'exec node src/start.js' } }));
      expect(startNodeFlags(file)).toEqual([]);
      writeFileSync(file, JSON.stringify({ scripts: { start: 'tsx src/main.ts' } }));
      expect(() => startNodeFlags(file)).toThrow(/npm start is not/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(startNodeFlags()).toContain('--max-semi-space-size=8');
  });
});
