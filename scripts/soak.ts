// `npm run soak`: the real server under mixed webhook traffic while the LINE API misbehaves.
// Loopback only, fixed duration and rate; exits 1 when an acknowledged event is lost or handled twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadQuestions } from '../src/eval/questions.ts';
import { DATABASE_FILE } from '../src/store/sqlite.ts';
import { OUTCOMES, type Outcome } from '../src/store/types.ts';
import { type FakeLineApi, startFakeLineApi } from '../tests/support/fake-line-api.ts';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUESTIONS_FILE = join(REPO_ROOT, 'tests/eval/questions.jsonl');

export const DEFAULT_SECONDS = 30;
export const MAX_SECONDS = 300;
export const DEFAULT_RATE = 20;
/** Share of LINE API calls that fail: half 500/429 from the fake, a quarter slow, a quarter dropped. */
export const DEFAULT_FAIL_RATE = 0.1;
/** LINE's webhook budget: an acknowledgement slower than this risks a redelivery. */
export const ACK_BUDGET_MS = 2_000;
/** Slow LINE answers span both sides of the server's 5 s LINE timeout. */
const SLOW_MIN_MS = 1_500;
const SLOW_MAX_MS = 7_000;
/** Long enough for the slowest LINE call (timed out at 5 s) plus a restart's backlog. */
const DRAIN_TIMEOUT_MS = 60_000;
const READY_TIMEOUT_MS = 60_000;
const WEBHOOK_TIMEOUT_MS = 10_000;
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** In --kill mode the server is killed this far into the run. */
const KILL_AT = 0.4;
/** Events acknowledged in one request right before the kill. */
const KILL_BURST = 30;
/** Sends at most this many webhook requests at once, so a stalled server cannot pile up sockets. */
const MAX_IN_FLIGHT = 256;
/** Distinct residents: enough that the per-user limit (10/min) binds only on the heavy user. */
const USER_POOL = 200;
const GROUP_POOL = 10;
const KEPT_LOG_LINES = 200;
const GROUP_PREFIX = '@kotae';
/** Set empty so a developer's .env cannot move the store to PostgreSQL or the webhook to channels. */
const PINNED_ENV = {
  DATABASE_URL: '',
  KOTAE_CHANNELS_FILE: '',
  USER_HASH_SECRET: '',
  LINE_PUSH_FALLBACK: 'false',
  KOTAE_NOW: '',
  CONSOLE_PASSWORD: '',
  CONSOLE_PASSWORD_HASH: '',
};

/** What one webhook request carries, with the share of traffic it gets. */
export const TRAFFIC_MIX = {
  question: 0.42,
  group: 0.12,
  other: 0.08,
  batch: 0.05,
  redelivery: 0.1,
  invalid_signature: 0.1,
  malformed: 0.13,
} as const;
export type TrafficKind = keyof typeof TRAFFIC_MIX;
/** Share of one-to-one questions sent by one heavy user, who runs into the rate limit. */
const HEAVY_USER_SHARE = 0.08;

export interface SoakOptions {
  seconds: number;
  /** Webhook requests per second. */
  rate: number;
  /** Kill -9 the server mid-run and restart it on the same data directory. */
  kill: boolean;
  seed: number;
  failRate: number;
  /** Progress lines; nothing is printed when absent. */
  log?: (line: string) => void;
  /** The server's corpus and dictionaries; the configured ones when absent (tests pass a copy). */
  corpusDir?: string;
  dictionariesDir?: string;
  /** The server's data directory, kept after the run so its records can be read; a temporary one, deleted, when absent. */
  dataDir?: string;
}

