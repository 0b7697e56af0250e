import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnswerTurns } from '../../src/line/answer-turns.ts';
import { answersOnThisThread } from '../../src/line/answers.ts';
import { parseWebhookBody, toInboxEvent } from '../../src/line/events.ts';
import { createEventHandler, PUSH_ATTEMPTS, REPLY_TOKEN_SAFE_AGE_MS } from '../../src/line/handle-event.ts';
import {
  feedbackData,
  handoffCancelData,
  handoffData,
  helpData,
  menuData,
  passageData,
  staffData,
  topicData,
} from '../../src/line/postback.ts';
import { createRateLimiter, QUESTIONS_PER_WINDOW } from '../../src/line/rate-limit.ts';
import { createSendSlots, type SendSlots } from '../../src/line/send-slots.ts';
import { silentLogger } from '../../src/log.ts';
import { CITY_CONTACTS, MENU_CHOICES, TOPICS } from '../../src/messages.ts';
import { createHandoffSeal } from '../../src/store/handoff-seal.ts';
import { SqliteStore } from '../../src/store/sqlite.ts';
import type { InboxEvent } from '../../src/store/types.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';
import { FakeEngine, PASSAGE, RecordingSender } from '../server/fakes.ts';
import {
  baseEvent,
  GROUP_ID,
  mediaEvent,
  postbackEvent,
  ROOM_ID,
  textEvent,
  USER_ID,
} from '../server/webhook-fixtures.ts';

const NOW = Date.parse('2026-11-27T10:00:00Z');
const keys = createIdentityKeys('test-user-hash-secret-0123456789');

let store: SqliteStore;
let engine: FakeEngine;
let sender: RecordingSender;
let now: number;

beforeEach(() => {
  store = new SqliteStore({ file: ':memory:' });
  engine = new FakeEngine();
  sender = new RecordingSender();
  now = NOW;
});
afterEach(async () => {
  await store.close();
});

const lookupPassage = (id: string) => (id === PASSAGE.id ? PASSAGE : undefined);

function handlerDeps() {
  return {
    answers: answersOnThisThread({ engine, lookupPassage }),
    sender,
    store,
    keys,
    rateLimiter: createRateLimiter(),
    groupPrefixes: ['@kotae', 'こたえ'],
    pushFallback: false,
    clock: () => now,
    engineNow: null,
    logger: silentLogger(),
    sleep: async () => {},
  };
}

function handler(
  options: {
    pushFallback?: boolean;
    noSender?: boolean;
    sendSlots?: SendSlots;
    answerTurns?: AnswerTurns;
    handoff?: boolean;
  } = {},
) {
  return createEventHandler({
    answers: answersOnThisThread({ engine, lookupPassage }),
    sender: options.noSender ? null : sender,
    store,
    keys,
    rateLimiter: createRateLimiter(),
    groupPrefixes: ['@kotae', 'こたえ'],
    pushFallback: options.pushFallback ?? false,
    clock: () => now,
    engineNow: null,
    logger: silentLogger(),
    sleep: async () => {},
    ...(options.sendSlots ? { sendSlots: options.sendSlots } : {}),
    ...(options.answerTurns ? { answerTurns: options.answerTurns } : {}),
    ...(options.handoff ? { handoffSeal: handoffSeal } : {}),
  });
}

const handoffSeal = createHandoffSeal(Buffer.alloc(32, 7));

async function inbox(raw: Record<string, unknown>, pushFallback = false): Promise<InboxEvent> {
  const parsed = parseWebhookBody({ destination: 'U0', events: [raw] });
  if (!parsed.ok) throw new Error(parsed.error);
  const [event] = parsed.value.events;
  if (!event) throw new Error(parsed.value.skipped[0]?.error ?? 'no event');
  await store.inbox.enqueue([toInboxEvent(event, { keys, keepPushTarget: pushFallback })], now);
  const [claimed] = await store.inbox.claim(1, now);
  if (!claimed) throw new Error('not claimed');
  return claimed;
}

const at = { timestamp: NOW - 500 };

