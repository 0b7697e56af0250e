// One inbox event -> engine -> LINE reply, ending in exactly one recorded result.
import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import type { Logger } from '../log.ts';
import { messages as texts } from '../messages.ts';
import type { HandoffSeal } from '../store/handoff-seal.ts';
import type { InboxEvent, InboxResult, Outcome, RateLimiter, Store } from '../store/types.ts';
import type { IdentityKeys } from '../store/user-hash.ts';
import { type AnswerTurns, createAnswerTurns } from './answer-turns.ts';
import type { Answers } from './answers.ts';
import { type LineSender, retryKeyFor, type SendResult } from './client.ts';
import { NO_DEADLINE } from './deadline-queue.ts';
import { type InboundEvent, readInboundEvent } from './events.ts';
import {
  buildAnswerMessages,
  buildDeclineMessages,
  buildFeedbackThanks,
  buildGreetingMessages,
  buildHandoffConfirm,
  buildHelpMessages,
  buildMenuMessages,
  buildNotice,
  buildPassageMessages,
  buildRateLimitedMessages,
  buildStaffMessages,
  buildUnsupportedMessages,
  staffContact,
} from './flex.ts';
import { type Plan, planEvent } from './plan.ts';
import { canStillReply, replyDeadline } from './reply-window.ts';
import { createSendSlots, type SendSlots } from './send-slots.ts';

export { REPLY_TOKEN_SAFE_AGE_MS, REPLY_TOKEN_TTL_MS } from './reply-window.ts';

/** Attempts of a late answer by push on 429, 5xx or timeouts; LINE drops repeats of one retry key. */
export const PUSH_ATTEMPTS = 3;
export const PUSH_RETRY_DELAY_MS = 1_000;

export interface EventHandlerDeps {
  /** Answers and passages: from the answer worker (answer-worker.ts), or this thread's engine in tests. */
  answers: Answers;
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
  /** LINE calls in flight, shared by every channel's handler; a handler of its own makes its own. */
  sendSlots?: SendSlots;
  /** Turns of the event loop for starting answers, shared like `sendSlots`. */
  answerTurns?: AnswerTurns;
  /** A channel's own greeting and decline contact (src/channels.ts); the shared wording otherwise. */
  texts?: { greeting?: string; contact?: string };
  /** RETENTION_DAYS, named in the greeting; the default when absent. */
  retentionDays?: number;
  /** Seals the user id of a handoff thread (HANDOFF_KEY); absent: 職員に聞く gives the contact only. */
  handoffSeal?: HandoffSeal | null;
  /** The id of a new handoff thread; tests pass a fixed one. */
  newHandoffId?: () => string;
}

export type HandledEvent = InboxResult & {
  plan: Plan['kind'] | 'unreadable';
  answerId: string | null;
};

/** Nothing was sent: the reply window passed and no push is allowed. */
const TOKEN_EXPIRED: InboxResult = { outcome: 'expired', delivery: 'none', detail: 'reply_token_expired' };

type Delivered = { ok: true; delivery: 'reply' | 'push' } | { ok: false; result: InboxResult };

function failure(operation: 'reply' | 'push', result: Extract<SendResult, { ok: false }>): string {
  const cause = result.error.includes('timed out') ? 'timeout' : result.retryable ? 'unsent' : 'error';
  return `line_${operation}_${result.status ?? cause}`;
}

