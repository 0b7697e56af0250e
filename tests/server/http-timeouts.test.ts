import type { Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { createApp, createHttpServer, HTTP_TIMEOUTS, type HttpTimeouts } from '../../src/server.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import { CHANNEL_SECRET } from './webhook-fixtures.ts';

const SHORT: HttpTimeouts = { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 };

const servers: Server[] = [];
const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function start(timeouts: HttpTimeouts, bodyDeadlineMs: number) {
  const store = new SqliteStore({ file: ':memory:' });
  stores.push(store);
  const app = createApp({
    webhook: {
      channelSecret: CHANNEL_SECRET,
      missingVariables: [],
      store,
      keys: createIdentityKeys('k'.repeat(32)),
      pushFallback: false,
      logger: silentLogger(),
      now: Date.now,
      onEnqueued: () => {},
      bodyDeadlineMs,
    },
    readiness: { isReady: () => true },
    logger: silentLogger(),
  });
  const server = createHttpServer(app, timeouts);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, store };
}

/** Writes raw bytes on a fresh socket and resolves with everything read once the server closes it. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(bytes);
  });
}

describe('HTTP timeouts', () => {
  it('answers 408 and frees the socket when a declared webhook body never arrives', async () => {
    const { port, store } = await start(HTTP_TIMEOUTS, 200);
    const head = [
      'POST /webhook HTTP/1.1',
      'Host: 127.0.0.1',
      'Content-Type: application/json',
      'Content-Length: 1000000',
      'x-line-signature: c2lnbmF0dXJl',
      '',
      '',
    ].join('\r\n');
    const response = await rawExchange(port, `${head}{"events":[`);
    expect(response).toMatch(/^HTTP\/1\.1 408 /u);
    expect(response).toContain('body_timeout');
    expect(await store.inbox.countByStatus()).toEqual({ pending: 0, processing: 0, done: 0 });
  });

  it('closes a connection whose headers never finish', async () => {
    const { port } = await start(SHORT, 10_000);
    const response = await rawExchange(port, 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 408 /u);
  });

  it('closes a request whose body outlasts the request timeout on any route', async () => {
    const { port } = await start(SHORT, 60_000);
    const head = 'POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n';
    const response = await rawExchange(port, `${head}{`);
    expect(response).toMatch(/^HTTP\/1\.1 408 /u);
  });

  it('sets the production limits below node defaults', () => {
    const server = createHttpServer(express());
    expect(server.headersTimeout).toBe(HTTP_TIMEOUTS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(HTTP_TIMEOUTS.requestTimeoutMs);
    expect(server.requestTimeout).toBeLessThan(300_000);
  });
});
