// The interactions table: one row schema and mapper for both drivers, and the insert they share.
import { z } from 'zod';
import { flag, nullableNum, num, sources } from './columns.ts';
import type { InteractionRecord, NewInteraction } from './types.ts';

const interactionRow = z.object({
  answer_id: z.string(),
  created_at: num,
  event_id: z.string().nullable(),
  user_hash: z.string().nullable(),
  source_type: z.enum(['user', 'group', 'room', 'unknown']),
  municipality: z.string().nullable(),
  question: z.string(),
  answered: flag,
  reason: z.string().nullable(),
  confidence: num,
  sources,
  feedback: z.enum(['helpful', 'unhelpful']).nullable(),
  feedback_at: nullableNum,
  staff: flag,
});

export function toInteraction(row: unknown): InteractionRecord {
  const r = interactionRow.parse(row);
  return {
    answerId: r.answer_id,
    createdAt: r.created_at,
    eventId: r.event_id,
    userHash: r.user_hash,
    sourceType: r.source_type,
    municipality: r.municipality,
    question: r.question,
    answered: r.answered,
    reason: r.reason,
    confidence: r.confidence,
    sources: r.sources,
    staff: r.staff,
    feedback: r.feedback,
    feedbackAt: r.feedback_at,
  };
}

export const INTERACTION_INSERT_COLUMNS =
  'answer_id, created_at, event_id, user_hash, source_type, municipality, question, answered, reason, confidence, sources, staff';

/** Insert values in column order of INTERACTION_INSERT_COLUMNS; `bool` binds a boolean as the driver stores it. */
export function interactionInsertValues<B>(
  i: NewInteraction,
  bool: (value: boolean) => B,
): (string | number | null | B)[] {
  return [
    i.answerId,
    i.createdAt,
    i.eventId,
    i.userHash,
    i.sourceType,
    i.municipality,
    i.question,
    bool(i.answered),
    i.reason,
    i.confidence,
    JSON.stringify(i.sources),
    bool(i.staff ?? false),
  ];
}