export function createEventHandler(deps: EventHandlerDeps): (event: InboxEvent) => Promise<HandledEvent> {
  const newAnswerId = deps.newAnswerId ?? ((eventId: string) => retryKeyFor(`answer:${eventId}`));
  const newHandoffId = deps.newHandoffId ?? (() => randomUUID());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  const slots = deps.sendSlots ?? createSendSlots();
  const turns = deps.answerTurns ?? createAnswerTurns();

  const canReply = (event: InboxEvent, now: number) => canStillReply(event, now);
  const canPush = (event: InboxEvent) => deps.pushFallback && event.sealedPushTarget !== null;

  /** One push attempt in a slot; late answers wait behind every reply that can still make its window. */
  async function pushInSlot(
    sender: LineSender,
    to: string,
    messages: messagingApi.Message[],
    retryKey: string,
  ): Promise<SendResult> {
    const release = await slots.acquire(NO_DEADLINE);
    try {
      return await sender.push(to, messages, retryKey);
    } finally {
      release();
    }
  }

  /** A reply is tried once: a token that may have been consumed is never used again. */
  async function deliver(event: InboxEvent, messages: messagingApi.Message[]): Promise<Delivered> {
    if (deps.sender === null) {
      return { ok: false, result: { outcome: 'failed', delivery: 'none', detail: 'line_not_configured' } };
    }
    const deadline = replyDeadline(event);
    if (deadline !== null && event.replyToken !== null && deps.clock() < deadline) {
      const release = await slots.acquire(deadline);
      try {
        // The wait for a slot may have used up the window: then the token is not tried at all.
        const at = deps.clock();
        if (at < deadline) {
          await deps.store.inbox.markSendAttempted(event.eventId, at);
          const sent = await deps.sender.reply(event.replyToken, messages);
          if (sent.ok) return { ok: true, delivery: 'reply' };
          return {
            ok: false,
            result: { outcome: 'failed', delivery: 'none', detail: failure('reply', sent) },
          };
        }
      } finally {
        release();
      }
    }
    const target = canPush(event) && event.sealedPushTarget ? deps.keys.open(event.sealedPushTarget) : null;
    if (target === null) {
      return { ok: false, result: TOKEN_EXPIRED };
    }
    // No send mark here: the retry key makes a push safe to repeat, even after a crash.
    const retryKey = retryKeyFor(event.eventId);
    let sent = await pushInSlot(deps.sender, target, messages, retryKey);
    for (let attempt = 1; !sent.ok && sent.retryable && attempt < PUSH_ATTEMPTS; attempt++) {
      await sleep(PUSH_RETRY_DELAY_MS * attempt);
      sent = await pushInSlot(deps.sender, target, messages, retryKey);
    }
    if (sent.ok) return { ok: true, delivery: 'push' };
    return { ok: false, result: { outcome: 'expired', delivery: 'none', detail: failure('push', sent) } };
  }

  async function send(
    event: InboxEvent,
    messages: messagingApi.Message[],
    outcome: Outcome,
    detail: string | null,
  ): Promise<InboxResult> {
    const delivered = await deliver(event, messages);
    if (!delivered.ok) return delivered.result;
    // A late answer sent by push is still recorded as expired: the reply window was missed.
    if (delivered.delivery === 'push') return { outcome: 'expired', delivery: 'push', detail: 'pushed' };
    return { outcome, delivery: 'reply', detail };
  }

  async function ask(event: InboxEvent, inbound: InboundEvent, question: string, now: number) {
    const rateKey = inbound.userHash ?? inbound.chatHash ?? event.eventId;
    if (!(await deps.rateLimiter.take(rateKey, now))) {
      return {
        ...(await send(event, buildRateLimitedMessages(), 'declined', 'rate_limited')),
        answerId: null,
      };
    }
    // One answer starts per turn of the event loop, earliest reply deadline first: between two, every webhook
    // that arrived is acknowledged, so a backlog (and the replies it sends) never holds up a 200.
    const deadline = replyDeadline(event);
    const order = deadline !== null && canReply(event, now) ? deadline : NO_DEADLINE;
    await turns.next(order);
    const stillWanted = () => canReply(event, deps.clock()) || canPush(event);
    if (!stillWanted()) return { ...TOKEN_EXPIRED, answerId: null };
    const reply = await deps.answers.ask({
      question,
      now: deps.engineNow ?? new Date(now),
      deadline: order,
      stillWanted,
    });
    if (reply === null) return { ...TOKEN_EXPIRED, answerId: null };
    const { answer } = reply;
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
      ? buildAnswerMessages(answer, answerId, reply.followUps)
      : buildDeclineMessages(answer, deps.texts?.contact, answerId);
    const detail = answer.answered ? null : answer.reason;
    return {
      ...(await send(event, messages, answer.answered ? 'answered' : 'declined', detail)),
      answerId,
    };
  }

  /** The interaction a 職員に聞く is about: the named answer if it is this resident's, else their latest. */
  async function handoffSubject(userHash: string, answerId: string | null) {
    if (answerId !== null) {
      const found = await deps.store.interactions.get(answerId);
      return found !== null && found.userHash === userHash && !found.staff ? found : null;
    }
    const [latest] = await deps.store.interactions.list({ userHash, askedBy: 'residents', limit: 1 });
    return latest ?? null;
  }

  async function fileHandoff(event: InboxEvent, userHash: string, answerId: string, now: number) {
    const contact = staffContact(null, deps.texts?.contact);
    const seal = deps.handoffSeal;
    if (!seal)
      return { messages: buildNotice(texts.handoffUnavailable(contact)), detail: 'handoff_unavailable' };
    const subject = await handoffSubject(userHash, answerId);
    if (subject === null)
      return { messages: buildNotice(texts.handoffNoQuestion(contact)), detail: 'handoff_unknown' };
    // The webhook sealed the user id for this postback only; it is re-sealed under HANDOFF_KEY for the thread.
    const userId = event.sealedPushTarget ? deps.keys.open(event.sealedPushTarget) : null;
    if (userId === null)
      return { messages: buildNotice(texts.handoffFailed(contact)), detail: 'handoff_no_target' };
    const deadline = replyDeadline(event);
    const attempted = (
      await deps.answers.ask({
        question: subject.question,
        now: deps.engineNow ?? new Date(now),
        deadline: deadline ?? NO_DEADLINE,
      })
    )?.answer;
    const created = await deps.store.handoffs.create({
      id: newHandoffId(),
      createdAt: now,
      userHash,
      channel: event.channel ?? null,
      answerId: subject.answerId,
      municipality: subject.municipality,
      question: subject.question,
      botAnswer: attempted?.answered ? `${attempted.answer}\n${attempted.citation}` : null,
      sources: subject.sources,
      sealedUserId: seal.seal(userId),
    });
    if (!created) return { messages: buildNotice(texts.handoffAlreadyFiled), detail: 'handoff_duplicate' };
    return { messages: buildNotice(texts.handoffFiled), detail: 'handoff_filed' };
  }

  async function confirmHandoff(inbound: InboundEvent, answerId: string | null) {
    const contact = staffContact(null, deps.texts?.contact);
    if (inbound.sourceType !== 'user' || inbound.userHash === null) {
      return { messages: buildStaffMessages(null, deps.texts?.contact), detail: 'staff_contact' };
    }
    if (!deps.handoffSeal) {
      return { messages: buildNotice(texts.handoffUnavailable(contact)), detail: 'handoff_unavailable' };
    }
    const subject = await handoffSubject(inbound.userHash, answerId);
    if (subject === null) {
      return { messages: buildNotice(texts.handoffNoQuestion(contact)), detail: 'handoff_unknown' };
    }
    return { messages: buildHandoffConfirm(subject.question, subject.answerId), detail: 'handoff_confirm' };
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
      return { ...TOKEN_EXPIRED, plan: plan.kind, answerId: null };
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
          await send(
            event,
            buildGreetingMessages(deps.texts?.greeting, deps.retentionDays),
            'answered',
            'greeting',
          ),
        );
      case 'unsupported':
        return done(await send(event, buildUnsupportedMessages(), 'declined', 'unsupported'));
      case 'feedback': {
        const known = await deps.store.interactions.setFeedback(
          plan.answerId,
          plan.helpful ? 'helpful' : 'unhelpful',
          now,
        );
        const detail = known ? 'feedback' : 'feedback_unknown_answer';
        if (!canReply(event, now)) return done({ outcome: 'ignored', delivery: 'none', detail });
        return done(await send(event, buildFeedbackThanks(plan.helpful, plan.answerId), 'answered', detail));
      }
      case 'passage': {
        const passage = await deps.answers.passage(plan.passageId);
        if (!passage) return done({ outcome: 'ignored', delivery: 'none', detail: 'unknown_passage' });
        return done(await send(event, buildPassageMessages(passage), 'answered', 'passage'));
      }
      case 'menu':
        return done(await send(event, buildMenuMessages(plan.key), 'answered', 'menu'));
      case 'staff': {
        const { messages, detail } = await confirmHandoff(inbound, plan.answerId);
        return done(await send(event, messages, 'answered', detail));
      }
      case 'handoff': {
        if (inbound.userHash === null)
          return done({ outcome: 'ignored', delivery: 'none', detail: 'no_user' });
        const { messages, detail } = await fileHandoff(event, inbound.userHash, plan.answerId, now);
        return done(await send(event, messages, 'answered', detail));
      }
      case 'handoff_cancel':
        return done(await send(event, buildNotice(texts.handoffCancelled), 'answered', 'handoff_cancelled'));
      case 'delete_data': {
        if (inbound.userHash === null)
          return done({ outcome: 'ignored', delivery: 'none', detail: 'no_user' });
        const deleted = await deps.store.deleteUser(inbound.userHash);
        await deps.rateLimiter.forget(inbound.userHash);
        const any = deleted.interactions + deleted.handoffs > 0;
        return done(
          await send(
            event,
            buildNotice(any ? texts.dataDeleted : texts.dataNothingToDelete),
            'answered',
            'user_data_deleted',
          ),
        );
      }
      case 'help':
        return done(await send(event, buildHelpMessages(), 'answered', 'help'));
      case 'ask': {
        const { answerId, ...result } = await ask(event, inbound, plan.question, now);
        return done(result, answerId);
      }
    }
  };
}
