// One inbox event -> engine -> LINE reply, ending in exactly one recorded result.
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from '../log.ts';
import type { AnswerEngine, Passage } from '../qa/types.ts';
import type { InboxEvent, InboxResult, Outcome, Store } from '../store/types.ts';
import type { IdentityKeys } from '../store/user-hash.ts';
import { type LineSender, retryKeyFor, type SendResult } from './client.ts';
import { type InboundEvent, readInboundEvent } from './events.ts';
import {
  buildAnswerMessages,
  buildDeclineMessages,
  buildFeedbackThanks,
  buildGreetingMessages,
  buildPassageMessages,
  buildRateLimitedMessages,
  buildUnsupportedMessages,
} from './flex.ts';
import { type Plan, planEvent } from './plan.ts';
import type { RateLimiter } from './rate-limit.ts';

/** LINE accepts a reply token for about one minute after the event. */
export const REPLY_TOKEN_TTL_MS = 60_000;
/** Older than this, no reply is tried: the token could expire while the request is in flight. */
export const REPLY_TOKEN_SAFE_AGE_MS = REPLY_TOKEN_TTL_MS - 10_000;

/** Attempts of a late answer by push on 429, 5xx or timeouts; LINE drops repeats of one retry key. */
export const PUSH_ATTEMPTS = 3;
export const PUSH_RETRY_DELAY_MS = 1_000;

export interface EventHandlerDeps {
  engine: AnswerEngine;
  lookupPassage: (passageId: string) => Passage | undefined;
  /** Null without LINE credentials: events then fail with `line_not_configured`. */
  sender: LineSender | null;
  store: Store;
  keys: IdentityKeys;
  rateLimiter: RateLimiter;
  groupPrefixes: readonly string[];
  pushFallback: boolean;
  clock: () => number;
  /** Fixed "now" for the engine's relative dates (KOTAE_NOW). */
  engineNow: Date | null;
  logger: Logger;
  /** The answer id of an event; derived from the event id so that a retried event keeps its id. */
  newAnswerId?: (eventId: string) => string;
  /** Waits between push attempts; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** A channel's own greeting and decline contact (src/channels.ts); the shared wording otherwise. */
  texts?: { greeting?: string; contact?: string };
}

export type HandledEvent = InboxResult & {
  plan: Plan['kind'] | 'unreadable';
  answerId: string | null;
};

type Delivered = { ok: true; delivery: 'reply' | 'push' } | { ok: false; result: InboxResult };

function failure(operation: 'reply' | 'push', result: Extract<SendResult, { ok: false }>): string {
  const cause = result.error.includes('timed out') ? 'timeout' : result.retryable ? 'unsent' : 'error';
  return `line_${operation}_${result.status ?? cause}`;
}

