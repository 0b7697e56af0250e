// Webhook payloads (zod) and their conversion to inbox events that carry no raw LINE id.
import { z } from 'zod';
import type { NewInboxEvent, SourceType } from '../store/types.ts';
import type { IdentityKeys } from '../store/user-hash.ts';
import { parsePostback } from './postback.ts';

const lineId = z.string().min(1).max(100);

const sourceSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('user'), userId: lineId.optional() }),
  z.looseObject({ type: z.literal('group'), groupId: lineId, userId: lineId.optional() }),
  z.looseObject({ type: z.literal('room'), roomId: lineId, userId: lineId.optional() }),
]);

const baseEventSchema = z.looseObject({
  type: z.string().min(1).max(100),
  timestamp: z.number().int().nonnegative(),
  webhookEventId: z.string().min(1).max(100),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }),
  mode: z.string().min(1).max(50),
  source: sourceSchema.optional(),
  replyToken: z.string().min(1).max(200).optional(),
});

const mentioneeSchema = z.looseObject({
  type: z.string(),
  index: z.number().int().nonnegative(),
  length: z.number().int().nonnegative(),
  isSelf: z.boolean().optional(),
});

const textContentSchema = z.looseObject({
  type: z.literal('text'),
  id: z.string().min(1),
  text: z.string(),
  mention: z.looseObject({ mentionees: z.array(mentioneeSchema) }).optional(),
});

const otherContentSchema = z.looseObject({ type: z.string().min(1), id: z.string().min(1) });

const messageEventSchema = baseEventSchema.extend({
  type: z.literal('message'),
  message: z.looseObject({ type: z.string() }),
});

const postbackEventSchema = baseEventSchema.extend({
  type: z.literal('postback'),
  postback: z.looseObject({ data: z.string() }),
});

const callbackSchema = z.looseObject({
  destination: z.string().max(100).optional(),
  events: z.array(z.unknown()),
});

export type WebhookSource = z.output<typeof sourceSchema>;

/** The parts of a LINE event the bot uses; ids still raw (this never leaves memory). */
export interface WebhookEvent {
  base: z.output<typeof baseEventSchema>;
  content: InboundContent;
}

const selfMentionSchema = z.object({ index: z.number().int(), length: z.number().int() });

const inboundContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('text'), text: z.string(), selfMentions: z.array(selfMentionSchema) }),
  z.object({ kind: z.literal('media'), messageType: z.string() }),
  z.object({ kind: z.literal('postback'), data: z.string() }),
  z.object({ kind: z.literal('none') }),
]);
export type InboundContent = z.output<typeof inboundContentSchema>;

/** What the inbox stores per event: no raw user, group or room id, no reply token. */
export const inboundEventSchema = z.object({
  eventId: z.string(),
  type: z.string(),
  timestamp: z.number(),
  mode: z.string(),
  isRedelivery: z.boolean(),
  sourceType: z.enum(['user', 'group', 'room', 'unknown']),
  userHash: z.string().nullable(),
  /** Hash of the group or room, or of the user in a one-to-one chat. */
  chatHash: z.string().nullable(),
  content: inboundContentSchema,
});
export type InboundEvent = z.output<typeof inboundEventSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function describe(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const path = [prefix, ...(issue?.path ?? [])].filter((p) => p !== '').join('.');
  return `${path || 'body'}: ${issue?.message ?? 'invalid'}`;
}

function parseContent(raw: unknown, type: string, at: string): ParseResult<InboundContent> {
  if (type === 'message') {
    const event = messageEventSchema.safeParse(raw);
    if (!event.success) return { ok: false, error: describe(event.error, at) };
    if (event.data.message.type !== 'text') {
      const media = otherContentSchema.safeParse(event.data.message);
      if (!media.success) return { ok: false, error: describe(media.error, `${at}.message`) };
      return { ok: true, value: { kind: 'media', messageType: media.data.type } };
    }
    const text = textContentSchema.safeParse(event.data.message);
    if (!text.success) return { ok: false, error: describe(text.error, `${at}.message`) };
    const selfMentions = (text.data.mention?.mentionees ?? [])
      .filter((m) => m.isSelf === true)
      .map((m) => ({ index: m.index, length: m.length }));
    return { ok: true, value: { kind: 'text', text: text.data.text, selfMentions } };
  }
  if (type === 'postback') {
    const event = postbackEventSchema.safeParse(raw);
    if (!event.success) return { ok: false, error: describe(event.error, at) };
    return { ok: true, value: { kind: 'postback', data: event.data.postback.data } };
  }
  return { ok: true, value: { kind: 'none' } };
}

