// The inbox table: one row schema and mappers for both drivers, and the SQL they share.
import { z } from 'zod';
import { flag, nullableNum, num } from './columns.ts';
import {
  type InboxEvent,
  type InboxRecord,
  type InboxStatus,
  type NewInboxEvent,
  OUTCOMES,
  type Outcome,
} from './types.ts';

const status = z.enum(['pending', 'processing', 'done']);
const outcome = z.enum(['answered', 'declined', 'ignored', 'failed', 'expired']);

const inboxRow = z.object({
  event_id: z.string(),
  channel: z.string().nullable(),
  event_type: z.string(),
  event_timestamp: num,
  received_at: num,
  user_hash: z.string().nullable(),
  is_redelivery: flag,
  reply_token: z.string().nullable(),
  sealed_push_target: z.string().nullable(),
  payload: z.string().nullable(),
  status,
  outcome: outcome.nullable(),
  delivery: z.enum(['reply', 'push', 'none']).nullable(),
  detail: z.string().nullable(),
  completed_at: nullableNum,
});
type InboxRow = z.output<typeof inboxRow>;

/** The fields an inbox row shows both as a record and as work to do. */
function inboxBase(r: InboxRow) {
  return {
    eventId: r.event_id,
    eventType: r.event_type,
    eventTimestamp: r.event_timestamp,
    receivedAt: r.received_at,
    userHash: r.user_hash,
    isRedelivery: r.is_redelivery,
  };
}

export function toInboxRecord(row: unknown): InboxRecord {
  const r = inboxRow.parse(row);
  return {
    ...inboxBase(r),
    status: r.status,
    outcome: r.outcome,
    delivery: r.delivery,
    detail: r.detail,
    completedAt: r.completed_at,
  };
}

export function toInboxEvent(row: unknown): InboxEvent {
  const r = inboxRow.parse(row);
  return {
    ...inboxBase(r),
    replyToken: r.reply_token,
    sealedPushTarget: r.sealed_push_target,
    payload: r.payload ?? 'null',
    ...(r.channel !== null ? { channel: r.channel } : {}),
  };
}

const statusCount = z.object({ status, n: num });
const outcomeCount = z.object({ outcome, n: num });

/** Rows of `SELECT status, COUNT(*) AS n ... GROUP BY status`, every status present. */
export function toStatusCounts(rows: unknown[]): Record<InboxStatus, number> {
  const counts: Record<InboxStatus, number> = { pending: 0, processing: 0, done: 0 };
  for (const r of rows.map((row) => statusCount.parse(row))) counts[r.status] = r.n;
  return counts;
}

/** Rows of `SELECT outcome, COUNT(*) AS n ... GROUP BY outcome`, every outcome present. */
export function toOutcomeCounts(rows: unknown[]): Record<Outcome, number> {
  const counts = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const r of rows.map((row) => outcomeCount.parse(row))) counts[r.outcome] = r.n;
  return counts;
}

export const INBOX_INSERT_COLUMNS =
  'event_id, channel, event_type, event_timestamp, received_at, user_hash, is_redelivery, reply_token, sealed_push_target, payload, status';

/** Insert values in column order of INBOX_INSERT_COLUMNS; `bool` binds a boolean as the driver stores it. */
export function inboxInsertValues<B>(
  e: NewInboxEvent,
  receivedAt: number,
  bool: (value: boolean) => B,
): (string | number | null | B)[] {
  return [
    e.eventId,
    e.channel ?? null,
    e.eventType,
    e.eventTimestamp,
    receivedAt,
    e.userHash,
    bool(e.isRedelivery),
    e.replyToken,
    e.sealedPushTarget,
    e.payload,
    'pending',
  ];
}

/** What a finished event forgets: the reply token, the sealed push target and the payload. */
export const INBOX_DONE_CLEARED = 'reply_token = NULL, sealed_push_target = NULL, payload = NULL';
