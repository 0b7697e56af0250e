// A fake LINE Messaging API on 127.0.0.1: reply, push, the loading animation, rich menus (with the
// data API's image upload on the same server), the message quota, recorded calls, and injectable failures.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertWithinLimits } from '../../src/line/limits.ts';

/**
 * - `'ok'`: behave like LINE.
 * - `{ status }`: answer every request with that status (e.g. 500, 429).
 * - `'hang'`: read the request and never answer.
 * - `'drop'`: read the request and destroy the connection.
 * - `'lose'`: act on the request like LINE, then destroy the connection before answering (the sender
 *   cannot tell that it took effect: a push is accepted, its retry key remembered).
 * - `{ failRate, seed }`: answer 500 or 429 for that share of requests (deterministic), else like LINE.
 */
export type FakeLineBehavior =
  | 'ok'
  | { status: number }
  | 'hang'
  | 'drop'
  | 'lose'
  | { failRate: number; seed: number };

export interface FakeLineCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, the raw text when it is not JSON, or the bytes of an uploaded image. */
  body: unknown;
  /** Status answered; absent while hanging or when the connection was dropped. */
  status?: number;
  /** When the request arrived (ms since epoch), to tell whether a reply made its token's window. */
  at: number;
}

export interface FakeRichMenu {
  richMenuId: string;
  /** The rich menu object as sent. */
  menu: Record<string, unknown>;
  image: { contentType: string; bytes: Buffer } | null;
}

