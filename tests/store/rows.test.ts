// The row mappers give one record for a row as SQLite returns it and as PostgreSQL (pg) returns it.
import { describe, expect, it } from 'vitest';
import {
  inboxInsertValues,
  toInboxEvent,
  toInboxRecord,
  toOutcomeCounts,
  toStatusCounts,
} from '../../src/store/inbox-rows.ts';
import { interactionInsertValues, toInteraction } from '../../src/store/interaction-rows.ts';
import type { NewInboxEvent, NewInteraction } from '../../src/store/types.ts';

const source = {
  docId: 'gomi',
  title: 'ごみの出し方',
  municipality: 'tokyo-chiyoda',
  section: '粗大ごみ',
  excerpt: '申し込みが必要です。',
  score: 3.5,
  passageId: 'gomi#2',
};

const interactionSqlite = {
  answer_id: 'a1',
  created_at: 1_700_000_000_000,
  event_id: 'e1',
  user_hash: 'h',
  source_type: 'user',
  municipality: 'tokyo-chiyoda',
  question: '粗大ごみは？',
  answered: 1,
  reason: null,
  confidence: 0.8,
  sources: JSON.stringify([source]),
  feedback: 'helpful',
  feedback_at: 1_700_000_001_000,
  staff: 0,
};

const interactionPostgres = {
  ...interactionSqlite,
  created_at: '1700000000000',
  answered: true,
  sources: [source],
  feedback_at: '1700000001000',
  staff: false,
};

describe('toInteraction', () => {
  it('maps a SQLite row and a PostgreSQL row to the same record', () => {
    const record = toInteraction(interactionSqlite);
    expect(record).toEqual({
      answerId: 'a1',
      createdAt: 1_700_000_000_000,
      eventId: 'e1',
      userHash: 'h',
      sourceType: 'user',
      municipality: 'tokyo-chiyoda',
      question: '粗大ごみは？',
      answered: true,
      reason: null,
      confidence: 0.8,
      sources: [source],
      staff: false,
      feedback: 'helpful',
      feedbackAt: 1_700_000_001_000,
    });
    expect(toInteraction(interactionPostgres)).toEqual(record);
  });

  it('ignores columns it does not map, and rejects an unknown source type', () => {
    expect(toInteraction({ ...interactionPostgres, extra: 1 }).answerId).toBe('a1');
    expect(() => toInteraction({ ...interactionSqlite, source_type: 'bot' })).toThrow();
  });
});

describe('interactionInsertValues', () => {
  const interaction: NewInteraction = {
    answerId: 'a1',
    createdAt: 1,
    eventId: null,
    userHash: null,
    sourceType: 'unknown',
    municipality: null,
    question: 'q',
    answered: true,
    reason: null,
    confidence: 0.5,
    sources: [source],
  };

  it('binds booleans as the driver stores them, staff false when absent', () => {
    const sqlite = interactionInsertValues(interaction, (v) => (v ? 1 : 0));
    const postgres = interactionInsertValues(interaction, (v) => v);
    expect(sqlite[7]).toBe(1);
    expect(sqlite[11]).toBe(0);
    expect(postgres[7]).toBe(true);
    expect(postgres[11]).toBe(false);
    expect(sqlite[10]).toBe(JSON.stringify([source]));
  });
});

const inboxSqlite = {
  event_id: 'e1',
  channel: null,
  event_type: 'message',
  event_timestamp: 1_000,
  received_at: 2_000,
  user_hash: 'h',
  is_redelivery: 0,
  reply_token: 'r',
  sealed_push_target: null,
  payload: '{"type":"message"}',
  status: 'processing',
  outcome: null,
  delivery: null,
  detail: null,
  completed_at: null,
};

const inboxPostgres = {
  ...inboxSqlite,
  seq: '42',
  event_timestamp: '1000',
  received_at: '2000',
  is_redelivery: false,
  claimed_at: '2500',
};

describe('inbox rows', () => {
  it('map a SQLite row and a PostgreSQL row to the same event and record', () => {
    const event = toInboxEvent(inboxSqlite);
    expect(event).toEqual({
      eventId: 'e1',
      eventType: 'message',
      eventTimestamp: 1_000,
      receivedAt: 2_000,
      userHash: 'h',
      isRedelivery: false,
      replyToken: 'r',
      sealedPushTarget: null,
      payload: '{"type":"message"}',
    });
    expect(toInboxEvent(inboxPostgres)).toEqual(event);
    expect(toInboxRecord(inboxPostgres)).toEqual(toInboxRecord(inboxSqlite));
  });

  it('give the channel only when the row has one, and a cleared payload as JSON null', () => {
    const done = { ...inboxSqlite, channel: 'city-a', payload: null, is_redelivery: 1 };
    expect(toInboxEvent(done)).toMatchObject({ channel: 'city-a', payload: 'null', isRedelivery: true });
    expect('channel' in toInboxEvent(inboxSqlite)).toBe(false);
  });

  it('bind the redelivery flag as the driver stores it', () => {
    const e: NewInboxEvent = {
      eventId: 'e1',
      eventType: 'message',
      eventTimestamp: 1,
      userHash: null,
      replyToken: null,
      sealedPushTarget: null,
      payload: '{}',
      isRedelivery: true,
    };
    expect(inboxInsertValues(e, 2, (v) => (v ? 1 : 0))).toEqual([
      'e1',
      null,
      'message',
      1,
      2,
      null,
      1,
      null,
      null,
      '{}',
      'pending',
    ]);
    expect(inboxInsertValues(e, 2, (v) => v)[6]).toBe(true);
  });

  it('count every status and outcome, zero for those without rows', () => {
    expect(toStatusCounts([{ status: 'done', n: '3' }])).toEqual({ pending: 0, processing: 0, done: 3 });
    expect(toOutcomeCounts([{ outcome: 'answered', n: 2 }])).toEqual({
      answered: 2,
      declined: 0,
      ignored: 0,
      failed: 0,
      expired: 0,
    });
  });
});