export interface SoakReport {
  options: { seconds: number; rate: number; kill: boolean; seed: number; failRate: number };
  requests: {
    sent: number;
    acknowledged: number;
    /** 401 for a bad signature, 400 for a malformed body: the expected refusals. */
    rejected: number;
    /** A status other than the expected one, or no answer while the server was up. */
    unexpected: number;
    /** No answer because the server was down (--kill); resent as LINE redeliveries after the restart. */
    unreached: number;
  };
  events: {
    sent: number;
    acknowledged: number;
    /** Distinct webhookEventIds acknowledged at least once. */
    distinctAcknowledged: number;
    answered: number;
    declined: number;
    outcomes: Record<Outcome, number>;
    /** Expired events by reason: the reply window passed (reply_token_expired) or a late push (pushed, line_push_…). */
    expiredBy: Record<string, number>;
    /** A reply token used twice, or an event recorded as two interactions. */
    duplicates: number;
    /** Reply tokens sent to LINE more than once. */
    repliedTwice: number;
    /** Events recorded as more than one interaction (staff review counts them twice). */
    recordedTwice: number;
    /** Acknowledged but without a recorded outcome after the drain. */
    lost: number;
    /** Acknowledged, then deleted with their user's data on unfollow. */
    forgotten: number;
  };
  /** Residents' questions recorded for staff after the drain: what the console's dashboard counts. */
  recorded: { answered: number; declined: number };
  ackLatencyMs: { p50: number; p99: number; max: number };
  rssMb: {
    start: number | null;
    /** Halfway through sending: growth after it, under the same load, hints at a leak. */
    middle: number | null;
    end: number | null;
    growth: number | null;
    secondHalfGrowth: number | null;
  };
  line: {
    calls: number;
    injected: { status500: number; status429: number; slow: number; dropped: number };
  };
  restarts: number;
  /** Acknowledged events still pending or in flight when the server was killed. */
  unsettledAtKill: number | null;
  drainMs: number;
  shutdownExitCode: number | null;
  unexpectedSamples: string[];
  lostSamples: { eventId: string; status: string }[];
  duplicateSamples: string[];
}

// ---------------------------------------------------------------------------------------------------
// Pure parts

/** mulberry32: a small seeded PRNG, so a run's traffic repeats for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest-rank percentile; 0 for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function pickKind(r: number): TrafficKind {
  let acc = 0;
  for (const [kind, share] of Object.entries(TRAFFIC_MIX) as [TrafficKind, number][]) {
    acc += share;
    if (r < acc) return kind;
  }
  return 'question';
}

export interface InboxRow {
  event_id: string;
  status: string;
  outcome: string | null;
  /** Why: for an expired event, reply_token_expired, pushed or the push failure. */
  detail?: string | null;
}

export interface Settled {
  outcomes: Record<Outcome, number>;
  /** Expired events by reason. */
  expiredBy: Record<string, number>;
  /** Acknowledged events without an outcome, with what the inbox holds for them. */
  lost: { eventId: string; status: string }[];
  /** Missing because their user unfollowed later, which deletes what is stored about them. */
  forgotten: number;
}

/** Counts outcomes of the acknowledged events and those still without one. */
export function settle(
  acknowledged: ReadonlyMap<string, { userId: string | null }>,
  unfollowed: ReadonlySet<string>,
  rows: readonly InboxRow[],
): Settled {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const byId = new Map(rows.map((r) => [r.event_id, r]));
  const lost: Settled['lost'] = [];
  const expiredBy: Record<string, number> = {};
  let forgotten = 0;
  for (const [id, { userId }] of acknowledged) {
    const row = byId.get(id);
    if (row === undefined && userId !== null && unfollowed.has(userId)) {
      forgotten += 1;
      continue;
    }
    const outcome = row?.status === 'done' ? row.outcome : null;
    if (outcome !== null && outcome in outcomes) outcomes[outcome as Outcome] += 1;
    else lost.push({ eventId: id, status: row?.status ?? 'missing' });
    if (outcome === 'expired') {
      const why = row?.detail ?? 'unknown';
      expiredBy[why] = (expiredBy[why] ?? 0) + 1;
    }
  }
  return { outcomes, expiredBy, lost, forgotten };
}

/** Keys seen more than once (reply tokens sent twice, events recorded twice). */
export function repeated(keys: Iterable<string>): string[] {
  const seen = new Map<string, number>();
  for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k]) => k);
}

/** What makes a run fail: anything lost, anything twice, a refusal the server should not give. */
export function problems(report: SoakReport): string[] {
  const out: string[] = [];
  if (report.events.duplicates > 0) out.push(`${report.events.duplicates} duplicate(s)`);
  if (report.events.lost > 0) out.push(`${report.events.lost} lost event(s)`);
  if (report.requests.unexpected > 0) out.push(`${report.requests.unexpected} unexpected response(s)`);
  if (report.requests.acknowledged === 0) out.push('nothing was acknowledged');
  return out;
}