describe('text messages', () => {
  it('answers a one-to-one question with a Flex message and records the interaction', async () => {
    const result = await handler()(
      await inbox(textEvent('無料法律相談はいつですか', { ...at, replyToken: `${'a'.repeat(31)}b` })),
    );
    expect(result).toMatchObject({ outcome: 'answered', delivery: 'reply', plan: 'ask' });
    expect(sender.calls).toHaveLength(1);
    expect(sender.calls[0]?.target).toBe(`${'a'.repeat(31)}b`);
    expect(sender.calls[0]?.messages[0]?.type).toBe('flex');
    const record = await store.interactions.get(result.answerId ?? '');
    expect(record).toMatchObject({
      question: '無料法律相談はいつですか',
      answered: true,
      sourceType: 'user',
    });
    expect(record?.userHash).toBe(keys.hash(USER_ID));
    expect(JSON.stringify(record)).not.toContain(USER_ID);
  });

  it("offers the answer's own follow-up questions as quick replies instead of the topics", async () => {
    engine.followUpsByPassage[PASSAGE.id] = [
      { label: '予約方法は？', text: '無料法律相談の予約方法は？' },
      { label: '会場は？', text: '無料法律相談の会場は？' },
    ];
    await handler()(await inbox(textEvent('無料法律相談はいつですか', at)));
    const items = sender.calls[0]?.messages[0]?.quickReply?.items ?? [];
    expect(items.map((i) => i.action)).toEqual([
      { type: 'message', label: '予約方法は？', text: '無料法律相談の予約方法は？' },
      { type: 'message', label: '会場は？', text: '無料法律相談の会場は？' },
    ]);
  });

  it('falls back to the topic quick replies when the answer has no follow-ups', async () => {
    await handler()(await inbox(textEvent('無料法律相談はいつですか', at)));
    const items = sender.calls[0]?.messages[0]?.quickReply?.items ?? [];
    expect(items.map((i) => i.action)).toEqual(
      TOPICS.map((t) => expect.objectContaining({ type: 'postback', data: topicData(t.key) })),
    );
  });

  it('replies with the decline text and records the decline reason', async () => {
    const result = await handler()(await inbox(textEvent('今日の天気は？', at)));
    expect(result).toMatchObject({ outcome: 'declined', detail: 'out_of_scope' });
    expect(sender.calls[0]?.messages[0]?.type).toBe('text');
    expect(await store.interactions.count({ kind: 'declined' })).toBe(1);
  });

  it('passes KOTAE_NOW-style fixed time to the engine, else the clock', async () => {
    await handler()(await inbox(textEvent('相談は？', at)));
    expect(engine.questions[0]?.options?.now?.getTime()).toBe(NOW);
  });

  it('fails the event without crashing when the engine throws', async () => {
    engine.throws = true;
    const run = handler();
    const event = await inbox(textEvent('相談は？', at));
    await expect(run(event)).rejects.toThrow('engine exploded');
    expect(sender.calls).toHaveLength(0);
  });
});

describe('groups and rooms', () => {
  const inGroup = { ...at, source: { type: 'group' as const, groupId: GROUP_ID, userId: USER_ID } };

  it('stays silent when the bot is not addressed', async () => {
    const result = await handler()(await inbox(textEvent('無料法律相談はいつ？', inGroup)));
    expect(result).toMatchObject({ outcome: 'ignored', detail: 'not_addressed' });
    expect(engine.questions).toHaveLength(0);
    expect(sender.calls).toHaveLength(0);
  });

  it('stays silent when someone else is mentioned', async () => {
    const event = textEvent('@田中 相談はいつ？', {
      ...inGroup,
      mentionees: [{ index: 0, length: 3, isSelf: false }],
    });
    expect((await handler()(await inbox(event))).outcome).toBe('ignored');
  });

  it('answers when mentioned, without the mention in the question', async () => {
    const event = textEvent('@こたえBot 無料法律相談はいつ？', {
      ...inGroup,
      mentionees: [{ index: 0, length: 8, isSelf: true }],
    });
    const result = await handler()(await inbox(event));
    expect(result.outcome).toBe('answered');
    expect(engine.questions[0]?.question).toBe('無料法律相談はいつ？');
  });

  it('answers in a room when the text starts with the prefix, stripping it', async () => {
    const event = textEvent('こたえ、無料法律相談はいつ？', {
      ...at,
      source: { type: 'room', roomId: ROOM_ID },
    });
    expect((await handler()(await inbox(event))).outcome).toBe('answered');
    expect(engine.questions[0]?.question).toBe('無料法律相談はいつ？');
  });

  it('ignores images in a group but greets on join', async () => {
    expect((await handler()(await inbox(mediaEvent('image', inGroup)))).outcome).toBe('ignored');
    const join = await handler()(await inbox(baseEvent('join', inGroup)));
    expect(join).toMatchObject({ outcome: 'answered', detail: 'greeting' });
  });
});