export interface FakeLineApi {
  baseURL: string;
  /** Message sends (reply and push), in arrival order. */
  calls: FakeLineCall[];
  /** Loading animation requests. */
  loadingCalls: FakeLineCall[];
  /** Rich menu requests, image uploads included. */
  richMenuCalls: FakeLineCall[];
  /** Message quota requests (`getMessageQuota`, `getMessageQuotaConsumption`). */
  quotaCalls: FakeLineCall[];
  /** The monthly limit `getMessageQuota` reports; null reports `none` (no limit). */
  setQuota(limit: number | null): void;
  /** Pushed messages this month, as `getMessageQuotaConsumption` reports them (replies are free). */
  quotaUsed(): number;
  /** Every request, in arrival order. */
  requests: FakeLineCall[];
  /** Rich menus of the channel of `channelAccessToken` that exist now, by id. */
  richMenus(channelAccessToken: string): Map<string, FakeRichMenu>;
  defaultRichMenuId(channelAccessToken: string): string | null;
  /** Applies to every endpoint without a behavior of its own. */
  setBehavior(behavior: FakeLineBehavior): void;
  /** Overrides the behavior for the requests whose path starts with `pathPrefix`; `null` removes it. */
  setEndpointBehavior(pathPrefix: string, behavior: FakeLineBehavior | null): void;
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
const LOADING_PATH = '/v2/bot/chat/loading/start';
const QUOTA_PATH = '/v2/bot/message/quota';
const QUOTA_CONSUMPTION_PATH = '/v2/bot/message/quota/consumption';
/** The free plan's monthly message limit in Japan (コミュニケーションプラン). */
const DEFAULT_QUOTA = 200;
const RICH_MENU_PREFIX = '/v2/bot/richmenu';
const DEFAULT_RICH_MENU_PATH = '/v2/bot/user/all/richmenu';
const USER_ID_PATTERN = /^U[0-9a-f]{32}$/u;
/** LINE's documented limits for a rich menu image. */
const RICH_MENU_IMAGE_MAX_BYTES = 1024 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return null;
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The checks LINE makes on a rich menu object that a generated menu could get wrong; null when valid. */
function richMenuProblem(menu: Record<string, unknown>): string | null {
  const size = menu.size;
  if (!isObject(size) || size.width !== 2500 || (size.height !== 1686 && size.height !== 843)) {
    return 'size must be 2500x1686 or 2500x843';
  }
  if (typeof menu.selected !== 'boolean') return 'selected must be a boolean';
  if (typeof menu.name !== 'string' || menu.name.length === 0 || menu.name.length > 300) {
    return 'name must be 1-300 characters';
  }
  if (typeof menu.chatBarText !== 'string' || menu.chatBarText.length === 0 || menu.chatBarText.length > 14) {
    return 'chatBarText must be 1-14 characters';
  }
  const areas = menu.areas;
  if (!Array.isArray(areas) || areas.length === 0 || areas.length > 20) return 'areas must hold 1-20 areas';
  for (const [index, area] of areas.entries()) {
    if (!isObject(area) || !isObject(area.bounds) || !isObject(area.action)) {
      return `areas[${index}] needs bounds and an action`;
    }
    const { x, y, width, height } = area.bounds as Record<string, unknown>;
    if (![x, y, width, height].every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
      return `areas[${index}].bounds must be non-negative integers`;
    }
    if ((x as number) + (width as number) > size.width || (y as number) + (height as number) > size.height) {
      return `areas[${index}].bounds must lie inside the menu`;
    }
    const action = area.action;
    if (action.type === 'postback') {
      if (typeof action.data !== 'string' || action.data.length === 0 || action.data.length > 300) {
        return `areas[${index}].action.data must be 1-300 characters`;
      }
    } else if (action.type === 'message') {
      if (typeof action.text !== 'string' || action.text.length === 0 || action.text.length > 300) {
        return `areas[${index}].action.text must be 1-300 characters`;
      }
    } else if (action.type !== 'uri') {
      return `areas[${index}].action.type is not one a rich menu takes here`;
    }
    if (typeof action.label === 'string' && action.label.length > 20) {
      return `areas[${index}].action.label must be at most 20 characters`;
    }
  }
  return null;
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
  const loadingCalls: FakeLineCall[] = [];
  const richMenuCalls: FakeLineCall[] = [];
  const quotaCalls: FakeLineCall[] = [];
  let quotaLimit: number | null = DEFAULT_QUOTA;
  let pushedMessages = 0;
  const requests: FakeLineCall[] = [];
  // Each access token is a channel of its own, as on LINE: menus and the default never mix.
  const channels = new Map<string, { menus: Map<string, FakeRichMenu>; defaultId: string | null }>();
  const channelOf = (token: string) => {
    let channel = channels.get(token);
    if (!channel) {
      channel = { menus: new Map(), defaultId: null };
      channels.set(token, channel);
    }
    return channel;
  };
  const endpointBehaviors = new Map<string, FakeLineBehavior>();
  let behavior: FakeLineBehavior = 'ok';
  let latencyMs = options.latencyMs ?? 0;
  let random = seededRandom(0);
  const usedTokens = new Set<string>();
  const lostAnswers = new WeakSet<ServerResponse>();
  const acceptedRetryKeys = new Map<string, { requestId: string; sent: unknown[] }>();

  function respond(
    res: ServerResponse,
    call: FakeLineCall,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    call.status = status;
    if (lostAnswers.has(res)) {
      res.socket?.destroy();
      return;
    }
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
    pushedMessages += body.messages.length;
    respond(res, call, 200, { sentMessages: sent }, { 'x-line-request-id': requestId });
  }

  function handleLoading(res: ServerResponse, call: FakeLineCall, body: Record<string, unknown>): void {
    const seconds = body.loadingSeconds;
    if (typeof body.chatId !== 'string' || !USER_ID_PATTERN.test(body.chatId)) {
      respond(res, call, 400, { message: 'The chatId must be the user id of a one-on-one chat' });
      return;
    }
    if (
      seconds !== undefined &&
      (typeof seconds !== 'number' ||
        !Number.isInteger(seconds) ||
        seconds < 5 ||
        seconds > 60 ||
        seconds % 5 !== 0)
    ) {
      respond(res, call, 400, { message: 'loadingSeconds must be 5, 10, … or 60' });
      return;
    }
    respond(res, call, 202, {});
  }

  function menuSummary(menu: FakeRichMenu): Record<string, unknown> {
    return { richMenuId: menu.richMenuId, ...menu.menu };
  }

  function handleRichMenu(res: ServerResponse, call: FakeLineCall, raw: Buffer, token: string): void {
    const { method, path } = call;
    const channel = channelOf(token);
    const richMenus = channel.menus;
    const json = isObject(call.body) ? call.body : null;
    const notFound = (): void => {
      respond(res, call, 404, { message: 'Not found' });
    };
    if (method === 'POST' && (path === RICH_MENU_PREFIX || path === `${RICH_MENU_PREFIX}/validate`)) {
      if (!json) {
        respond(res, call, 400, { message: 'The request body has 1 error(s)' });
        return;
      }
      const problem = richMenuProblem(json);
      if (problem) {
        respond(res, call, 400, { message: `Invalid rich menu: ${problem}` });
        return;
      }
      if (path.endsWith('/validate')) {
        respond(res, call, 200, {});
        return;
      }
      const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
      richMenus.set(richMenuId, { richMenuId, menu: json, image: null });
      respond(res, call, 200, { richMenuId });
      return;
    }
    if (method === 'GET' && path === `${RICH_MENU_PREFIX}/list`) {
      respond(res, call, 200, { richmenus: [...richMenus.values()].map(menuSummary) });
      return;
    }
    if (path === DEFAULT_RICH_MENU_PATH) {
      if (method === 'GET') {
        if (channel.defaultId === null) respond(res, call, 404, { message: 'no default richmenu' });
        else respond(res, call, 200, { richMenuId: channel.defaultId });
        return;
      }
      if (method === 'DELETE') {
        channel.defaultId = null;
        respond(res, call, 200, {});
        return;
      }
      respond(res, call, 405, { message: 'Method not allowed' });
      return;
    }
    const setDefault = path.startsWith(`${DEFAULT_RICH_MENU_PATH}/`)
      ? path.slice(DEFAULT_RICH_MENU_PATH.length + 1)
      : null;
    if (setDefault !== null) {
      if (method !== 'POST') {
        respond(res, call, 405, { message: 'Method not allowed' });
        return;
      }
      const menu = richMenus.get(setDefault);
      if (!menu) {
        notFound();
        return;
      }
      if (menu.image === null) {
        respond(res, call, 400, { message: 'must upload richmenu image before applying it to user' });
        return;
      }
      channel.defaultId = setDefault;
      respond(res, call, 200, {});
      return;
    }
    const match = /^\/v2\/bot\/richmenu\/([^/]+)(\/content)?$/u.exec(path);
    const menu = match?.[1] ? richMenus.get(match[1]) : undefined;
    if (!match || !menu) {
      notFound();
      return;
    }
    if (match[2]) {
      if (method !== 'POST') {
        respond(res, call, 405, { message: 'Method not allowed' });
        return;
      }
      const contentType = String(call.headers['content-type'] ?? '');
      if (contentType !== 'image/png' && contentType !== 'image/jpeg') {
        respond(res, call, 415, { message: 'The content type must be image/png or image/jpeg' });
        return;
      }
      if (raw.length > RICH_MENU_IMAGE_MAX_BYTES) {
        respond(res, call, 413, { message: 'Image too large' });
        return;
      }
      const size = contentType === 'image/png' ? pngSize(raw) : null;
      const want = menu.menu.size as { width: number; height: number };
      if (contentType === 'image/png' && (size?.width !== want.width || size.height !== want.height)) {
        respond(res, call, 400, { message: 'The image size does not match the rich menu size' });
        return;
      }
      if (menu.image !== null) {
        respond(res, call, 400, { message: 'An image has already been uploaded to the richmenu' });
        return;
      }
      menu.image = { contentType, bytes: raw };
      respond(res, call, 200, {});
      return;
    }
    if (method === 'GET') {
      respond(res, call, 200, menuSummary(menu));
      return;
    }
    if (method === 'DELETE') {
      richMenus.delete(menu.richMenuId);
      if (channel.defaultId === menu.richMenuId) channel.defaultId = null;
      respond(res, call, 200, {});
      return;
    }
    respond(res, call, 405, { message: 'Method not allowed' });
    return;
  }

  function behaviorFor(path: string): FakeLineBehavior {
    for (const [prefix, own] of endpointBehaviors) if (path.startsWith(prefix)) return own;
    return behavior;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? '';
    const binary = /^image\//u.test(String(req.headers['content-type'] ?? ''));
    const text = binary ? '' : raw.toString('utf8');
    const parsed = binary ? ({ ok: false } as const) : parseJson(text);
    const call: FakeLineCall = {
      method: req.method ?? '',
      path,
      headers: req.headers,
      body: binary ? raw : parsed.ok ? parsed.value : text,
      at: Date.now(),
    };
    requests.push(call);
    const isRichMenu = path.startsWith(RICH_MENU_PREFIX) || path.startsWith(DEFAULT_RICH_MENU_PATH);
    const isQuota = path === QUOTA_PATH || path === QUOTA_CONSUMPTION_PATH;
    if (path === LOADING_PATH) loadingCalls.push(call);
    else if (isQuota) quotaCalls.push(call);
    else if (isRichMenu) richMenuCalls.push(call);
    else calls.push(call);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const acting = behaviorFor(path);

    if (acting === 'hang') return;
    if (acting === 'drop') {
      req.socket.destroy();
      return;
    }
    if (acting === 'lose') lostAnswers.add(res);
    if (typeof acting === 'object' && 'status' in acting) {
      respond(res, call, acting.status, { message: `Injected failure ${acting.status}` });
      return;
    }
    if (typeof acting === 'object' && random() < acting.failRate) {
      const status = random() < 0.5 ? 500 : 429;
      respond(res, call, status, { message: status === 429 ? 'Too Many Requests' : 'Internal Server Error' });
      return;
    }

    if (
      call.path !== REPLY_PATH &&
      call.path !== PUSH_PATH &&
      call.path !== LOADING_PATH &&
      !isRichMenu &&
      !isQuota
    ) {
      respond(res, call, 404, { message: 'Not found' });
      return;
    }
    if (isQuota && call.method !== 'GET') {
      respond(res, call, 405, { message: 'Method not allowed' });
      return;
    }
    if (call.method !== 'POST' && !isRichMenu && !isQuota) {
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
    if (isRichMenu) {
      handleRichMenu(res, call, raw, token);
      return;
    }
    if (path === QUOTA_PATH) {
      respond(
        res,
        call,
        200,
        quotaLimit === null ? { type: 'none' } : { type: 'limited', value: quotaLimit },
      );
      return;
    }
    if (path === QUOTA_CONSUMPTION_PATH) {
      respond(res, call, 200, { totalUsage: pushedMessages });
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
    else if (call.path === LOADING_PATH) handleLoading(res, call, body);
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
    loadingCalls,
    richMenuCalls,
    quotaCalls,
    setQuota(limit) {
      quotaLimit = limit;
    },
    quotaUsed: () => pushedMessages,
    requests,
    richMenus: (token) => channelOf(token).menus,
    defaultRichMenuId: (token) => channelOf(token).defaultId,
    setBehavior(next) {
      behavior = next;
      if (typeof next === 'object' && 'failRate' in next) random = seededRandom(next.seed);
    },
    setEndpointBehavior(pathPrefix, next) {
      if (next === null) endpointBehaviors.delete(pathPrefix);
      else endpointBehaviors.set(pathPrefix, next);
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
