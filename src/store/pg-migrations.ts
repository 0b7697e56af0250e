// Schema versions of the shared PostgreSQL store; applied at start under an advisory lock.
import type { PoolClient } from 'pg';

export interface PgMigration {
  version: number;
  sql: string;
}

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE inbox (
        event_id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        channel TEXT,
        event_type TEXT NOT NULL,
        event_timestamp BIGINT NOT NULL,
        received_at BIGINT NOT NULL,
        user_hash TEXT,
        is_redelivery BOOLEAN NOT NULL,
        reply_token TEXT,
        sealed_push_target TEXT,
        payload TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'processing', 'done')),
        claimed_at BIGINT,
        send_attempted_at BIGINT,
        outcome TEXT CHECK (outcome IN ('answered', 'declined', 'ignored', 'failed', 'expired')),
        delivery TEXT CHECK (delivery IN ('reply', 'push', 'none')),
        detail TEXT,
        completed_at BIGINT,
        CHECK ((status = 'done') = (outcome IS NOT NULL))
      );
      -- Claims scan only unfinished events, however long the history grows.
      CREATE INDEX inbox_open ON inbox (received_at, seq) WHERE status <> 'done';
      CREATE INDEX inbox_user ON inbox (user_hash);
      CREATE INDEX inbox_received ON inbox (received_at);

      CREATE TABLE interactions (
        answer_id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        event_id TEXT,
        user_hash TEXT,
        source_type TEXT NOT NULL,
        municipality TEXT,
        question TEXT NOT NULL,
        answered BOOLEAN NOT NULL,
        reason TEXT,
        confidence DOUBLE PRECISION NOT NULL,
        sources JSONB NOT NULL,
        feedback TEXT CHECK (feedback IN ('helpful', 'unhelpful')),
        feedback_at BIGINT
      );
      CREATE INDEX interactions_created ON interactions (created_at);
      CREATE INDEX interactions_user ON interactions (user_hash);
      CREATE INDEX interactions_municipality ON interactions (municipality, created_at);

      CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        hits BIGINT[] NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX rate_limits_updated ON rate_limits (updated_at);
    `,
  },
  {
    version: 2,
    // Console accounts, sessions shared by every instance, the audit log, and questions staff asked in the console.
    sql: `
      ALTER TABLE interactions ADD COLUMN staff BOOLEAN NOT NULL DEFAULT false;
      CREATE TABLE console_users (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        password_hash TEXT NOT NULL,
        disabled BOOLEAN NOT NULL DEFAULT false,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE console_sessions (
        id TEXT PRIMARY KEY,
        actor TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
        csrf TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL,
        notice TEXT
      );
      CREATE INDEX console_sessions_actor ON console_sessions (actor);
      CREATE INDEX console_sessions_seen ON console_sessions (last_seen_at);
      CREATE TABLE audit_log (
        id BIGSERIAL PRIMARY KEY,
        at BIGINT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        before TEXT,
        after TEXT
      );
      CREATE INDEX audit_log_action ON audit_log (action, id);
    `,
  },
  {
    version: 3,
    // 職員に聞く threads; sealed_user_id is NULL once a thread is closed (src/store/types.ts HandoffStore).
    sql: `
      CREATE TABLE handoffs (
        id TEXT PRIMARY KEY,
        created_at BIGINT NOT NULL,
        user_hash TEXT NOT NULL,
        channel TEXT,
        answer_id TEXT UNIQUE,
        municipality TEXT,
        question TEXT NOT NULL,
        bot_answer TEXT,
        sources JSONB NOT NULL,
        sealed_user_id TEXT,
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        reply_text TEXT,
        reply_retry_key TEXT,
        reply_by TEXT,
        reply_at BIGINT,
        reply_sent_at BIGINT,
        closed_at BIGINT,
        faq_document TEXT,
        CHECK (status = 'open' OR sealed_user_id IS NULL)
      );
      CREATE INDEX handoffs_open ON handoffs (status, created_at);
      CREATE INDEX handoffs_user ON handoffs (user_hash);
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.at(-1)?.version ?? 0;

/** One lock id for every instance of the service, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 'kotae.schema_migrations';

/**
 * Applies the missing migrations in one transaction. Concurrent starters wait on the advisory
 * lock and then find the schema current.
 */
export async function migratePostgres(client: PoolClient, schema: string | null): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [MIGRATION_LOCK_KEY]);
    if (schema !== null) {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
      await client.query(`SET LOCAL search_path TO ${quoteIdentifier(schema)}`);
    }
    await client.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(
        `PostgresStore: database schema ${current} is newer than this code (${PG_SCHEMA_VERSION}); upgrade the service`,
      );
    }
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
  return PG_SCHEMA_VERSION;
}

/** Double-quotes an SQL identifier (schema names come from configuration, not from users). */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
