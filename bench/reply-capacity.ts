// Replies within the reply window: signed one-event webhooks offered at a fixed rate (open loop, like
// residents writing at once), counted from outside the server at a fake LINE API that answers slowly.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { REPLY_TOKEN_TTL_MS } from '../src/line/reply-window.ts';
import { DATABASE_FILE } from '../src/store/sqlite.ts';
import type { FakeLineApi } from '../tests/support/fake-line-api.ts';
import { signature, webhookBody } from './webhook-load.ts';

/** The capacity target: at least this share answered, exactly once, below capacity. */
export const CAPACITY_TARGET_SHARE = 0.99;
/** What the LINE API takes per call on a busy day, in the measurement. */
export const LINE_LATENCY_MS = 300;
/** A webhook request LINE would have given up on long before; counted as not acknowledged. */
const WEBHOOK_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 100;

export interface CapacityOptions {
  url: string;
  secret: string;
  fake: FakeLineApi;
  questions: readonly string[];
  eventsPerSecond: number;
  seconds: number;
  /** After the last event is offered, how long to wait for the replies still in flight. */
  drainMs: number;
  /** Event ids stay unique across runs against the same server. */
  firstSequence?: number;
}

export interface CapacityResult {
  eventsPerSecond: number;
  seconds: number;
  offered: number;
  acknowledged: number;
  /** Reply tokens LINE accepted exactly once, within the token's window. */
  answeredOnce: number;
  /** Reply tokens sent to LINE more than once (must be 0). */
  repliedTwice: number;
  /** Acknowledged, and never answered within the window: expired, failed, or still queued after the drain. */
  unanswered: number;
  /** answeredOnce / offered. */
  answeredShare: number;
  /** The achieved rate of the offering loop, to tell a slow generator from a slow server. */
  offeredPerSecond: number;
}

const replyBody = z.object({ replyToken: z.string() });
const ackBody = z.object({ received: z.number() });

async function offer(url: string, body: string, secret: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/webhook`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'x-line-signature': signature(body, secret) },
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    const parsed = ackBody.safeParse(await res.json());
    return res.status === 200 && parsed.success && parsed.data.received === 1;
  } catch {
    return false;
  }
}

interface TokenReplies {
  /** Reply calls LINE received with the token, accepted or not. */
  attempts: number;
  /** Of them, accepted within the token's window. */
  inWindow: number;
}

function repliesByToken(fake: FakeLineApi, issuedAt: ReadonlyMap<string, number>): Map<string, TokenReplies> {
  const replies = new Map<string, TokenReplies>();
  for (const call of fake.calls) {
    // Still waiting on the fake's latency: counted once it is answered.
    if (call.path !== '/v2/bot/message/reply' || call.status === undefined) continue;
    const token = replyBody.safeParse(call.body).data?.replyToken;
    const issued = token === undefined ? undefined : issuedAt.get(token);
    if (token === undefined || issued === undefined) continue;
    const seen = replies.get(token) ?? { attempts: 0, inWindow: 0 };
    seen.attempts += 1;
    if (call.status === 200 && call.at - issued < REPLY_TOKEN_TTL_MS) seen.inWindow += 1;
    replies.set(token, seen);
  }
  return replies;
}

export async function measureReplyCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const total = Math.round(options.eventsPerSecond * options.seconds);
  const intervalMs = 1000 / options.eventsPerSecond;
  const issuedAt = new Map<string, number>();
  const acks: Promise<boolean>[] = [];
  const first = options.firstSequence ?? 0;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const sequence = first + i;
    const body = webhookBody(options.questions[sequence % options.questions.length] ?? '質問', sequence);
    const event = (JSON.parse(body) as { events: [{ replyToken: string; timestamp: number }] }).events[0];
    issuedAt.set(event.replyToken, event.timestamp);
    acks.push(offer(options.url, body, options.secret));
  }
  const offeredPerSecond = total / ((performance.now() - started) / 1000);
  const acknowledged = (await Promise.all(acks)).filter(Boolean).length;

  const until = performance.now() + options.drainMs;
  let counts = repliesByToken(options.fake, issuedAt);
  while (counts.size < acknowledged && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    counts = repliesByToken(options.fake, issuedAt);
  }
  const values = [...counts.values()];
  const answeredOnce = values.filter((r) => r.attempts === 1 && r.inWindow === 1).length;
  const repliedTwice = values.filter((r) => r.attempts > 1).length;
  return {
    eventsPerSecond: options.eventsPerSecond,
    seconds: options.seconds,
    offered: total,
    acknowledged,
    answeredOnce,
    repliedTwice,
    unanswered: acknowledged - answeredOnce,
    answeredShare: total === 0 ? 0 : answeredOnce / total,
    offeredPerSecond,
  };
}

/** The server's own record of the run, read from its database after it stopped: how many expired, and why. */
export interface ServerOutcomes {
  outcomes: Record<string, number>;
  expired: number;
  /** Expired events by reason (reply_token_expired, pushed, line_push_…). */
  expiredBy: Record<string, number>;
  /** Acknowledged events still pending or in processing when the server stopped. */
  unsettled: number;
}

const outcomeRow = z.object({
  status: z.string(),
  outcome: z.string().nullable(),
  detail: z.string().nullable(),
  n: z.number(),
});

export function readOutcomes(dataDir: string): ServerOutcomes {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
  try {
    const rows = z
      .array(outcomeRow)
      .parse(db.prepare('SELECT status, outcome, detail, COUNT(*) AS n FROM inbox GROUP BY 1, 2, 3').all());
    const result: ServerOutcomes = { outcomes: {}, expired: 0, expiredBy: {}, unsettled: 0 };
    for (const r of rows) {
      if (r.status !== 'done' || r.outcome === null) {
        result.unsettled += r.n;
        continue;
      }
      result.outcomes[r.outcome] = (result.outcomes[r.outcome] ?? 0) + r.n;
      if (r.outcome !== 'expired') continue;
      result.expired += r.n;
      const why = r.detail ?? 'unknown';
      result.expiredBy[why] = (result.expiredBy[why] ?? 0) + r.n;
    }
    return result;
  } finally {
    db.close();
  }
}
