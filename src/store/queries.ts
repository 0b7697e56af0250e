// The filtered queries both drivers run (review, dashboard, audit log), built once for either placeholder style.
import {
  DEFAULT_LOW_CONFIDENCE,
  DEFAULT_REVIEW_LIMIT,
  type InteractionSummaryQuery,
  MAX_REVIEW_LIMIT,
  type ReviewQuery,
} from './types.ts';

/** `?` for SQLite (bound in order), `$n` for PostgreSQL (numbered from 1). */
export type Placeholders = '?' | '$n';

export type SqlValue = string | number;

export interface BoundSql {
  sql: string;
  params: SqlValue[];
}

/** The placeholder of the `n`th (from 1) parameter. */
export function placeholder(style: Placeholders, n: number): string {
  return style === '?' ? '?' : `$${n}`;
}

/** Joins the parts of a statement, leaving out an empty WHERE. */
function statement(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}

/** Collects clauses and their parameters; a clause takes its placeholders from `bind`. */
function whereBuilder(style: Placeholders) {
  const clauses: string[] = [];
  const params: SqlValue[] = [];
  const bind = (value: SqlValue) => {
    params.push(value);
    return placeholder(style, params.length);
  };
  return {
    bind,
    add: (clause: string) => clauses.push(clause),
    done: (): BoundSql => ({ sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params }),
  };
}

/**
 * The WHERE clause of a review query. Booleans are tested bare (`NOT answered`, `staff`): SQLite stores
 * them as 0/1, which its NOT and AND read as PostgreSQL reads BOOLEAN, so one text serves both.
 */
export function reviewWhere(query: ReviewQuery, style: Placeholders): BoundSql {
  const where = whereBuilder(style);
  const low = () => where.bind(query.lowConfidenceBelow ?? DEFAULT_LOW_CONFIDENCE);
  switch (query.kind ?? 'all') {
    case 'declined':
      where.add('NOT answered');
      break;
    case 'low_confidence':
      where.add(`answered AND confidence < ${low()}`);
      break;
    case 'unhelpful':
      where.add("feedback = 'unhelpful'");
      break;
    case 'needs_review':
      where.add(`(NOT answered OR confidence < ${low()} OR feedback = 'unhelpful')`);
      break;
    case 'all':
      break;
  }
  if (query.from !== undefined) where.add(`created_at >= ${where.bind(query.from)}`);
  if (query.to !== undefined) where.add(`created_at < ${where.bind(query.to)}`);
  if (query.municipality !== undefined) where.add(`municipality = ${where.bind(query.municipality)}`);
  if (query.userHash !== undefined) where.add(`user_hash = ${where.bind(query.userHash)}`);
  if (query.askedBy === 'residents') where.add('NOT staff');
  if (query.askedBy === 'staff') where.add('staff');
  return where.done();
}

/** One page of a review query, newest first; the limit is clamped to [1, MAX_REVIEW_LIMIT]. */
export function reviewListQuery(query: ReviewQuery, style: Placeholders): BoundSql {
  const { sql, params } = reviewWhere(query, style);
  const limit = Math.min(Math.max(query.limit ?? DEFAULT_REVIEW_LIMIT, 1), MAX_REVIEW_LIMIT);
  const offset = Math.max(query.offset ?? 0, 0);
  const n = params.length;
  return {
    sql: statement(
      'SELECT * FROM interactions',
      sql,
      `ORDER BY created_at DESC, answer_id LIMIT ${placeholder(style, n + 1)} OFFSET ${placeholder(style, n + 2)}`,
    ),
    params: [...params, limit, offset],
  };
}

export function reviewCountQuery(query: ReviewQuery, style: Placeholders): BoundSql {
  const { sql, params } = reviewWhere(query, style);
  return { sql: statement('SELECT COUNT(*) AS n FROM interactions', sql), params };
}

/** The dashboard's range (and municipality); never empty, so a driver may append `AND ...`. */
export function summaryWhere(query: InteractionSummaryQuery, style: Placeholders): BoundSql {
  return reviewWhere(
    {
      from: query.from,
      to: query.to,
      ...(query.municipality !== undefined ? { municipality: query.municipality } : {}),
    },
    style,
  );
}

export function auditListQuery(
  query: { limit: number; offset: number; action?: string },
  style: Placeholders,
): BoundSql {
  const { sql, params } = auditWhere(query, style);
  const n = params.length;
  return {
    sql: statement(
      'SELECT * FROM audit_log',
      sql,
      `ORDER BY id DESC LIMIT ${placeholder(style, n + 1)} OFFSET ${placeholder(style, n + 2)}`,
    ),
    params: [...params, query.limit, query.offset],
  };
}

export function auditCountQuery(query: { action?: string }, style: Placeholders): BoundSql {
  const { sql, params } = auditWhere(query, style);
  return { sql: statement('SELECT COUNT(*) AS n FROM audit_log', sql), params };
}

function auditWhere(query: { action?: string }, style: Placeholders): BoundSql {
  const where = whereBuilder(style);
  if (query.action !== undefined) where.add(`action = ${where.bind(query.action)}`);
  return where.done();
}
