// LINE Messaging API limits, checked (zod) on every outgoing message before it is sent.
import { z } from 'zod';

/**
 * Limits from the Messaging API reference. Lengths are UTF-16 code units (LINE counts text that
 * way); LINE counts action labels in grapheme clusters, which are never more than code units, so
 * checking code units is the stricter test.
 */
export const LINE_LIMITS = {
  /** Message objects per reply or push request. */
  messagesPerRequest: 5,
  /** `text` of a text message. */
  textUnits: 5000,
  /** `altText` of a Flex Message. */
  altTextUnits: 1500,
  /** Items of one quick reply. */
  quickReplyItems: 13,
  /** `label` of any action (buttons and quick reply items). */
  actionLabelUnits: 20,
  /** `data` of a postback action. */
  postbackDataUnits: 300,
  /** `displayText` of a postback action and `text` of a message action. */
  actionTextUnits: 300,
  /** `uri` of a URI action. */
  uriUnits: 1000,
  /** JSON of one bubble; the reference says 30 KB, read as 30,000 bytes to stay on the safe side. */
  bubbleBytes: 30_000,
  /** JSON of one carousel (50 KB). */
  carouselBytes: 50_000,
} as const;

export const ELLIPSIS = '…';

/** Characters after which a Japanese (or English) sentence may end. */
const SENTENCE_END = /[。．！？!?\n]$/u;

/** Prefer a sentence boundary only when it keeps at least this share of the allowed length. */
const MIN_SENTENCE_KEEP_RATIO = 0.5;

const graphemeSegmenter = new Intl.Segmenter('ja', { granularity: 'grapheme' });

// C0 controls other than tab and newline, DEL, and C1 controls: LINE shows them as garbage.
const CONTROL_CHARS = /(?![\t\n])\p{Cc}/gu;

/** Text safe to put in a LINE message: well-formed UTF-16, `\n` line ends, no control characters. */
export function sanitizeText(text: string): string {
  return text.toWellFormed().replace(/\r\n?/gu, '\n').replace(CONTROL_CHARS, '');
}

/**
 * Cuts `text` to at most `maxUnits` UTF-16 code units, ellipsis included. Prefers the last sentence
 * boundary (。！？ or a line end); never splits a grapheme cluster or a surrogate pair.
 */
export function truncateAtSentence(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  if (maxUnits < ELLIPSIS.length) return '';
  const budget = maxUnits - ELLIPSIS.length;
  let lastBoundary = 0;
  let lastSentenceBoundary = 0;
  for (const { segment, index } of graphemeSegmenter.segment(text)) {
    const end = index + segment.length;
    if (end > budget) break;
    lastBoundary = end;
    if (SENTENCE_END.test(segment)) lastSentenceBoundary = end;
  }
  const cut = lastSentenceBoundary >= budget * MIN_SENTENCE_KEEP_RATIO ? lastSentenceBoundary : lastBoundary;
  return `${text.slice(0, cut).trimEnd()}${ELLIPSIS}`;
}

