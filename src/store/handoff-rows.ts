// The handoffs table: one row schema and mapper for both drivers, and the SQL they share.
import { z } from 'zod';
import { nullableNum, num, sources } from './columns.ts';
import type { HandoffThread, NewHandoffThread } from './types.ts';

const handoffRow = z.object({
  id: z.string(),
  created_at: num,
  user_hash: z.string(),
  channel: z.string().nullable(),
  answer_id: z.string().nullable(),
  municipality: z.string().nullable(),
  question: z.string(),
  bot_answer: z.string().nullable(),
  sources,
  sealed_user_id: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  reply_text: z.string().nullable(),
  reply_retry_key: z.string().nullable(),
  reply_by: z.string().nullable(),
  reply_at: nullableNum,
  reply_sent_at: nullableNum,
  closed_at: nullableNum,
  faq_document: z.string().nullable(),
});

export function toHandoffThread(row: unknown): HandoffThread {
  const r = handoffRow.parse(row);
  const reply =
    r.reply_text !== null && r.reply_retry_key !== null && r.reply_by !== null && r.reply_at !== null
      ? {
          text: r.reply_text,
          retryKey: r.reply_retry_key,
          by: r.reply_by,
          at: r.reply_at,
          sentAt: r.reply_sent_at,
        }
      : null;
  return {
    id: r.id,
    createdAt: r.created_at,
    userHash: r.user_hash,
    channel: r.channel,
    answerId: r.answer_id,
    municipality: r.municipality,
    question: r.question,
    botAnswer: r.bot_answer,
    sources: r.sources,
    sealedUserId: r.sealed_user_id,
    status: r.status,
    reply,
    closedAt: r.closed_at,
    faqDocument: r.faq_document,
  };
}

/** Insert values in column order of HANDOFF_INSERT_COLUMNS. */
export function handoffInsertValues(t: NewHandoffThread): (string | number | null)[] {
  return [
    t.id,
    t.createdAt,
    t.userHash,
    t.channel,
    t.answerId,
    t.municipality,
    t.question,
    t.botAnswer,
    JSON.stringify(t.sources),
    t.sealedUserId,
    'open',
  ];
}

export const HANDOFF_INSERT_COLUMNS =
  'id, created_at, user_hash, channel, answer_id, municipality, question, bot_answer, sources, sealed_user_id, status';
