// Row schemas and mappers of the console tables, shared by both drivers.
import { z } from 'zod';
import { flag, num } from './columns.ts';
import type { AuditEntry, ConsoleSession, ConsoleUser, DailyCounts, TopicCount } from './types.ts';

const role = z.enum(['admin', 'editor', 'viewer']);

const userRow = z.object({
  name: z.string(),
  role,
  password_hash: z.string(),
  disabled: flag,
  created_at: num,
  updated_at: num,
});

export function toConsoleUser(row: unknown): ConsoleUser {
  const r = userRow.parse(row);
  return {
    name: r.name,
    role: r.role,
    passwordHash: r.password_hash,
    disabled: r.disabled,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const sessionRow = z.object({
  id: z.string(),
  actor: z.string(),
  role,
  csrf: z.string(),
  created_at: num,
  last_seen_at: num,
  notice: z.string().nullable(),
});

export function toConsoleSession(row: unknown): ConsoleSession {
  const r = sessionRow.parse(row);
  return {
    id: r.id,
    actor: r.actor,
    role: r.role,
    csrf: r.csrf,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    notice: r.notice,
  };
}

const auditRow = z.object({
  id: num,
  at: num,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
});

export function toAuditEntry(row: unknown): AuditEntry {
  return auditRow.parse(row);
}

/** Japan has no daylight saving time: a Japan day is a fixed 9-hour shift of the UTC day. */
export const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The SQL expression of the Japan day number of `created_at` (integer division in both dialects). */
export const DAY_NUMBER_SQL = `((created_at + ${JST_OFFSET_MS}) / ${DAY_MS})`;

export function dayNumberToDate(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

const dailyRow = z.object({
  day: num,
  staff: flag,
  total: num,
  answered: num,
  unhelpful: num,
});

export function toDailyCounts(row: unknown): DailyCounts {
  const r = dailyRow.parse(row);
  return {
    day: dayNumberToDate(r.day),
    staff: r.staff,
    total: r.total,
    answered: r.answered,
    unhelpful: r.unhelpful,
  };
}

const topicRow = z.object({
  doc_id: z.string().nullable(),
  title: z.string().nullable(),
  section: z.string().nullable(),
  n: num,
});

export function toTopicCount(row: unknown): TopicCount {
  const r = topicRow.parse(row);
  return { docId: r.doc_id ?? '', title: r.title ?? '', section: r.section ?? '', count: r.n };
}