/** Cuts a short label or title to `maxUnits`, at a grapheme boundary, with an ellipsis. */
export function clipLabel(text: string, maxUnits: number): string {
  if (text.length <= maxUnits) return text;
  if (maxUnits < ELLIPSIS.length) return '';
  let lastBoundary = 0;
  for (const { segment, index } of graphemeSegmenter.segment(text)) {
    const end = index + segment.length;
    if (end > maxUnits - ELLIPSIS.length) break;
    lastBoundary = end;
  }
  return `${text.slice(0, lastBoundary).trimEnd()}${ELLIPSIS}`;
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

// zod's .max() counts code points; LINE counts UTF-16 units, so the length check is written out.
const units = (what: string, max: number) =>
  z.string().refine((s) => s.length <= max, { message: `${what} is longer than ${max} UTF-16 units` });

const nonBlank = (what: string, max: number) =>
  units(what, max).refine((s) => s.trim().length > 0, { message: `${what} is empty` });

const label = nonBlank('action label', LINE_LIMITS.actionLabelUnits);

const postbackActionSchema = z.object({
  type: z.literal('postback'),
  label: label.optional(),
  data: nonBlank('postback data', LINE_LIMITS.postbackDataUnits),
  displayText: nonBlank('displayText', LINE_LIMITS.actionTextUnits).optional(),
});

const messageActionSchema = z.object({
  type: z.literal('message'),
  label: label.optional(),
  text: nonBlank('message action text', LINE_LIMITS.actionTextUnits),
});

const uriActionSchema = z.object({
  type: z.literal('uri'),
  label: label.optional(),
  uri: units('uri', LINE_LIMITS.uriUnits).regex(/^(https?|line|tel):/u, {
    message: 'uri must start with http, https, line or tel',
  }),
});

/** The action types this service sends; anything else is a programming error caught here. */
export const actionSchema = z.discriminatedUnion('type', [
  postbackActionSchema,
  messageActionSchema,
  uriActionSchema,
]);

const quickReplySchema = z.object({
  items: z
    .array(
      z.object({
        type: z.literal('action'),
        action: actionSchema
          .refine((a) => a.label !== undefined, { message: 'quick reply needs a label' })
          .refine((a) => a.type !== 'postback' || a.displayText !== undefined, {
            message: 'a quick reply postback needs a displayText',
          }),
      }),
    )
    .min(1)
    .max(LINE_LIMITS.quickReplyItems, {
      message: `more than ${LINE_LIMITS.quickReplyItems} quick reply items`,
    }),
});

type Issue = { path: PropertyKey[]; message: string };

/** Every `action` and every text component inside a Flex container, with its path. */
function checkFlexTree(node: unknown, path: PropertyKey[], issues: Issue[]): void {
  if (Array.isArray(node)) {
    node.forEach((child, i) => {
      checkFlexTree(child, [...path, i], issues);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.type === 'text' && !Array.isArray(record.contents)) {
    if (typeof record.text !== 'string' || record.text.trim().length === 0) {
      issues.push({ path: [...path, 'text'], message: 'flex text component is empty' });
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'action') {
      const parsed = actionSchema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          issues.push({ path: [...path, key, ...issue.path], message: issue.message });
        }
      }
    } else {
      checkFlexTree(value, [...path, key], issues);
    }
  }
}

const flexContainerSchema = z
  .looseObject({ type: z.enum(['bubble', 'carousel']) })
  .superRefine((container, ctx) => {
    const max = container.type === 'bubble' ? LINE_LIMITS.bubbleBytes : LINE_LIMITS.carouselBytes;
    const bytes = jsonBytes(container);
    if (bytes > max) {
      ctx.addIssue({ code: 'custom', message: `${container.type} JSON is ${bytes} bytes, over ${max}` });
    }
    const issues: Issue[] = [];
    checkFlexTree(container, [], issues);
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });

const textMessageSchema = z.object({
  type: z.literal('text'),
  text: nonBlank('text', LINE_LIMITS.textUnits),
  quickReply: quickReplySchema.optional(),
});

const flexMessageSchema = z.object({
  type: z.literal('flex'),
  altText: nonBlank('altText', LINE_LIMITS.altTextUnits),
  contents: flexContainerSchema,
  quickReply: quickReplySchema.optional(),
});

export const outgoingMessageSchema = z.discriminatedUnion('type', [textMessageSchema, flexMessageSchema]);

export const outgoingMessagesSchema = z
  .array(outgoingMessageSchema)
  .min(1, { message: 'no messages to send' })
  .max(LINE_LIMITS.messagesPerRequest, {
    message: `more than ${LINE_LIMITS.messagesPerRequest} messages in one request`,
  });

export type LimitsResult = { ok: true } | { ok: false; issues: string[] };

/** Checks messages against LINE's limits; a violation is a value listing each problem with its path. */
export function assertWithinLimits(messages: readonly unknown[]): LimitsResult {
  const parsed = outgoingMessagesSchema.safeParse(messages);
  if (parsed.success) return { ok: true };
  return {
    ok: false,
    issues: parsed.error.issues.map(
      (issue) => `messages.${issue.path.map(String).join('.')}: ${issue.message}`,
    ),
  };
}