describe('other event types', () => {
  it('greets a new follower', async () => {
    const result = await handler()(await inbox(baseEvent('follow', at)));
    expect(result).toMatchObject({ outcome: 'answered', detail: 'greeting', delivery: 'reply' });
    expect(sender.calls[0]?.messages[0]).toMatchObject({ type: 'text' });
  });

  it('says in the greeting what is stored, for how long, and how to delete it', async () => {
    await createEventHandler({ ...handlerDeps(), retentionDays: 30 })(await inbox(baseEvent('follow', at)));
    const text = (sender.calls[0]?.messages[0] as { text?: string } | undefined)?.text ?? '';
    const note = text.split('\n\n').at(-1)?.split('\n') ?? [];
    expect(note).toHaveLength(2);
    expect(note[0]).toContain('保存する記録');
    expect(note[1]).toContain('最長30日');
    expect(note[1]).toContain('データ削除');
  });

  it('forgets a resident who unfollows: records and handoff threads', async () => {
    const run = handler({ handoff: true });
    const asked = await run(await inbox(textEvent('法律相談はいつ', at)));
    await run(await inbox(postbackEvent(handoffData(asked.answerId ?? ''), at)));
    expect(await run(await inbox(baseEvent('unfollow', at)))).toMatchObject({ detail: 'user_deleted' });
    expect(await store.interactions.get(asked.answerId ?? '')).toBeNull();
    expect(await store.handoffs.countOpen()).toBe(0);
  });

  it.each(['sticker', 'image', 'audio', 'video', 'file', 'location'])(
    'answers a %s with the text-only notice',
    async (type) => {
      const result = await handler()(await inbox(mediaEvent(type, at)));
      expect(result).toMatchObject({ outcome: 'declined', detail: 'unsupported' });
      expect(sender.calls).toHaveLength(1);
    },
  );

  it.each(['unsend', 'leave', 'memberJoined', 'memberLeft', 'videoPlayComplete', 'brandNewType'])(
    'handles %s without a reply',
    async (type) => {
      const result = await handler()(await inbox(baseEvent(type, at)));
      expect(result.outcome).toBe('ignored');
      expect(sender.calls).toHaveLength(0);
    },
  );

  it('deletes what is stored about a user who unfollows', async () => {
    const run = handler();
    const asked = await run(await inbox(textEvent('相談は？', at)));
    const unfollow = await run(await inbox(baseEvent('unfollow', at)));
    expect(unfollow).toMatchObject({ outcome: 'ignored', detail: 'user_deleted' });
    expect(await store.interactions.get(asked.answerId ?? '')).toBeNull();
  });

  it('acknowledges LINE console verify events without answering', async () => {
    for (const token of ['0'.repeat(32), 'f'.repeat(32)]) {
      const result = await handler()(await inbox(textEvent('test', { ...at, replyToken: token })));
      expect(result).toMatchObject({ outcome: 'ignored', detail: 'verify' });
    }
    expect(sender.calls).toHaveLength(0);
    expect(engine.questions).toHaveLength(0);
  });

  it('ignores events in standby mode', async () => {
    const result = await handler()(await inbox(textEvent('相談は？', { ...at, mode: 'standby' })));
    expect(result).toMatchObject({ outcome: 'ignored', detail: 'standby' });
  });
});

