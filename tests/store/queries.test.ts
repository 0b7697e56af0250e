import { describe, expect, it } from 'vitest';
import {
  auditCountQuery,
  auditListQuery,
  type BoundSql,
  type Placeholders,
  placeholder,
  reviewCountQuery,
  reviewListQuery,
  reviewWhere,
  summaryWhere,
} from '../../src/store/queries.ts';
import { DEFAULT_LOW_CONFIDENCE, DEFAULT_REVIEW_LIMIT, MAX_REVIEW_LIMIT } from '../../src/store/types.ts';

const BOTH: Placeholders[] = ['?', '$n'];

/** Each `$n` must be the next number: PostgreSQL binds by number, SQLite by position. */
function expectNumberedInOrder({ sql, params }: BoundSql): void {
  const numbers = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  expect(numbers).toEqual(params.map((_, i) => i + 1));
}

describe('placeholder', () => {
  it('is ? for SQLite and $n for PostgreSQL', () => {
    expect(placeholder('?', 3)).toBe('?');
    expect(placeholder('$n', 3)).toBe('$3');
  });
});

describe('reviewWhere', () => {
  it('is empty for all questions', () => {
    for (const style of BOTH) expect(reviewWhere({}, style)).toEqual({ sql: '', params: [] });
  });

  it('tests the boolean columns bare, so one text serves 0/1 and BOOLEAN', () => {
    expect(reviewWhere({ kind: 'declined', askedBy: 'residents' }, '?').sql).toBe(
      'WHERE NOT answered AND NOT staff',
    );
    expect(reviewWhere({ askedBy: 'staff' }, '$n').sql).toBe('WHERE staff');
    expect(reviewWhere({ kind: 'unhelpful', askedBy: 'all' }, '?').sql).toBe("WHERE feedback = 'unhelpful'");
  });

  it('binds the low-confidence threshold, its default when none is given', () => {
    expect(reviewWhere({ kind: 'low_confidence' }, '?')).toEqual({
      sql: 'WHERE answered AND confidence < ?',
      params: [DEFAULT_LOW_CONFIDENCE],
    });
    expect(reviewWhere({ kind: 'needs_review', lowConfidenceBelow: 0.3 }, '$n')).toEqual({
      sql: "WHERE (NOT answered OR confidence < $1 OR feedback = 'unhelpful')",
      params: [0.3],
    });
  });

  it('numbers every filter in the order of its parameter', () => {
    const query = {
      kind: 'needs_review',
      from: 100,
      to: 200,
      municipality: 'tokyo-chiyoda',
      userHash: 'h',
      askedBy: 'residents',
    } as const;
    const positional = reviewWhere(query, '?');
    const numbered = reviewWhere(query, '$n');
    expect(numbered).toEqual({
      sql:
        "WHERE (NOT answered OR confidence < $1 OR feedback = 'unhelpful') AND created_at >= $2 AND created_at < $3" +
        ' AND municipality = $4 AND user_hash = $5 AND NOT staff',
      params: [DEFAULT_LOW_CONFIDENCE, 100, 200, 'tokyo-chiyoda', 'h'],
    });
    expect(positional.params).toEqual(numbered.params);
    expect(positional.sql).toBe(numbered.sql.replace(/\$\d+/g, '?'));
  });
});

describe('reviewListQuery', () => {
  it('appends the page after the filters, newest first', () => {
    expect(reviewListQuery({ from: 5, limit: 10, offset: 20 }, '$n')).toEqual({
      sql: 'SELECT * FROM interactions WHERE created_at >= $1 ORDER BY created_at DESC, answer_id LIMIT $2 OFFSET $3',
      params: [5, 10, 20],
    });
    expect(reviewListQuery({}, '?')).toEqual({
      sql: 'SELECT * FROM interactions ORDER BY created_at DESC, answer_id LIMIT ? OFFSET ?',
      params: [DEFAULT_REVIEW_LIMIT, 0],
    });
  });

  it('clamps the limit to [1, MAX_REVIEW_LIMIT] and a negative offset to 0', () => {
    expect(reviewListQuery({ limit: 0, offset: -5 }, '?').params).toEqual([1, 0]);
    expect(reviewListQuery({ limit: MAX_REVIEW_LIMIT + 1 }, '?').params).toEqual([MAX_REVIEW_LIMIT, 0]);
  });

  it('numbers the page parameters after the filter parameters', () => {
    expectNumberedInOrder(reviewListQuery({ kind: 'low_confidence', to: 9, municipality: 'm' }, '$n'));
  });
});

describe('reviewCountQuery', () => {
  it('counts what the list would page through', () => {
    expect(reviewCountQuery({ kind: 'declined', userHash: 'h', limit: 3 }, '$n')).toEqual({
      sql: 'SELECT COUNT(*) AS n FROM interactions WHERE NOT answered AND user_hash = $1',
      params: ['h'],
    });
  });
});

describe('summaryWhere', () => {
  it('always has the range, so a driver can append AND clauses', () => {
    expect(summaryWhere({ from: 1, to: 2, topics: 5 }, '?')).toEqual({
      sql: 'WHERE created_at >= ? AND created_at < ?',
      params: [1, 2],
    });
    expect(summaryWhere({ from: 1, to: 2, municipality: 'm', topics: 5 }, '$n')).toEqual({
      sql: 'WHERE created_at >= $1 AND created_at < $2 AND municipality = $3',
      params: [1, 2, 'm'],
    });
  });
});

describe('audit queries', () => {
  it('filter by action only when one is given', () => {
    expect(auditListQuery({ limit: 10, offset: 0 }, '$n')).toEqual({
      sql: 'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2',
      params: [10, 0],
    });
    expect(auditListQuery({ limit: 10, offset: 30, action: 'reload' }, '?')).toEqual({
      sql: 'SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ? OFFSET ?',
      params: ['reload', 10, 30],
    });
    expect(auditCountQuery({ action: 'reload' }, '$n')).toEqual({
      sql: 'SELECT COUNT(*) AS n FROM audit_log WHERE action = $1',
      params: ['reload'],
    });
    expect(auditCountQuery({}, '?')).toEqual({ sql: 'SELECT COUNT(*) AS n FROM audit_log', params: [] });
    expectNumberedInOrder(auditListQuery({ limit: 1, offset: 2, action: 'x' }, '$n'));
  });
});
