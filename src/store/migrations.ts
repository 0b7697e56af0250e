// Schema versions of the embedded database, applied in order and tracked by PRAGMA user_version.
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
  version: number;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE inbox (
        event_id TEXT PRIMARY KEY,
        event_type TEXT NOT NULL,
        event_timestamp INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        user_hash TEXT,
        is_redelivery INTEGER NOT NULL,
        reply_token TEXT,
        sealed_push_target TEXT,
        payload TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done')),
        claimed_at INTEGER,
        send_attempted_at INTEGER,
        outcome TEXT CHECK (outcome IN ('answered', 'declined', 'ignored', 'failed', 'expired')),
        delivery TEXT CHECK (delivery IN ('reply', 'push', 'none')),
        detail TEXT,
        completed_at INTEGER,
        CHECK ((status = 'done') = (outcome IS NOT NULL))
      ) STRICT;
      CREATE INDEX inbox_status ON inbox (status, received_at);
      CREATE INDEX inbox_user ON inbox (user_hash);
      CREATE INDEX inbox_received ON inbox (received_at);

      CREATE TABLE interactions (
        answer_id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        event_id TEXT,
        user_hash TEXT,
        source_type TEXT NOT NULL,
        municipality TEXT,
        question TEXT NOT NULL,
        answered INTEGER NOT NULL,
        reason TEXT,
        confidence REAL NOT NULL,
        sources TEXT NOT NULL,
        feedback TEXT CHECK (feedback IN ('helpful', 'unhelpful')),
        feedback_at INTEGER
      ) STRICT;
      CREATE INDEX interactions_created ON interactions (created_at);
      CREATE INDEX interactions_user ON interactions (user_hash);
    `,
  },
  {
    version: 2,
    // The channel (city) an event came to, when one deployment serves several.
    sql: 'ALTER TABLE inbox ADD COLUMN channel TEXT;',
  },
  {
    version: 3,
    // Console accounts, sessions shared by restarts, the audit log, and questions staff asked in the console.
    sql: `
      ALTER TABLE interactions ADD COLUMN staff INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE console_users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE console_sessions (
        id TEXT PRIMARY KEY,
        actor TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        notice TEXT
      ) STRICT;
      CREATE INDEX console_sessions_actor ON console_sessions (actor);
      CREATE INDEX console_sessions_seen ON console_sessions (last_seen_at);
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT
      ) STRICT;
      CREATE INDEX audit_log_action ON audit_log (action, id);
    `,
  },
  {
    version: 4,
    // 職員に聞く threads; sealed_user_id is NULL once a thread is closed (src/store/types.ts HandoffStore).
    sql: `
      CREATE TABLE handoffs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        user_hash TEXT NOT NULL,
        channel TEXT,
        answer_id TEXT UNIQUE,
        municipality TEXT,
        question TEXT NOT NULL,
        bot_answer TEXT,
        sources TEXT NOT NULL,
        sealed_user_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        reply_text TEXT,
        reply_retry_key TEXT,
        reply_by TEXT,
        reply_at INTEGER,
        reply_sent_at INTEGER,
        closed_at INTEGER,
        faq_document TEXT,
        CHECK (status = 'open' OR sealed_user_id IS NULL)
      ) STRICT;
      CREATE INDEX handoffs_open ON handoffs (status, created_at);
      CREATE INDEX handoffs_user ON handoffs (user_hash);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Applies the migrations newer than the database, each in its own transaction. */
export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const current = row?.user_version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `Store: database schema ${current} is newer than this code (${SCHEMA_VERSION}); upgrade the service`,
    );
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      db.exec(`PRAGMA user_version = ${m.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return SCHEMA_VERSION;
}