/** An event left out of a body because we do not understand it; its neighbours are still answered. */
export interface SkippedEvent {
  index: number;
  /** Names the field and the problem, never its value (which may hold a raw LINE id). */
  error: string;
}

export interface ParsedWebhook {
  events: WebhookEvent[];
  skipped: SkippedEvent[];
}

function parseEvent(rawEvent: unknown, at: string): ParseResult<WebhookEvent> {
  const base = baseEventSchema.safeParse(rawEvent);
  if (!base.success) return { ok: false, error: describe(base.error, at) };
  const content = parseContent(rawEvent, base.data.type, at);
  if (!content.ok) return content;
  return { ok: true, value: { base: base.data, content: content.value } };
}

/**
 * Parses a webhook body (already JSON-decoded). Only a body that is not a LINE webhook body at all fails;
 * an event we do not understand (an unknown source type, a malformed field) is skipped, so one odd event
 * never keeps the valid ones beside it from being answered. Unknown event types pass with their common fields.
 */
export function parseWebhookBody(raw: unknown): ParseResult<ParsedWebhook> {
  const body = callbackSchema.safeParse(raw);
  if (!body.success) return { ok: false, error: describe(body.error, '') };
  const parsed: ParsedWebhook = { events: [], skipped: [] };
  for (const [index, rawEvent] of body.data.events.entries()) {
    const event = parseEvent(rawEvent, `events.${index}`);
    if (event.ok) parsed.events.push(event.value);
    else parsed.skipped.push({ index, error: event.error });
  }
  return { ok: true, value: parsed };
}

function chatId(source: WebhookSource | undefined): string | null {
  if (!source) return null;
  if (source.type === 'group') return source.groupId;
  if (source.type === 'room') return source.roomId;
  return source.userId ?? null;
}

export interface ToInboxOptions {
  keys: IdentityKeys;
  /** Keep a sealed push destination, for answering by push after the reply token expired. */
  keepPushTarget: boolean;
}

/** A confirmed 職員に聞く in a one-to-one chat: its user id is needed to file the thread (and cleared after). */
function isHandoffRequest(event: WebhookEvent): boolean {
  return (
    event.base.source?.type === 'user' &&
    event.content.kind === 'postback' &&
    parsePostback(event.content.data).kind === 'handoff'
  );
}

export function toInboxEvent(event: WebhookEvent, options: ToInboxOptions): NewInboxEvent {
  const { base } = event;
  const userId = base.source?.userId ?? null;
  const chat = chatId(base.source);
  const sourceType: SourceType = base.source?.type ?? 'unknown';
  const userHash = userId ? options.keys.hash(userId) : null;
  const inbound: InboundEvent = {
    eventId: base.webhookEventId,
    type: base.type,
    timestamp: base.timestamp,
    mode: base.mode,
    isRedelivery: base.deliveryContext.isRedelivery,
    sourceType,
    userHash,
    chatHash: chat ? options.keys.hash(chat) : null,
    content: event.content,
  };
  return {
    eventId: base.webhookEventId,
    eventType: base.type,
    eventTimestamp: base.timestamp,
    userHash,
    replyToken: base.replyToken ?? null,
    sealedPushTarget:
      (options.keepPushTarget || isHandoffRequest(event)) && chat ? options.keys.seal(chat) : null,
    payload: JSON.stringify(inbound),
    isRedelivery: base.deliveryContext.isRedelivery,
  };
}

/** Reads an inbox payload back; null if it is not one we wrote. */
export function readInboundEvent(payload: string): InboundEvent | null {
  try {
    const parsed = inboundEventSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
