// The console is loaded after the service is ready: a request before that waits for it, and start-up never
// imports it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { lazyRouter } from '../../src/lazy-router.ts';
import { silentLogger } from '../../src/log.ts';
import { createApp } from '../../src/server.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { quietWebhookDeps } from './webhook-fixtures.ts';

function appWith(consoleRouter: RequestHandler) {
  const store = new SqliteStore({ file: ':memory:' });
  const app = createApp({
    webhook: quietWebhookDeps(store),
    readiness: { isReady: () => true },
    logger: silentLogger(),
    consoleRouter,
  });
  return { app, close: () => store.close() };
}

function helloRouter(): RequestHandler {
  const router = express.Router();
  router.get('/hello', (_req, res) => {
    res.type('text').send('hello');
  });
  return router;
}

describe('lazyRouter', () => {
  it('holds a request that arrives before the router is loaded and serves it once loaded', async () => {
    let finish: (router: RequestHandler) => void = () => {};
    let loads = 0;
    const lazy = lazyRouter(() => {
      loads++;
      return new Promise((resolve) => {
        finish = resolve;
      });
    });
    const { app, close } = appWith(lazy.handle);
    try {
      const pending = request(app)
        .get('/console/hello')
        .then((r) => r);
      const early = lazy.load();
      await new Promise((resolve) => setTimeout(resolve, 50));
      finish(helloRouter());
      await early;
      const res = await pending;
      expect(res.status).toBe(200);
      expect(res.text).toBe('hello');
      await request(app).get('/console/hello').expect(200, 'hello');
      await lazy.load();
      expect(loads).toBe(1);
    } finally {
      await close();
    }
  });

  it('answers 500 while the load fails and loads again on the next request', async () => {
    let attempts = 0;
    const lazy = lazyRouter(async () => {
      attempts++;
      if (attempts === 1) throw new Error('module missing');
      return helloRouter();
    });
    const { app, close } = appWith(lazy.handle);
    try {
      await expect(lazy.load()).rejects.toThrow('module missing');
      await request(app).get('/console/hello').expect(200, 'hello');
      expect(attempts).toBe(2);
    } finally {
      await close();
    }
  });

  it('passes a failed load to the error handler as a 500, not a 404', async () => {
    const lazy = lazyRouter(async () => {
      throw new Error('module missing');
    });
    const { app, close } = appWith(lazy.handle);
    try {
      const res = await request(app).get('/console/hello');
      expect(res.status).toBe(500);
    } finally {
      await close();
    }
  });
});

/** Static (value) imports reachable from a module: what Node loads before the module runs. */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'(\.[^']+)'/gms)) {
      visit(path.resolve(path.dirname(file), match[1] as string));
    }
  };
  visit(path.resolve(entry));
  return seen;
}

describe('start-up path', () => {
  it('imports no console module before the service is ready', () => {
    const modules = [...staticImports('src/main.ts')].map((f) => path.relative(process.cwd(), f));
    expect(modules).toContain(path.join('src', 'server.ts'));
    expect(modules.filter((m) => m.startsWith(path.join('src', 'console')))).toEqual([]);
  });
});
