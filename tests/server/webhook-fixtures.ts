// Signed webhook bodies and LINE event builders shared by the server and line tests.
import { createHmac, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { WebhookDeps } from '../../src/line/webhook.ts';
import { silentLogger } from '../../src/log.ts';
import type { Service } from '../../src/main.ts';
import type { Store } from '../../src/store/types.ts';
import { createIdentityKeys } from '../../src/store/user-hash.ts';

export const CHANNEL_SECRET = 'test-channel-secret-0123456789abcdef';
export const ACCESS_TOKEN = 'test-access-token-SHOULD-NEVER-BE-LOGGED';
export const USER_ID = `U${'1a2b3c4d'.repeat(4)}`;
export const OTHER_USER_ID = `U${'9f8e7d6c'.repeat(4)}`;
export const GROUP_ID = `C${'5e6f7a8b'.repeat(4)}`;
export const ROOM_ID = `R${'2c3d4e5f'.repeat(4)}`;

export function sign(body: string | Buffer, secret = CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

type Source =
  | { type: 'user'; userId: string }
  | { type: 'group'; groupId: string; userId?: string }
  | { type: 'room'; roomId: string; userId?: string };

export interface EventOptions {
  id?: string;
  timestamp?: number;
  replyToken?: string;
  source?: Source;
  redelivery?: boolean;
  mode?: 'active' | 'standby';
}

export function baseEvent(type: string, options: EventOptions = {}): Record<string, unknown> {
  return {
    type,
    mode: options.mode ?? 'active',
    timestamp: options.timestamp ?? Date.now(),
    source: options.source ?? { type: 'user', userId: USER_ID },
    webhookEventId: options.id ?? `01${randomUUID().replaceAll('-', '').toUpperCase()}`.slice(0, 26),
    deliveryContext: { isRedelivery: options.redelivery ?? false },
    ...(type === 'unfollow' || type === 'leave' || type === 'unsend'
      ? {}
      : { replyToken: options.replyToken ?? randomUUID().replaceAll('-', '') }),
  };
}

export function textEvent(
  text: string,
  options: EventOptions & {
    mentionees?: { index: number; length: number; isSelf?: boolean; userId?: string }[];
  } = {},
): Record<string, unknown> {
  return {
    ...baseEvent('message', options),
    message: {
      type: 'text',
      id: '468789577898262530',
      quoteToken: 'q3Plxr4AgKd...',
      text,
      ...(options.mentionees
        ? { mention: { mentionees: options.mentionees.map((m) => ({ type: 'user', ...m })) } }
        : {}),
    },
  };
}

export function mediaEvent(messageType: string, options: EventOptions = {}): Record<string, unknown> {
  const extra: Record<string, unknown> =
    messageType === 'sticker'
      ? { packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC' }
      : messageType === 'location'
        ? { title: 'x', address: 'y', latitude: 42.98, longitude: 144.38 }
        : { contentProvider: { type: 'line' } };
  return { ...baseEvent('message', options), message: { type: messageType, id: '325708', ...extra } };
}

export function postbackEvent(data: string, options: EventOptions = {}): Record<string, unknown> {
  return { ...baseEvent('postback', options), postback: { data } };
}

export function webhookBody(events: Record<string, unknown>[]): string {
  return JSON.stringify({ destination: 'Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', events });
}

/** Posts the events to the service as one signed webhook and waits until it has handled them. */
export async function deliverWebhook(
  service: Pick<Service, 'url' | 'processor'>,
  events: Record<string, unknown>[],
): Promise<void> {
  const body = webhookBody(events);
  const res = await fetch(`${service.url}/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': sign(body) },
    body,
  });
  expect(res.status).toBe(200);
  await service.processor()?.idle();
}

/** The webhook's collaborators for an app whose test is about something else: no LINE secret, nothing logged. */
export function quietWebhookDeps(store: Store): WebhookDeps {
  return {
    channelSecret: null,
    missingVariables: [],
    store,
    keys: createIdentityKeys('k'.repeat(32)),
    pushFallback: false,
    logger: silentLogger(),
    now: () => Date.now(),
    onEnqueued: () => {},
  };
}
