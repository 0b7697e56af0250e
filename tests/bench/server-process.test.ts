import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../../bench/server-process.ts';

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
});