/** ` (reply_token_expired 3, pushed 1)`, or nothing when there are none. */
export function formatReasons(byReason: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byReason).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? '' : ` (${entries.map(([why, n]) => `${why} ${n}`).join(', ')})`;
}

export function formatReport(report: SoakReport): string {
  const { requests: q, events: e, line } = report;
  const o = report.options;
  const rss = (mb: number | null) => (mb === null ? 'n/a' : `${mb.toFixed(1)} MB`);
  return [
    `soak: ${o.seconds} s at ${o.rate} req/s, LINE fail rate ${o.failRate}, seed ${o.seed}${o.kill ? ', kill -9 mid-run' : ''}`,
    `requests   sent ${q.sent}, acknowledged ${q.acknowledged}, rejected as expected ${q.rejected}, unexpected ${q.unexpected}, unreached ${q.unreached}`,
    `events     sent ${e.sent}, acknowledged ${e.acknowledged} (${e.distinctAcknowledged} distinct)`,
    `outcomes   answered ${e.answered}, declined ${e.declined}, ignored ${e.outcomes.ignored}, failed ${e.outcomes.failed}, expired ${e.outcomes.expired}${formatReasons(e.expiredBy)}`,
    `duplicates ${e.duplicates} (reply token sent twice ${e.repliedTwice}, event recorded twice ${e.recordedTwice})`,
    `lost       ${e.lost} (deleted on unfollow, not counted: ${e.forgotten})`,
    `recorded   questions for staff: answered ${report.recorded.answered}, declined ${report.recorded.declined}`,
    `ack        p50 ${report.ackLatencyMs.p50.toFixed(1)} ms, p99 ${report.ackLatencyMs.p99.toFixed(1)} ms, max ${report.ackLatencyMs.max.toFixed(1)} ms${report.ackLatencyMs.p99 > ACK_BUDGET_MS ? ' (over the 2 s budget)' : ''}`,
    `rss        ${rss(report.rssMb.start)} -> ${rss(report.rssMb.middle)} -> ${rss(report.rssMb.end)} (growth ${rss(report.rssMb.growth)}, second half ${rss(report.rssMb.secondHalfGrowth)})`,
    `LINE API   ${line.calls} calls; injected 500 x${line.injected.status500}, 429 x${line.injected.status429}, slow x${line.injected.slow}, dropped x${line.injected.dropped}`,
    `server     restarts ${report.restarts}${report.unsettledAtKill === null ? '' : ` (${report.unsettledAtKill} event(s) unhandled at the kill)`}, drain ${report.drainMs} ms, exit on SIGTERM ${report.shutdownExitCode}`,
    ...report.unexpectedSamples.map((s) => `  unexpected: ${s}`),
    ...report.lostSamples.map((l) => `  lost: ${l.eventId} (${l.status})`),
    ...report.duplicateSamples.map((d) => `  duplicate: ${d}`),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Traffic

type RawEvent = Record<string, unknown>;

interface PlannedRequest {
  kind: TrafficKind;
  /** Events whose acknowledgement is expected (empty for refusals). */
  events: RawEvent[];
  body: string;
  signature: string;
  expected: number;
}

function hex(random: () => number, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function eventId(random: () => number): string {
  let out = '01';
  for (let i = 0; i < 24; i++) out += ULID_ALPHABET[Math.floor(random() * 32)];
  return out;
}

interface TrafficState {
  random: () => number;
  secret: string;
  questions: readonly string[];
  users: readonly string[];
  groups: readonly string[];
  /** Acknowledged valid events, for redeliveries. */
  delivered: RawEvent[];
  /** Users an unfollow was sent for: their stored events (dedup records included) may be deleted. */
  leaving: Set<string>;
  /** Answer ids seen in replies, for feedback postbacks. */
  answerIds: readonly string[];
  replyToken: () => string;
}

function sign(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('soak: pick from an empty list');
  return item;
}

function baseEvent(s: TrafficState, type: string, source: RawEvent): RawEvent {
  return {
    type,
    mode: 'active',
    timestamp: Date.now(),
    source,
    webhookEventId: eventId(s.random),
    deliveryContext: { isRedelivery: false },
    ...(type === 'unfollow' ? {} : { replyToken: s.replyToken() }),
  };
}

function textMessage(s: TrafficState, text: string): RawEvent {
  return { type: 'text', id: String(Math.floor(s.random() * 1e15)), quoteToken: hex(s.random, 24), text };
}

function questionEvent(s: TrafficState): RawEvent {
  const heavy = s.random() < HEAVY_USER_SHARE;
  const userId = heavy ? (s.users[0] ?? '') : pick(s.random, s.users);
  return {
    ...baseEvent(s, 'message', { type: 'user', userId }),
    message: textMessage(s, pick(s.random, s.questions)),
  };
}

function groupEvent(s: TrafficState): RawEvent {
  const addressed = s.random() < 0.5;
  const question = pick(s.random, s.questions);
  return {
    ...baseEvent(s, 'message', {
      type: 'group',
      groupId: pick(s.random, s.groups),
      userId: pick(s.random, s.users),
    }),
    message: textMessage(s, addressed ? `${GROUP_PREFIX} ${question}` : question),
  };
}

function otherEvent(s: TrafficState): RawEvent {
  const source = { type: 'user', userId: pick(s.random, s.users) };
  const r = s.random();
  if (r < 0.3) return baseEvent(s, 'follow', source);
  if (r < 0.55) {
    return {
      ...baseEvent(s, 'message', source),
      message: { type: 'sticker', id: '325708', packageId: '446', stickerId: '1988' },
    };
  }
  if (r < 0.9) {
    const answerId = s.answerIds.length > 0 ? pick(s.random, s.answerIds) : hex(s.random, 32);
    const data = new URLSearchParams({ fb: s.random() < 0.5 ? 'up' : 'down', a: answerId }).toString();
    return { ...baseEvent(s, 'postback', source), postback: { data } };
  }
  s.leaving.add(source.userId);
  return baseEvent(s, 'unfollow', source);
}

function malformedBody(s: TrafficState): string {
  const r = s.random();
  if (r < 0.25) return `{"events":[{"type":"message"${'x'.repeat(Math.floor(s.random() * 50))}`;
  if (r < 0.5) return JSON.stringify({ events: 'none' });
  if (r < 0.75) {
    // A bad envelope: a malformed event inside a good one is skipped and the body acknowledged.
    return JSON.stringify({ destination: 42, events: [questionEvent(s)] });
  }
  return Buffer.from(randomBytes(64)).toString('latin1');
}

export function webhookBody(events: RawEvent[]): string {
  return JSON.stringify({ destination: `U${'0'.repeat(32)}`, events });
}

function userOf(event: RawEvent): string | null {
  return z.object({ userId: z.string() }).safeParse(event.source).data?.userId ?? null;
}

function redeliveryOf(event: RawEvent): RawEvent {
  return { ...event, deliveryContext: { isRedelivery: true } };
}

function planRequest(s: TrafficState): PlannedRequest {
  const valid = (kind: TrafficKind, events: RawEvent[]): PlannedRequest => {
    const body = webhookBody(events);
    return { kind, events, body, signature: sign(body, s.secret), expected: 200 };
  };
  const kind = pickKind(s.random());
  switch (kind) {
    case 'question':
      return valid(kind, [questionEvent(s)]);
    case 'group':
      return valid(kind, [groupEvent(s)]);
    case 'other':
      return valid(kind, [otherEvent(s)]);
    case 'batch': {
      const count = 2 + Math.floor(s.random() * 4);
      return valid(
        kind,
        Array.from({ length: count }, () => (s.random() < 0.7 ? questionEvent(s) : groupEvent(s))),
      );
    }
    case 'redelivery': {
      // LINE redelivers only what it may have missed; never an event whose user's records were deleted.
      const candidates = s.delivered.filter((e) => !s.leaving.has(userOf(e) ?? ''));
      if (candidates.length === 0) return valid('question', [questionEvent(s)]);
      return valid(kind, [redeliveryOf(pick(s.random, candidates))]);
    }
    case 'invalid_signature': {
      const body = webhookBody([questionEvent(s)]);
      const wrong = s.random() < 0.5 ? sign(body, `${s.secret}x`) : sign(`${body} `, s.secret);
      return { kind, events: [], body, signature: wrong, expected: 401 };
    }
    case 'malformed': {
      const body = malformedBody(s);
      return { kind, events: [], body, signature: sign(body, s.secret), expected: 400 };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// A fault-injecting proxy in front of the fake LINE API: slow answers and dropped connections.

interface FaultProxy {
  baseURL: string;
  /** Reply tokens in every reply request the server made, in order. */
  replyTokens: string[];
  answerIds: string[];
  injected: { slow: number; dropped: number };
  calls(): number;
  close(): Promise<void>;
}

const ANSWER_ID_IN_POSTBACK = /fb=(?:up|down)&a=([0-9a-f-]{36})/gu;
const FORWARDED_HEADERS = ['authorization', 'content-type', 'x-line-retry-key'];

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function startFaultProxy(target: string, random: () => number, faultRate: number): Promise<FaultProxy> {
  const replyTokens: string[] = [];
  const answerIds: string[] = [];
  const injected = { slow: 0, dropped: 0 };
  const timers = new Set<NodeJS.Timeout>();
  let calls = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    calls += 1;
    const body = await readAll(req);
    const text = body.toString('utf8');
    if (req.url === '/v2/bot/message/reply') {
      const token = /"replyToken":"([^"]+)"/u.exec(text)?.[1];
      if (token) replyTokens.push(token);
    }
    for (const m of text.matchAll(ANSWER_ID_IN_POSTBACK)) if (m[1]) answerIds.push(m[1]);

    const r = random();
    const slow = r < faultRate / 2;
    const drop = !slow && r < faultRate;
    if (slow) {
      injected.slow += 1;
      const delay = SLOW_MIN_MS + random() * (SLOW_MAX_MS - SLOW_MIN_MS);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, delay);
        timers.add(timer);
      });
    }
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    const upstream = await fetch(`${target}${req.url ?? '/'}`, {
      method: req.method ?? 'POST',
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body }),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    // LINE acted on the request, but its answer never arrives: the reply token may be consumed.
    if (drop) {
      injected.dropped += 1;
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'x-line-request-id': upstream.headers.get('x-line-request-id') ?? '',
    });
    res.end(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  await listenOnLoopback(server);
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    replyTokens,
    answerIds,
    injected,
    calls: () => calls,
    close: () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listenOnLoopback(server: Server, port = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

// ---------------------------------------------------------------------------------------------------
// The server process

interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<number | null>;
}

const listeningLine = z.object({ msg: z.literal('listening'), url: z.url() });

function spawnServer(env: Record<string, string>, logLines: string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const keep = (line: string) => {
    logLines.push(line);
    if (logLines.length > KEPT_LOG_LINES) logLines.shift();
  };
  if (child.stderr) createInterface({ input: child.stderr }).on('line', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`soak: the server did not listen within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`soak: the server exited (${code}) before listening:\n${logLines.join('\n')}`));
    });
    if (!child.stdout) throw new Error('soak: no server stdout');
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        return;
      }
      const listening = listeningLine.safeParse(parsed);
      if (!listening.success) return;
      clearTimeout(timer);
      const url = listening.data.url;
      resolve({ child, url, port: Number(new URL(url).port), exited });
    });
  });
}

/** Resolves once /readyz answers 200; fails at once, with the server's last log lines, if it exits. */
async function waitReady(server: ServerProcess, logLines: readonly string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exited: number | null | undefined;
  void server.exited.then((code) => {
    exited = code;
  });
  while (Date.now() < deadline && exited === undefined) {
    try {
      const res = await fetch(`${server.url}/readyz`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  const why =
    exited === undefined ? `did not answer 200 within ${READY_TIMEOUT_MS} ms` : `exited (${exited})`;
  throw new Error(`soak: the server ${why}; its last log lines:\n${logLines.slice(-15).join('\n')}`);
}

function rssMb(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const kb = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** The promise's value, or null once `ms` passed; the timer never keeps the process alive. */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<null>((resolve) => (timer = setTimeout(resolve, ms, null))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

// ---------------------------------------------------------------------------------------------------
// The run

function readInbox(db: DatabaseSync): InboxRow[] {
  return z
    .array(
      z.object({
        event_id: z.string(),
        status: z.string(),
        outcome: z.string().nullable(),
        detail: z.string().nullable(),
      }),
    )
    .parse(db.prepare('SELECT event_id, status, outcome, detail FROM inbox').all());
}

function countUnsettled(file: string): number {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const row = z
      .object({ n: z.number() })
      .parse(db.prepare("SELECT COUNT(*) AS n FROM inbox WHERE status != 'done'").get());
    return row.n;
  } finally {
    db.close();
  }
}

function recordedQuestions(db: DatabaseSync): SoakReport['recorded'] {
  const rows = z
    .array(z.object({ answered: z.number(), n: z.number() }))
    .parse(
      db.prepare('SELECT answered, COUNT(*) AS n FROM interactions WHERE staff = 0 GROUP BY answered').all(),
    );
  const count = (answered: number) => rows.find((r) => r.answered === answered)?.n ?? 0;
  return { answered: count(1), declined: count(0) };
}

function interactionEventIds(db: DatabaseSync): string[] {
  return z
    .array(z.object({ event_id: z.string() }))
    .parse(db.prepare('SELECT event_id FROM interactions WHERE event_id IS NOT NULL').all())
    .map((r) => r.event_id);
}

async function loadQuestionPool(): Promise<string[]> {
  const questions = (await loadQuestions(QUESTIONS_FILE)).map((q) => q.question);
  // Odd input rides along with the real questions.
  return [
    ...questions,
    '',
    '？？？',
    '👨‍👩‍👧‍👦🏳️‍🌈',
    `${'長い質問'.repeat(1_000)}`,
    'ゴミの日\u0000\u202e\u0301',
  ];
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const log = options.log ?? (() => {});
  const random = seededRandom(options.seed);
  const secret = randomBytes(16).toString('hex');
  const accessToken = randomBytes(24).toString('base64url');
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'kotae-soak-'));
  const fake: FakeLineApi = await startFakeLineApi({ channelAccessToken: accessToken });
  fake.setBehavior({ failRate: options.failRate / 2, seed: options.seed });
  const proxy = await startFaultProxy(fake.baseURL, seededRandom(options.seed + 1), options.failRate / 2);
  const logLines: string[] = [];
  const env = (port: number): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    KOTAE_DATA_DIR: dataDir,
    LINE_CHANNEL_SECRET: secret,
    LINE_CHANNEL_ACCESS_TOKEN: accessToken,
    LINE_API_BASE_URL: proxy.baseURL,
    KOTAE_GROUP_PREFIX: GROUP_PREFIX,
    LOG_LEVEL: 'info',
    ...(options.corpusDir ? { KOTAE_CORPUS_DIR: options.corpusDir } : {}),
    ...(options.dictionariesDir ? { KOTAE_DICTIONARIES_DIR: options.dictionariesDir } : {}),
    ...PINNED_ENV,
  });

  let server: ServerProcess | null = null;
  try {
    server = await spawnServer(env(0), logLines);
    await waitReady(server, logLines);
    const port = server.port;
    const url = server.url;
    const rssStart = rssMb(server.child.pid);
    log(`soak: server ready at ${url}; sending for ${options.seconds} s at ${options.rate} req/s`);

    const state: TrafficState = {
      random,
      secret,
      questions: await loadQuestionPool(),
      users: Array.from({ length: USER_POOL }, () => `U${hex(random, 32)}`),
      groups: Array.from({ length: GROUP_POOL }, () => `C${hex(random, 32)}`),
      delivered: [],
      leaving: new Set(),
      answerIds: proxy.answerIds,
      replyToken: () => fake.issueReplyToken(),
    };
    const counts = { sent: 0, acknowledged: 0, rejected: 0, unexpected: 0, unreached: 0 };
    const events = { sent: 0, acknowledged: 0 };
    const acknowledgedIds = new Map<string, { userId: string | null }>();
    const latencies: number[] = [];
    const unexpectedSamples: string[] = [];
    const toRedeliver: PlannedRequest[] = [];
    let epoch = 0;
    let down = false;
    let restarts = 0;
    let unsettledAtKill: number | null = null;

    const send = async (plan: PlannedRequest): Promise<void> => {
      counts.sent += 1;
      events.sent += Math.max(plan.events.length, 1);
      const sentEpoch = epoch;
      const started = performance.now();
      let status: number;
      try {
        const res = await fetch(`${url}/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-line-signature': plan.signature },
          body: plan.body,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        await res.arrayBuffer();
        status = res.status;
      } catch (error) {
        if (down || epoch !== sentEpoch) {
          counts.unreached += 1;
          if (plan.expected === 200) toRedeliver.push(plan);
          return;
        }
        counts.unexpected += 1;
        if (unexpectedSamples.length < 5)
          unexpectedSamples.push(`${plan.kind}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const ms = performance.now() - started;
      if (status !== plan.expected) {
        counts.unexpected += 1;
        if (unexpectedSamples.length < 5)
          unexpectedSamples.push(`${plan.kind}: expected ${plan.expected}, got ${status}`);
        return;
      }
      if (status !== 200) {
        counts.rejected += 1;
        return;
      }
      latencies.push(ms);
      counts.acknowledged += 1;
      events.acknowledged += plan.events.length;
      for (const e of plan.events) {
        acknowledgedIds.set(String(e.webhookEventId), { userId: userOf(e) });
        if (plan.kind !== 'redelivery') state.delivered.push(e);
      }
    };

    const killAndRestart = async (): Promise<void> => {
      const current = server;
      if (!current) return;
      // A burst just before the kill, so acknowledged events are still waiting or in flight when it dies.
      const burst = Array.from({ length: KILL_BURST }, () => questionEvent(state));
      const body = webhookBody(burst);
      await send({ kind: 'batch', events: burst, body, signature: sign(body, secret), expected: 200 });
      down = true;
      epoch += 1;
      current.child.kill('SIGKILL');
      await current.exited;
      unsettledAtKill = countUnsettled(join(dataDir, DATABASE_FILE));
      log(`soak: kill -9 pid ${current.child.pid} with ${unsettledAtKill} event(s) not yet handled`);
      server = await spawnServer(env(port), logLines);
      down = false;
      restarts += 1;
      log(`soak: restarted as pid ${server.child.pid}`);
      redeliver();
    };

    const inFlight = new Set<Promise<void>>();
    const track = (plan: PlannedRequest) => {
      const p = send(plan).finally(() => inFlight.delete(p));
      inFlight.add(p);
    };
    // LINE redelivers what it could not deliver, flagged as a redelivery.
    const redeliver = () => {
      for (const plan of toRedeliver.splice(0)) {
        const evs = plan.events.map(redeliveryOf);
        const body = webhookBody(evs);
        track({ kind: 'redelivery', events: evs, body, signature: sign(body, secret), expected: 200 });
      }
    };

    const started = performance.now();
    const durationMs = options.seconds * 1000;
    const interval = 1000 / options.rate;
    let restart: Promise<void> | null = null;
    let rssMiddle: number | null = null;
    for (let i = 0; ; i++) {
      const due = i * interval;
      if (due >= durationMs) break;
      await sleep(started + due - performance.now());
      if (rssMiddle === null && due >= durationMs / 2) rssMiddle = rssMb(server?.child.pid);
      if (options.kill && restart === null && due >= durationMs * KILL_AT) restart = killAndRestart();
      if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      track(planRequest(state));
    }
    if (restart) await restart;
    while (inFlight.size > 0 || toRedeliver.length > 0) {
      redeliver();
      await Promise.all([...inFlight]);
    }
    log(`soak: sent ${counts.sent} requests; draining`);

    const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
    const drainStarted = Date.now();
    let settled = settle(acknowledgedIds, state.leaving, readInbox(db));
    while (settled.lost.length > 0 && Date.now() - drainStarted < DRAIN_TIMEOUT_MS) {
      await sleep(250);
      settled = settle(acknowledgedIds, state.leaving, readInbox(db));
    }
    const drainMs = Date.now() - drainStarted;
    const twiceRecorded = repeated(interactionEventIds(db));
    const recorded = recordedQuestions(db);
    db.close();
    const twiceSent = repeated(proxy.replyTokens);
    const rssEnd = rssMb(server?.child.pid);

    let shutdownExitCode: number | null = null;
    const last: ServerProcess | null = server;
    if (last) {
      last.child.kill('SIGTERM');
      shutdownExitCode = await within(last.exited, SHUTDOWN_TIMEOUT_MS);
    }

    // The fake answers 429 and 500 only when told to fail.
    const injectedStatus = (code: number) => fake.calls.filter((c) => c.status === code).length;
    const report: SoakReport = {
      options: {
        seconds: options.seconds,
        rate: options.rate,
        kill: options.kill,
        seed: options.seed,
        failRate: options.failRate,
      },
      requests: counts,
      events: {
        sent: events.sent,
        acknowledged: events.acknowledged,
        distinctAcknowledged: acknowledgedIds.size,
        answered: settled.outcomes.answered,
        declined: settled.outcomes.declined,
        outcomes: settled.outcomes,
        expiredBy: settled.expiredBy,
        duplicates: twiceRecorded.length + twiceSent.length,
        repliedTwice: twiceSent.length,
        recordedTwice: twiceRecorded.length,
        lost: settled.lost.length,
        forgotten: settled.forgotten,
      },
      recorded,
      ackLatencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.length ? Math.max(...latencies) : 0,
      },
      rssMb: {
        start: rssStart === null || restarts > 0 ? null : rssStart,
        middle: restarts > 0 ? null : rssMiddle,
        end: rssEnd,
        growth: rssStart === null || rssEnd === null || restarts > 0 ? null : rssEnd - rssStart,
        secondHalfGrowth: rssMiddle === null || rssEnd === null || restarts > 0 ? null : rssEnd - rssMiddle,
      },
      line: {
        calls: proxy.calls(),
        injected: {
          status500: injectedStatus(500),
          status429: injectedStatus(429),
          slow: proxy.injected.slow,
          dropped: proxy.injected.dropped,
        },
      },
      restarts,
      unsettledAtKill,
      drainMs,
      shutdownExitCode,
      unexpectedSamples,
      lostSamples: settled.lost.slice(0, 5),
      duplicateSamples: [
        ...twiceSent.map((t) => `reply token ${t} sent twice`),
        ...twiceRecorded.map((id) => `event ${id} recorded as two interactions`),
      ].slice(0, 5),
    };
    return report;
  } catch (error) {
    if (logLines.length > 0) log(`soak: last server log lines:\n${logLines.slice(-20).join('\n')}`);
    throw error;
  } finally {
    const s: ServerProcess | null = server;
    if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    await proxy.close();
    await fake.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// CLI

const USAGE = `usage: npm run soak -- [--seconds N] [--rate R] [--kill] [--seed S] [--fail-rate F] [--json]
  --seconds N     run length, 1..${MAX_SECONDS} (default ${DEFAULT_SECONDS})
  --rate R        webhook requests per second, 1..200 (default ${DEFAULT_RATE})
  --kill          kill -9 the server mid-run and restart it on the same data directory
  --seed S        traffic and fault pattern (default 1)
  --fail-rate F   share of LINE API calls that fail, 0..0.5 (default ${DEFAULT_FAIL_RATE})
  --json          print the report as JSON`;

const cliSchema = z.object({
  seconds: z.coerce.number().int('must be an integer').min(1).max(MAX_SECONDS).default(DEFAULT_SECONDS),
  rate: z.coerce.number().min(1).max(200).default(DEFAULT_RATE),
  kill: z.boolean().default(false),
  seed: z.coerce.number().int('must be an integer').min(0).default(1),
  'fail-rate': z.coerce.number().min(0).max(0.5).default(DEFAULT_FAIL_RATE),
  json: z.boolean().default(false),
  help: z.boolean().default(false),
});

export function parseSoakArgs(argv: string[]): z.output<typeof cliSchema> | { error: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        seconds: { type: 'string' },
        rate: { type: 'string' },
        kill: { type: 'boolean' },
        seed: { type: 'string' },
        'fail-rate': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `--${issue?.path.join('.') ?? '?'} ${issue?.message ?? 'is invalid'}` };
  }
  return parsed.data;
}

async function main(): Promise<number> {
  const args = parseSoakArgs(process.argv.slice(2));
  if ('error' in args) {
    console.error(`soak: ${args.error}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const report = await runSoak({
    seconds: args.seconds,
    rate: args.rate,
    kill: args.kill,
    seed: args.seed,
    failRate: args['fail-rate'],
    log: (line) => console.error(line),
  });
  console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
  const found = problems(report);
  if (found.length > 0) console.error(`soak: FAILED: ${found.join(', ')}`);
  return found.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`soak: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