export function createEventHandler(deps: EventHandlerDeps): (event: InboxEvent) => Promise<HandledEvent> {
  const newAnswerId = deps.newAnswerId ?? ((eventId: string) => retryKeyFor(`answer:${eventId}`));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const canReply = (event: InboxEvent, now: number) =>
    event.replyToken !== null && now - event.eventTimestamp < REPLY_TOKEN_SAFE_AGE_MS;
  const canPush = (event: InboxEvent) => deps.pushFallback && event.sealedPushTarget !== null;

  /** A reply is tried once: a token that may have been consumed is never used again. */
  async function deliver(
    event: InboxEvent,
    messages: messagingApi.Message[],
    now: number,
  ): Promise<Delivered> {
    if (deps.sender === null) {
      return { ok: false, result: { outcome: 'failed', delivery: 'none', detail: 'line_not_configured' } };
    }
    if (canReply(event, now) && event.replyToken !== null) {
      await deps.store.inbox.markSendAttempted(event.eventId, now);
      const sent = await deps.sender.reply(event.replyToken, messages);
      if (sent.ok) return { ok: true, delivery: 'reply' };
      return { ok: false, result: { outcome: 'failed', delivery: 'none', detail: failure('reply', sent) } };
    }
    const target = canPush(event) && event.sealedPushTarget ? deps.keys.open(event.sealedPushTarget) : null;
    if (target === null) {
      return { ok: false, result: { outcome: 'expired', delivery: 'none', detail: 'reply_token_expired' } };
    }
    // No send mark here: the retry key makes a push safe to repeat, even after a crash.
    const retryKey = retryKeyFor(event.eventId);
    let sent = await deps.sender.push(target, messages, retryKey);
    for (let attempt = 1; !sent.ok && sent.retryable && attempt < PUSH_ATTEMPTS; attempt++) {
      await sleep(PUSH_RETRY_DELAY_MS * attempt);
      sent = await deps.sender.push(target, messages, retryKey);
    }
    if (sent.ok) return { ok: true, delivery: 'push' };
    return { ok: false, result: { outcome: 'expired', delivery: 'none', detail: failure('push', sent) } };
  }

  async function send(
    event: InboxEvent,
    messages: messagingApi.Message[],
    now: number,
    outcome: Outcome,
    detail: string | null,
  ): Promise<InboxResult> {
    const delivered = await deliver(event, messages, now);
    if (!delivered.ok) return delivered.result;
    // A late answer sent by push is still recorded as expired: the reply window was missed.
    if (delivered.delivery === 'push') return { outcome: 'expired', delivery: 'push', detail: 'pushed' };
    return { outcome, delivery: 'reply', detail };
  }

  async function ask(event: InboxEvent, inbound: InboundEvent, question: string, now: number) {
    const rateKey = inbound.userHash ?? inbound.chatHash ?? event.eventId;
    if (!(await deps.rateLimiter.take(rateKey, now))) {
      return {
        ...(await send(event, buildRateLimitedMessages(), now, 'declined', 'rate_limited')),
        answerId: null,
      };
    }
    const answer = deps.engine.ask(question, { now: deps.engineNow ?? new Date(now) });
    const answerId = newAnswerId(event.eventId);
    try {
      await deps.store.interactions.record({
        answerId,
        createdAt: now,
        eventId: event.eventId,
        userHash: inbound.userHash,
        sourceType: inbound.sourceType,
        municipality: answer.municipality,
        question,
        answered: answer.answered,
        reason: answer.answered ? null : answer.reason,
        confidence: answer.confidence,
        sources: answer.sources,
      });
    } catch (error) {
      // The resident still gets the answer; only staff review misses this one.
      deps.logger.warn({ eventId: event.eventId, err: String(error) }, 'interaction not recorded');
    }
    const messages = answer.answered
      ? buildAnswerMessages(answer, answerId)
      : buildDeclineMessages(answer, deps.texts?.contact);
    const detail = answer.answered ? null : answer.reason;
    return {
      ...(await send(event, messages, now, answer.answered ? 'answered' : 'declined', detail)),
      answerId,
    };
  }

  return async (event) => {
    const now = deps.clock();
    const inbound = readInboundEvent(event.payload);
    if (inbound === null) {
      return {
        outcome: 'failed',
        delivery: 'none',
        detail: 'unreadable_payload',
        plan: 'unreadable',
        answerId: null,
      };
    }
    const plan = planEvent(inbound, event.replyToken, deps.groupPrefixes);
    const needsDelivery = !(
      plan.kind === 'ignore' ||
      plan.kind === 'forget_user' ||
      plan.kind === 'feedback'
    );
    // Do no work that cannot reach the resident.
    if (needsDelivery && !canReply(event, now) && !canPush(event)) {
      return {
        outcome: 'expired',
        delivery: 'none',
        detail: 'reply_token_expired',
        plan: plan.kind,
        answerId: null,
      };
    }
    const done = (result: InboxResult, answerId: string | null = null): HandledEvent => ({
      ...result,
      plan: plan.kind,
      answerId,
    });
    switch (plan.kind) {
      case 'ignore':
        return done({ outcome: 'ignored', delivery: 'none', detail: plan.reason });
      case 'forget_user': {
        if (inbound.userHash !== null) {
          await deps.store.deleteUser(inbound.userHash);
          await deps.rateLimiter.forget(inbound.userHash);
        }
        return done({ outcome: 'ignored', delivery: 'none', detail: 'user_deleted' });
      }
      case 'greeting':
        return done(
          await send(event, buildGreetingMessages(deps.texts?.greeting), now, 'answered', 'greeting'),
        );
      case 'unsupported':
        return done(await send(event, buildUnsupportedMessages(), now, 'declined', 'unsupported'));
      case 'feedback': {
        const known = await deps.store.interactions.setFeedback(
          plan.answerId,
          plan.helpful ? 'helpful' : 'unhelpful',
          now,
        );
        const detail = known ? 'feedback' : 'feedback_unknown_answer';
        if (!canReply(event, now)) return done({ outcome: 'ignored', delivery: 'none', detail });
        return done(await send(event, buildFeedbackThanks(plan.helpful), now, 'answered', detail));
      }
      case 'passage': {
        const passage = deps.lookupPassage(plan.passageId);
        if (!passage) return done({ outcome: 'ignored', delivery: 'none', detail: 'unknown_passage' });
        return done(await send(event, buildPassageMessages(passage), now, 'answered', 'passage'));
      }
      case 'ask': {
        const { answerId, ...result } = await ask(event, inbound, plan.question, now);
        return done(result, answerId);
      }
    }
  };
}