describe('postbacks', () => {
  it('records feedback on an answer and thanks the user', async () => {
    const run = handler();
    const asked = await run(await inbox(textEvent('相談は？', at)));
    const result = await run(await inbox(postbackEvent(feedbackData(false, asked.answerId ?? ''), at)));
    expect(result).toMatchObject({ outcome: 'answered', detail: 'feedback' });
    expect((await store.interactions.get(asked.answerId ?? ''))?.feedback).toBe('unhelpful');
    expect(sender.calls).toHaveLength(2);
    // After 👎 the resident is offered a person.
    expect(sender.calls[1]?.messages[0]?.quickReply?.items?.[0]?.action).toMatchObject({
      type: 'postback',
      label: '職員に聞く',
      data: staffData(asked.answerId ?? ''),
    });
  });

  it('asks the sample question of a chosen topic', async () => {
    const topic = TOPICS[3];
    await handler()(await inbox(postbackEvent(topicData(topic.key), at)));
    expect(engine.questions[0]?.question).toBe(topic.question);
  });

  it('shows the full passage on request', async () => {
    const result = await handler()(await inbox(postbackEvent(passageData(PASSAGE.id), at)));
    expect(result).toMatchObject({ outcome: 'answered', detail: 'passage' });
    expect(JSON.stringify(sender.calls[0]?.messages)).toContain('第2水曜日');
  });

  it('offers the questions of a rich menu area as quick replies the resident sends', async () => {
    const result = await handler()(await inbox(postbackEvent(menuData('schedule'), at)));
    expect(result).toMatchObject({ outcome: 'answered', detail: 'menu' });
    const [message] = sender.calls[0]?.messages ?? [];
    expect(message).toMatchObject({ type: 'text', text: MENU_CHOICES.schedule.prompt });
    const items = (message as { quickReply?: { items: { action: { type: string; text?: string } }[] } })
      .quickReply?.items;
    expect(items?.slice(0, 3).map((i) => i.action)).toEqual(
      MENU_CHOICES.schedule.questions.map((q) => expect.objectContaining({ type: 'message', text: q.text })),
    );
    expect(engine.questions).toHaveLength(0);
  });

  it('answers 職員に聞く without HANDOFF_KEY with the city contact, and 使い方 with how to ask', async () => {
    const run = handler();
    expect(await run(await inbox(postbackEvent(staffData(), at)))).toMatchObject({
      outcome: 'answered',
      detail: 'handoff_unavailable',
    });
    expect(JSON.stringify(sender.calls[0]?.messages)).toContain(CITY_CONTACTS.釧路市);
    expect(await run(await inbox(postbackEvent(helpData(), at)))).toMatchObject({ detail: 'help' });
    expect(JSON.stringify(sender.calls[1]?.messages)).toContain('使い方');
  });

  it('ignores postback data it did not produce', async () => {
    const result = await handler()(await inbox(postbackEvent('fb=up&a=1&evil=1', at)));
    expect(result).toMatchObject({ outcome: 'ignored', detail: 'unknown_postback' });
  });
});

describe('職員に聞く', () => {
  it('asks to confirm, then files the question with the attempted answer and the user id sealed', async () => {
    const run = handler({ handoff: true });
    const asked = await run(await inbox(textEvent('法律相談はいつ', at)));
    const confirm = await run(await inbox(postbackEvent(staffData(asked.answerId ?? ''), at)));
    expect(confirm).toMatchObject({ outcome: 'answered', detail: 'handoff_confirm' });
    const items = sender.calls[1]?.messages[0]?.quickReply?.items ?? [];
    expect(items.map((i) => (i.action as { data?: string }).data)).toEqual([
      handoffData(asked.answerId ?? ''),
      handoffCancelData(),
    ]);
    expect(await store.handoffs.countOpen()).toBe(0);

    const filed = await run(await inbox(postbackEvent(handoffData(asked.answerId ?? ''), at)));
    expect(filed).toMatchObject({ outcome: 'answered', detail: 'handoff_filed' });
    const [thread] = await store.handoffs.listOpen(10);
    expect(thread).toMatchObject({
      question: '法律相談はいつ',
      userHash: keys.hash(USER_ID),
      status: 'open',
    });
    expect(thread?.botAnswer).toContain('第2水曜日');
    expect(thread?.sources).toHaveLength(1);
    expect(handoffSeal.open(thread?.sealedUserId ?? '')).toBe(USER_ID);
    expect(JSON.stringify(thread)).not.toContain(USER_ID);

    const again = await run(await inbox(postbackEvent(handoffData(asked.answerId ?? ''), at)));
    expect(again).toMatchObject({ detail: 'handoff_duplicate' });
    expect(await store.handoffs.countOpen()).toBe(1);
  });

  it('takes the latest question from the rich menu, and files nothing when cancelled', async () => {
    const run = handler({ handoff: true });
    await run(await inbox(textEvent('今日の天気は？', at)));
    const confirm = await run(await inbox(postbackEvent(staffData(), at)));
    expect(confirm).toMatchObject({ detail: 'handoff_confirm' });
    expect(JSON.stringify(sender.calls[1]?.messages)).toContain('今日の天気は？');
    expect(await run(await inbox(postbackEvent(handoffCancelData(), at)))).toMatchObject({
      detail: 'handoff_cancelled',
    });
    expect(await store.handoffs.countOpen()).toBe(0);
  });

  it("never files another resident's answer", async () => {
    const run = handler({ handoff: true });
    await store.interactions.record({
      answerId: 'someone-else',
      createdAt: NOW,
      eventId: null,
      userHash: 'another-hash',
      sourceType: 'user',
      municipality: null,
      question: '相談は？',
      answered: false,
      reason: 'out_of_scope',
      confidence: 0,
      sources: [],
    });
    expect(await run(await inbox(postbackEvent(handoffData('someone-else'), at)))).toMatchObject({
      detail: 'handoff_unknown',
    });
    expect(await store.handoffs.countOpen()).toBe(0);
  });

  it('gives the contact in a group, where no one person can be answered', async () => {
    const run = handler({ handoff: true });
    const result = await run(
      await inbox(
        postbackEvent(staffData(), { ...at, source: { type: 'group', groupId: GROUP_ID, userId: USER_ID } }),
      ),
    );
    expect(result).toMatchObject({ detail: 'staff_contact' });
  });
});

