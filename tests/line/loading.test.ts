import { describe, expect, it } from 'vitest';
import type { LineSender } from '../../src/line/client.ts';
import { parseWebhookBody, type WebhookEvent } from '../../src/line/events.ts';
import { createLoadingIndicator, LOADING_SECONDS, loadingTarget } from '../../src/line/loading.ts';
import { RecordingSender } from '../server/fakes.ts';
import {
  baseEvent,
  GROUP_ID,
  mediaEvent,
  postbackEvent,
  ROOM_ID,
  textEvent,
  USER_ID,
} from '../server/webhook-fixtures.ts';

function parsed(raw: Record<string, unknown>): WebhookEvent {
  const body = parseWebhookBody({ destination: 'U0', events: [raw] });
  if (!body.ok || !body.value.events[0]) throw new Error('fixture did not parse');
  return body.value.events[0];
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('loadingTarget', () => {
  it('names the user of a one-to-one text message', () => {
    expect(loadingTarget(parsed(textEvent('無料法律相談は？')))).toBe(USER_ID);
  });

  it.each([
    [
      'a group',
      textEvent('@kotae 相談は？', { source: { type: 'group', groupId: GROUP_ID, userId: USER_ID } }),
    ],
    ['a room', textEvent('こたえ 相談は？', { source: { type: 'room', roomId: ROOM_ID, userId: USER_ID } })],
    ['a sticker', mediaEvent('sticker')],
    ['a postback', postbackEvent('fb=up&a=x')],
    ['a follow', baseEvent('follow')],
    ['standby mode', textEvent('相談は？', { mode: 'standby' })],
    ['a console verify event', textEvent('test', { replyToken: '0'.repeat(32) })],
  ])('is null for %s', (_name, raw) => {
    expect(loadingTarget(parsed(raw))).toBeNull();
  });
});

describe('createLoadingIndicator', () => {
  it('asks for the animation without waiting and counts what failed', async () => {
    const sender = new RecordingSender();
    const warnings: unknown[] = [];
    const indicator = createLoadingIndicator(sender, { warn: (obj: unknown) => void warnings.push(obj) });
    indicator.start(USER_ID);
    sender.loadingResult = { ok: false, status: 500, retryable: false, error: 'LINE API loading 500' };
    indicator.start(USER_ID);
    await flush();
    expect(sender.loadingCalls).toEqual([
      { chatId: USER_ID, loadingSeconds: LOADING_SECONDS },
      { chatId: USER_ID, loadingSeconds: LOADING_SECONDS },
    ]);
    expect(indicator.counts()).toEqual({ started: 2, failed: 1 });
    expect(JSON.stringify(warnings)).not.toContain(USER_ID);
  });

  it('treats a sender that rejects as a failed animation, not a crash', async () => {
    const rejecting: LineSender = {
      reply: async () => ({ ok: true }),
      push: async () => ({ ok: true }),
      showLoading: () => Promise.reject(new Error('boom')),
    };
    const indicator = createLoadingIndicator(rejecting, { warn: () => {} });
    indicator.start(USER_ID);
    await flush();
    expect(indicator.counts()).toEqual({ started: 1, failed: 1 });
  });

  it('asks for a duration LINE accepts', () => {
    expect(LOADING_SECONDS % 5).toBe(0);
    expect(LOADING_SECONDS).toBeGreaterThanOrEqual(5);
    expect(LOADING_SECONDS).toBeLessThanOrEqual(60);
  });
});
