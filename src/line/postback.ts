// Postback data: what our buttons put in `data`, and the parser for what comes back in a webhook.
import { z } from 'zod';
import { MENU_CHOICES } from '../messages.ts';

export type MenuKey = keyof typeof MENU_CHOICES;
const MENU_KEYS = Object.keys(MENU_CHOICES) as [MenuKey, ...MenuKey[]];

export type Postback =
  | { kind: 'feedback'; helpful: boolean; answerId: string }
  | { kind: 'topic'; key: string }
  | { kind: 'passage'; passageId: string }
  | { kind: 'menu'; key: MenuKey }
  | { kind: 'staff'; answerId: string | null }
  | { kind: 'handoff'; answerId: string }
  | { kind: 'handoff_cancel' }
  | { kind: 'help' }
  | { kind: 'unknown' };

export function feedbackData(helpful: boolean, answerId: string): string {
  return new URLSearchParams({ fb: helpful ? 'up' : 'down', a: answerId }).toString();
}

export function topicData(key: string): string {
  return new URLSearchParams({ topic: key }).toString();
}

export function passageData(passageId: string): string {
  return new URLSearchParams({ act: 'passage', p: passageId }).toString();
}

export function menuData(key: MenuKey): string {
  return new URLSearchParams({ menu: key }).toString();
}

/** 職員に聞く, about one answer (a decline, a 👎) or, from the rich menu, the resident's latest question. */
export function staffData(answerId?: string): string {
  return new URLSearchParams(
    answerId === undefined ? { act: 'staff' } : { act: 'staff', a: answerId },
  ).toString();
}

/** The confirm template's 送る: files the answer's question as a handoff thread. */
export function handoffData(answerId: string): string {
  return new URLSearchParams({ act: 'handoff', a: answerId }).toString();
}

export function handoffCancelData(): string {
  return new URLSearchParams({ act: 'handoff_cancel' }).toString();
}

export function helpData(): string {
  return new URLSearchParams({ act: 'help' }).toString();
}

const id = z.string().min(1).max(200);

const feedbackSchema = z
  .strictObject({ fb: z.enum(['up', 'down']), a: id })
  .transform((d) => ({ kind: 'feedback' as const, helpful: d.fb === 'up', answerId: d.a }));

const topicSchema = z
  .strictObject({ topic: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/u) })
  .transform((d) => ({ kind: 'topic' as const, key: d.topic }));

const passageSchema = z
  .strictObject({ act: z.literal('passage'), p: id })
  .transform((d) => ({ kind: 'passage' as const, passageId: d.p }));

const menuSchema = z
  .strictObject({ menu: z.enum(MENU_KEYS) })
  .transform((d) => ({ kind: 'menu' as const, key: d.menu }));

const actSchema = z
  .strictObject({ act: z.enum(['help', 'handoff_cancel']) })
  .transform((d) => ({ kind: d.act }));

const staffSchema = z
  .strictObject({ act: z.literal('staff'), a: id.optional() })
  .transform((d) => ({ kind: 'staff' as const, answerId: d.a ?? null }));

const handoffSchema = z
  .strictObject({ act: z.literal('handoff'), a: id })
  .transform((d) => ({ kind: 'handoff' as const, answerId: d.a }));

const postbackSchema = z.union([
  feedbackSchema,
  topicSchema,
  passageSchema,
  menuSchema,
  actSchema,
  staffSchema,
  handoffSchema,
]);

/** Parses webhook `postback.data`; anything we did not produce (or a repeated key) is `unknown`. */
export function parsePostback(data: string): Postback {
  if (typeof data !== 'string' || data.length > 1000) return { kind: 'unknown' };
  const entries = [...new URLSearchParams(data)];
  const fields = Object.fromEntries(entries);
  if (Object.keys(fields).length !== entries.length) return { kind: 'unknown' };
  const parsed = postbackSchema.safeParse(fields);
  return parsed.success ? parsed.data : { kind: 'unknown' };
}