describe('データ削除', () => {
  it('deletes the interactions and handoff threads of the resident who sends it', async () => {
    const run = handler({ handoff: true });
    const asked = await run(await inbox(textEvent('法律相談はいつ', at)));
    await run(await inbox(postbackEvent(handoffData(asked.answerId ?? ''), at)));
    expect(await store.handoffs.countOpen()).toBe(1);
    const result = await run(await inbox(textEvent('データ削除', at)));
    expect(result).toMatchObject({ outcome: 'answered', detail: 'user_data_deleted', plan: 'delete_data' });
    expect(await store.interactions.get(asked.answerId ?? '')).toBeNull();
    expect(await store.handoffs.countOpen()).toBe(0);
    expect(engine.questions.map((q) => q.question)).not.toContain('データ削除');
    expect(JSON.stringify(sender.calls.at(-1)?.messages)).toContain('削除しました');
  });
});

describe('limits and failures', () => {
  it('rate-limits a user past the questions per minute with a polite reply', async () => {
    const run = handler();
    for (let i = 0; i < QUESTIONS_PER_WINDOW; i++) {
      expect((await run(await inbox(textEvent(`相談${i}`, at)))).outcome).toBe('answered');
    }
    const limited = await run(await inbox(textEvent('相談は？', at)));
    expect(limited).toMatchObject({ outcome: 'declined', detail: 'rate_limited', delivery: 'reply' });
    expect(engine.questions).toHaveLength(QUESTIONS_PER_WINDOW);
    now += 61_000;
    expect((await run(await inbox(textEvent('相談は？', { timestamp: now })))).outcome).toBe('answered');
  });

  it('records an event whose reply token is too old as expired without asking the engine', async () => {
    const event = await inbox(textEvent('相談は？', { timestamp: NOW - REPLY_TOKEN_SAFE_AGE_MS - 1 }));
    const result = await handler()(event);
    expect(result).toMatchObject({ outcome: 'expired', delivery: 'none' });
    expect(engine.questions).toHaveLength(0);
    expect(sender.calls).toHaveLength(0);
  });

  it('pushes a late answer with a retry key derived from the event when push fallback is on', async () => {
    const old = { id: 'EVT-LATE', timestamp: NOW - 5 * 60_000 };
    const result = await handler({ pushFallback: true })(await inbox(textEvent('相談は？', old), true));
    expect(result).toMatchObject({ outcome: 'expired', delivery: 'push', detail: 'pushed' });
    expect(sender.calls[0]).toMatchObject({ kind: 'push', target: USER_ID });
    expect(sender.calls[0]?.retryKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('retries a failed push with the same retry key, and gives up after the last attempt', async () => {
    const fail = { ok: false as const, status: 500, retryable: true, error: 'LINE API push 500' };
    sender.queued.push(fail);
    const late = await handler({ pushFallback: true })(
      await inbox(textEvent('相談は？', { id: 'P1', timestamp: NOW - 5 * 60_000 }), true),
    );
    expect(late).toMatchObject({ outcome: 'expired', delivery: 'push' });
    expect(sender.calls.map((c) => c.retryKey)).toEqual([
      sender.calls[0]?.retryKey,
      sender.calls[0]?.retryKey,
    ]);

    sender.calls.length = 0;
    sender.queued.push(fail, fail, fail, fail);
    const lost = await handler({ pushFallback: true })(
      await inbox(textEvent('相談は？', { id: 'P2', timestamp: NOW - 5 * 60_000 }), true),
    );
    expect(lost).toMatchObject({ outcome: 'expired', delivery: 'none', detail: 'line_push_500' });
    expect(sender.calls).toHaveLength(PUSH_ATTEMPTS);
  });

  it('leaves an interrupted push to be repeated after a restart, but never an interrupted reply', async () => {
    sender.queued.push('hang', 'hang');
    const run = handler({ pushFallback: true });
    void run(await inbox(textEvent('相談は？', { id: 'PUSHING', timestamp: NOW - 5 * 60_000 }), true));
    void run(await inbox(textEvent('相談は？', { id: 'REPLYING', ...at }), true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sender.calls.map((c) => c.kind).sort()).toEqual(['push', 'reply']);
    expect(await store.inbox.recoverInterrupted(now)).toEqual({ requeued: 1, failed: 1 });
    expect(await store.inbox.get('PUSHING')).toMatchObject({ status: 'pending' });
    expect(await store.inbox.get('REPLYING')).toMatchObject({ outcome: 'failed' });
  });

  it('never tries a reply token whose window passed while it waited for a LINE slot', async () => {
    const slots = createSendSlots(1);
    const hold = await slots.acquire(0);
    const waiting = handler({ sendSlots: slots })(
      await inbox(textEvent('相談は？', { id: 'WAITED', ...at })),
    );
    now = NOW + REPLY_TOKEN_SAFE_AGE_MS;
    hold();
    expect(await waiting).toMatchObject({
      outcome: 'expired',
      delivery: 'none',
      detail: 'reply_token_expired',
    });
    expect(sender.calls).toHaveLength(0);
    expect(slots.inFlight()).toBe(0);
  });

  it('pushes, where allowed, an answer whose reply window passed while it waited for a slot', async () => {
    const slots = createSendSlots(1);
    const hold = await slots.acquire(0);
    const run = handler({ pushFallback: true, sendSlots: slots });
    const waiting = run(await inbox(textEvent('相談は？', { id: 'WAITED-PUSH', ...at }), true));
    now = NOW + REPLY_TOKEN_SAFE_AGE_MS;
    hold();
    expect(await waiting).toMatchObject({ outcome: 'expired', delivery: 'push', detail: 'pushed' });
    expect(sender.calls.map((c) => c.kind)).toEqual(['push']);
    expect((await store.inbox.get('WAITED-PUSH'))?.status).toBe('processing');
  });

  it('asks the engine nothing for a question whose reply window passed while it waited for its turn', async () => {
    const turns = {
      next: async () => {
        now = NOW + REPLY_TOKEN_SAFE_AGE_MS;
      },
      waiting: () => 0,
    };
    const result = await handler({ answerTurns: turns })(await inbox(textEvent('相談は？', at)));
    expect(result).toMatchObject({ outcome: 'expired', delivery: 'none', detail: 'reply_token_expired' });
    expect(engine.questions).toHaveLength(0);
    expect(sender.calls).toHaveLength(0);
  });

  it('keeps no push target in the inbox when push fallback is off', async () => {
    const event = await inbox(textEvent('相談は？', { timestamp: NOW - 5 * 60_000 }));
    expect(event.sealedPushTarget).toBeNull();
  });

  it('tries a reply once and records the LINE failure', async () => {
    sender.result = { ok: false, status: 500, retryable: false, error: 'Internal Server Error' };
    const event = await inbox(textEvent('相談は？', at));
    const result = await handler()(event);
    expect(result).toMatchObject({ outcome: 'failed', detail: 'line_reply_500' });
    expect(sender.calls).toHaveLength(1);
  });

  it('fails with line_not_configured when no sender exists', async () => {
    const result = await handler({ noSender: true })(await inbox(textEvent('相談は？', at)));
    expect(result).toMatchObject({ outcome: 'failed', detail: 'line_not_configured' });
  });
});
