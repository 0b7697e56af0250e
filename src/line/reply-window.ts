// When a reply token can still be used: every event's deadline comes from LINE's event time.
import type { InboxEvent } from '../store/types.ts';

/** LINE accepts a reply token for about one minute after the event. */
export const REPLY_TOKEN_TTL_MS = 60_000;
/** Older than this, no reply is tried: the token could expire while the request is in flight. */
export const REPLY_TOKEN_SAFE_AGE_MS = REPLY_TOKEN_TTL_MS - 10_000;

/** The last moment a reply may be started (ms since epoch); null when the event has no reply token. */
export function replyDeadline(event: Pick<InboxEvent, 'replyToken' | 'eventTimestamp'>): number | null {
  return event.replyToken === null ? null : event.eventTimestamp + REPLY_TOKEN_SAFE_AGE_MS;
}

export function canStillReply(
  event: Pick<InboxEvent, 'replyToken' | 'eventTimestamp'>,
  now: number,
): boolean {
  const deadline = replyDeadline(event);
  return deadline !== null && now < deadline;
}
