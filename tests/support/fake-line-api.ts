// A fake LINE Messaging API on 127.0.0.1: reply and push, recorded calls, and injectable failures.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertWithinLimits } from '../../src/line/limits.ts';

/**
 * - `'ok'`: behave like LINE.
 * - `{ status }`: answer every request with that status (e.g. 500, 429).
 * - `'hang'`: read the request and never answer.
 * - `'drop'`: read the request and destroy the connection.
 * - `{ failRate, seed }`: answer 500 or 429 for that share of requests (deterministic), else like LINE.
 */
export type FakeLineBehavior =
  | 'ok'
  | { status: number }
  | 'hang'
  | 'drop'
  | { failRate: number; seed: number };

export interface FakeLineCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** Status answered; absent while hanging or when the connection was dropped. */
  status?: number;
  /** When the request arrived (ms since epoch), to tell whether a reply made its token's window. */
  at: number;
}

export interface FakeLineApi {
  baseURL: string;
  calls: FakeLineCall[];
  setBehavior(behavior: FakeLineBehavior): void;
  setLatency(ms: number): void;
  /** A fresh reply token (32 hex digits, as LINE's); any such token not made of one repeated character is valid once. */
  issueReplyToken(): string;
  close(): Promise<void>;
}

export interface FakeLineApiOptions {
  /** When set, any other bearer token gets 401. */
  channelAccessToken?: string;
  /** Every answer waits this long, as LINE does on a busy day; 0 unless set. */
  latencyMs?: number;
}

const REPLY_PATH = '/v2/bot/message/reply';
const PUSH_PATH = '/v2/bot/message/push';
const REPLY_TOKEN_PATTERN = /^[0-9a-f]{32}$/iu;
const PUSH_TARGET_PATTERN = /^[UCR][0-9a-f]{32}$/u;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** mulberry32: a small seeded PRNG, so a failure pattern repeats run after run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The console's "verify" button sends tokens of one repeated character; LINE rejects replies to them.
function isVerifyToken(token: string): boolean {
  return /^(.)\1*$/u.test(token);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function sentMessages(count: number): Array<{ id: string; quoteToken: string }> {
  return Array.from({ length: count }, () => ({
    id: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
    quoteToken: randomBytes(24).toString('base64url'),
  }));
}

export async function startFakeLineApi(options: FakeLineApiOptions = {}): Promise<FakeLineApi> {
  const calls: FakeLineCall[] = [];
  let behavior: FakeLineBehavior = 'ok';
  let latencyMs = options.latencyMs ?? 0;
  let random = seededRandom(0);
  const usedTokens = new Set<string>();
  const acceptedRetryKeys = new Map<string, { requestId: string; sent: unknown[] }>();

  function respond(
    res: ServerResponse,
    call: FakeLineCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    call.status = status;
    res.writeHead(status, {
      'content-type': 'application/json',
      'x-line-request-id': randomUUID(),
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  function validMessages(res: ServerResponse, call: FakeLineCall, messages: unknown): messages is unknown[] {
    const list = Array.isArray(messages) ? messages : [];
    const limits = assertWithinLimits(list);
    if (limits.ok) return true;
    respond(res, call, 400, {
      message: `The request body has ${limits.issues.length} error(s)`,
      details: limits.issues.map((issue) => ({ message: issue, property: 'messages' })),
    });
    return false;
  }

  function handleReply(res: ServerResponse, call: FakeLineCall, body: Record<string, unknown>): void {
    const token = body.replyToken;
    if (!validMessages(res, call, body.messages)) return;
    if (
      typeof token !== 'string' ||
      !REPLY_TOKEN_PATTERN.test(token) ||
      isVerifyToken(token) ||
      usedTokens.has(token)
    ) {
      respond(res, call, 400, { message: 'Invalid reply token' });
      return;
    }
    usedTokens.add(token);
    respond(res, call, 200, { sentMessages: sentMessages(body.messages.length) });
  }

  function handlePush(res: ServerResponse, call: FakeLineCall, body: Record<string, unknown>): void {
    const retryKey = call.headers['x-line-retry-key'];
    if (retryKey !== undefined && (typeof retryKey !== 'string' || !UUID_PATTERN.test(retryKey))) {
      respond(res, call, 400, { message: "The value for the 'X-Line-Retry-Key' header is invalid" });
      return;
    }
    const accepted = typeof retryKey === 'string' ? acceptedRetryKeys.get(retryKey.toLowerCase()) : undefined;
    if (accepted) {
      respond(
        res,
        call,
        409,
        { message: 'The retry key is already accepted', sentMessages: accepted.sent },
        { 'x-line-accepted-request-id': accepted.requestId },
      );
      return;
    }
    if (typeof body.to !== 'string' || !PUSH_TARGET_PATTERN.test(body.to)) {
      respond(res, call, 400, {
        message: "The property, 'to', in the request body is invalid (line: -, column: -)",
      });
      return;
    }
    if (!validMessages(res, call, body.messages)) return;
    const sent = sentMessages(body.messages.length);
    const requestId = randomUUID();
    if (typeof retryKey === 'string') acceptedRetryKeys.set(retryKey.toLowerCase(), { requestId, sent });
    call.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'x-line-request-id': requestId });
    res.end(JSON.stringify({ sentMessages: sent }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const parsed = parseJson(text);
    const call: FakeLineCall = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: parsed.ok ? parsed.value : text,
      at: Date.now(),
    };
    calls.push(call);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));

    if (behavior === 'hang') return;
    if (behavior === 'drop') {
      req.socket.destroy();
      return;
    }
    if (typeof behavior === 'object' && 'status' in behavior) {
      respond(res, call, behavior.status, { message: `Injected failure ${behavior.status}` });
      return;
    }
    if (typeof behavior === 'object' && random() < behavior.failRate) {
      const status = random() < 0.5 ? 500 : 429;
      respond(res, call, status, { message: status === 429 ? 'Too Many Requests' : 'Internal Server Error' });
      return;
    }

    if (call.path !== REPLY_PATH && call.path !== PUSH_PATH) {
      respond(res, call, 404, { message: 'Not found' });
      return;
    }
    if (call.method !== 'POST') {
      respond(res, call, 405, { message: 'Method not allowed' });
      return;
    }
    const auth = req.headers.authorization ?? '';
    const token = /^Bearer (\S+)$/u.exec(auth)?.[1];
    if (!token || (options.channelAccessToken !== undefined && token !== options.channelAccessToken)) {
      respond(res, call, 401, {
        message: 'Authentication failed. Confirm that the access token in the authorization header is valid.',
      });
      return;
    }
    if (
      !parsed.ok ||
      typeof parsed.value !== 'object' ||
      parsed.value === null ||
      Array.isArray(parsed.value)
    ) {
      respond(res, call, 400, { message: 'The request body has 1 error(s)' });
      return;
    }
    const body = parsed.value as Record<string, unknown>;
    if (call.path === REPLY_PATH) handleReply(res, call, body);
    else handlePush(res, call, body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'x-line-request-id': randomUUID() });
        res.end();
      } else {
        res.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}`,
    calls,
    setBehavior(next) {
      behavior = next;
      if (typeof next === 'object' && 'failRate' in next) random = seededRandom(next.seed);
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    issueReplyToken() {
      return randomBytes(16).toString('hex');
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
