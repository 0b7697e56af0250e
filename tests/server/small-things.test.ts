// Issue 13 §6: what a newcomer hits first (favicon, Japanese font for screenshots, stopping PostgreSQL).
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { faviconIco } from '../../src/favicon.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/server.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { quietWebhookDeps } from './webhook-fixtures.ts';

describe('favicon', () => {
  it('serves a 32x32 ICO at /favicon.ico instead of 404', async () => {
    const store = new SqliteStore({ file: ':memory:' });
    try {
      const app = createApp({
        webhook: quietWebhookDeps(store),
        readiness: { isReady: () => true },
        logger: silentLogger(),
      });
      const res = await request(app).get('/favicon.ico').buffer(true).expect(200);
      expect(res.headers['content-type']).toBe('image/x-icon');
      const body = res.body as Buffer;
      expect(body.equals(faviconIco())).toBe(true);
      expect([body.readUInt16LE(0), body.readUInt16LE(2), body.readUInt16LE(4)]).toEqual([0, 1, 1]);
      expect([body[6], body[7]]).toEqual([32, 32]);
      expect(body.readUInt32LE(14) + body.readUInt32LE(18)).toBe(body.length);
    } finally {
      await store.close();
    }
  });
});

describe('scripts', () => {
  it('install a Japanese font with the browser', () => {
    expect(readFileSync('scripts/install-browser.sh', 'utf8')).toMatch(/fonts-noto-cjk/);
  });

  it('stop PostgreSQL through the script that knows its port and data directory', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    expect(ci).toContain('scripts/start-postgres.sh stop');
    expect(ci).not.toMatch(/kotae-pg-\d/);
  });
});
