// Shared Store on PostgreSQL: any number of service instances behind a load balancer use one database.
import pg from 'pg';
import { z } from 'zod';
import { num, toCount } from './columns.ts';
import {
  DAY_NUMBER_SQL,
  toAuditEntry,
  toConsoleSession,
  toConsoleUser,
  toDailyCounts,
  toTopicCount,
} from './console-rows.ts';
import { HANDOFF_INSERT_COLUMNS, handoffInsertValues, toHandoffThread } from './handoff-rows.ts';
import {
  INBOX_DONE_CLEARED,
  INBOX_INSERT_COLUMNS,
  inboxInsertValues,
  toInboxEvent,
  toInboxRecord,
  toOutcomeCounts,
  toStatusCounts,
} from './inbox-rows.ts';
import { INTERACTION_INSERT_COLUMNS, interactionInsertValues, toInteraction } from './interaction-rows.ts';
import { migratePostgres, quoteIdentifier } from './pg-migrations.ts';
import {
  auditCountQuery,
  auditListQuery,
  placeholder,
  reviewCountQuery,
  reviewListQuery,
  summaryWhere,
} from './queries.ts';
import type {
  AuditStore,
  ConsoleSessionStore,
  ConsoleUserStore,
  DeletionResult,
  EnqueueResult,
  Feedback,
  HandoffStore,
  InboxEvent,
  InboxResult,
  InboxStore,
  InteractionStore,
  InteractionSummaryQuery,
  NewInboxEvent,
  NewInteraction,
  RateLimiter,
  RecoveryResult,
  ReviewQuery,
  Store,
} from './types.ts';

/**
 * A claim older than this belongs to a dead or stuck instance and is taken over. Half a reply
 * token's minute: long past any healthy handling (LINE calls time out after 5 s), early enough to answer.
 */
export const DEFAULT_CLAIM_LEASE_MS = 30_000;
/** Connections per instance: the processor's 8 concurrent events plus webhook inserts. */
export const DEFAULT_POOL_SIZE = 10;
/** Bounds the per-process set behind `RateLimiter.size()`. */
const SEEN_KEYS_CAP = 10_000;

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  /** Tables live in this schema (created if missing); default: the connection's search_path. */
  schema?: string | null;
  claimLeaseMs?: number;
  poolSize?: number;
  /** Errors of idle pooled connections (e.g. a database restart); they must not crash the process. */
  onPoolError?: (error: Error) => void;
}

export class PostgresStore implements Store {
  readonly inbox: InboxStore;
  readonly interactions: InteractionStore;
  readonly consoleUsers: ConsoleUserStore;
  readonly consoleSessions: ConsoleSessionStore;
  readonly audit: AuditStore;
  readonly handoffs: HandoffStore;
  readonly #pool: pg.Pool;
  readonly #leaseMs: number;
  #closed = false;

  private constructor(pool: pg.Pool, leaseMs: number) {
    this.#pool = pool;
    this.#leaseMs = leaseMs;
    this.inbox = this.#createInbox();
    this.interactions = this.#createInteractions();
    this.consoleUsers = this.#createConsoleUsers();
    this.consoleSessions = this.#createConsoleSessions();
    this.audit = this.#createAudit();
    this.handoffs = this.#createHandoffs();
  }

  /** Connects, applies pending migrations, and returns the store. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema ?? null;
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? DEFAULT_POOL_SIZE,
      ...(schema !== null ? { options: `-c search_path=${quoteIdentifier(schema)}` } : {}),
    });
    pool.on('error', options.onPoolError ?? (() => {}));
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool, options.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS);
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  }

  #query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.#pool.query(sql, params);
  }

  /** Settles claims whose lease ran out: unsent ones go back to pending, possibly sent ones fail. */
  async #settleExpired(client: pg.PoolClient | pg.Pool, at: number): Promise<RecoveryResult> {
    const cutoff = at - this.#leaseMs;
    const failed = await client.query(
      `UPDATE inbox SET status = 'done', outcome = 'failed', delivery = 'none',
              detail = 'interrupted_after_send', completed_at = $1, ${INBOX_DONE_CLEARED}
       WHERE status = 'processing' AND send_attempted_at IS NOT NULL AND claimed_at < $2`,
      [at, cutoff],
    );
    const requeued = await client.query(
      `UPDATE inbox SET status = 'pending', claimed_at = NULL
       WHERE status = 'processing' AND send_attempted_at IS NULL AND claimed_at < $1`,
      [cutoff],
    );
    return { failed: failed.rowCount ?? 0, requeued: requeued.rowCount ?? 0 };
  }

  #createInbox(): InboxStore {
    return {
      enqueue: (events: NewInboxEvent[], receivedAt: number): Promise<EnqueueResult> =>
        this.#transaction(async (client) => {
          const result: EnqueueResult = { inserted: [], duplicates: [] };
          for (const e of events) {
            const { rowCount } = await client.query(
              `INSERT INTO inbox (${INBOX_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
               ON CONFLICT (event_id) DO NOTHING`,
              inboxInsertValues(e, receivedAt, (v) => v),
            );
            (rowCount === 1 ? result.inserted : result.duplicates).push(e.eventId);
          }
          return result;
        }),
      claim: (limit: number, at: number): Promise<InboxEvent[]> =>
        this.#transaction(async (client) => {
          await this.#settleExpired(client, at);
          // SKIP LOCKED: instances claiming at once each take different rows instead of waiting.
          const { rows } = await client.query(
            `WITH next AS (
               SELECT event_id FROM inbox
               WHERE status = 'pending'
               ORDER BY received_at, seq
               LIMIT $1
               FOR UPDATE SKIP LOCKED
             )
             UPDATE inbox SET status = 'processing', claimed_at = $2
             FROM next WHERE inbox.event_id = next.event_id
             RETURNING inbox.*`,
            [limit, at],
          );
          // RETURNING keeps no order: sort as the claim chose, oldest first.
          return rows
            .map((row) => ({ seq: num.parse(row.seq), event: toInboxEvent(row) }))
            .sort((a, b) => a.event.receivedAt - b.event.receivedAt || a.seq - b.seq)
            .map((claimed) => claimed.event);
        }),
      markSendAttempted: async (eventId: string, at: number) => {
        await this.#query('UPDATE inbox SET send_attempted_at = $1 WHERE event_id = $2', [at, eventId]);
      },
      complete: async (eventId: string, result: InboxResult, at: number) => {
        const { rowCount } = await this.#query(
          `UPDATE inbox SET status = 'done', outcome = $1, delivery = $2, detail = $3, completed_at = $4,
                  ${INBOX_DONE_CLEARED}
           WHERE event_id = $5 AND status <> 'done'`,
          [result.outcome, result.delivery, result.detail, at, eventId],
        );
        return rowCount === 1;
      },
      // Other instances may be working right now: only claims past their lease are settled.
      recoverInterrupted: (at: number) => this.#transaction((client) => this.#settleExpired(client, at)),
      get: async (eventId: string) => {
        const { rows } = await this.#query('SELECT * FROM inbox WHERE event_id = $1', [eventId]);
        return rows[0] ? toInboxRecord(rows[0]) : null;
      },
      countByStatus: async () =>
        toStatusCounts((await this.#query('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status')).rows),
      countByOutcome: async () =>
        toOutcomeCounts(
          (
            await this.#query(
              'SELECT outcome, COUNT(*) AS n FROM inbox WHERE outcome IS NOT NULL GROUP BY outcome',
            )
          ).rows,
        ),
    };
  }

  #createInteractions(): InteractionStore {
    return {
      record: async (i: NewInteraction) => {
        await this.#query(
          `INSERT INTO interactions (${INTERACTION_INSERT_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
           ON CONFLICT (answer_id) DO NOTHING`,
          interactionInsertValues(i, (v) => v),
        );
      },
      setFeedback: async (answerId: string, value: Feedback, at: number) => {
        const { rowCount } = await this.#query(
          'UPDATE interactions SET feedback = $1, feedback_at = $2 WHERE answer_id = $3',
          [value, at, answerId],
        );
        return rowCount === 1;
      },
      get: async (answerId: string) => {
        const { rows } = await this.#query('SELECT * FROM interactions WHERE answer_id = $1', [answerId]);
        return rows[0] ? toInteraction(rows[0]) : null;
      },
      list: async (query: ReviewQuery) => {
        const { sql, params } = reviewListQuery(query, '$n');
        return (await this.#query(sql, params)).rows.map(toInteraction);
      },
      count: async (query: ReviewQuery) => {
        const { sql, params } = reviewCountQuery(query, '$n');
        return toCount((await this.#query(sql, params)).rows[0]);
      },
      summary: async (query: InteractionSummaryQuery) => {
        const { sql: where, params } = summaryWhere(query, '$n');
        const days = await this.#query(
          `SELECT ${DAY_NUMBER_SQL} AS day, staff, COUNT(*) AS total, COUNT(*) FILTER (WHERE answered) AS answered,
                  COUNT(*) FILTER (WHERE feedback = 'unhelpful') AS unhelpful
           FROM interactions ${where} GROUP BY day, staff ORDER BY day, staff`,
          params,
        );
        const topics = await this.#query(
          `SELECT sources->0->>'docId' AS doc_id, max(sources->0->>'title') AS title,
                  sources->0->>'section' AS section, COUNT(*) AS n
           FROM interactions ${where} AND answered AND NOT staff AND jsonb_array_length(sources) > 0
           GROUP BY doc_id, section ORDER BY n DESC, doc_id, section LIMIT ${placeholder('$n', params.length + 1)}`,
          [...params, query.topics],
        );
        return { days: days.rows.map(toDailyCounts), topics: topics.rows.map(toTopicCount) };
      },
    };
  }

  #createConsoleUsers(): ConsoleUserStore {
    return {
      create: async (u) => {
        const { rowCount } = await this.#query(
          `INSERT INTO console_users (name, role, password_hash, disabled, created_at, updated_at)
           VALUES ($1, $2, $3, false, $4, $4) ON CONFLICT (name) DO NOTHING`,
          [u.name, u.role, u.passwordHash, u.createdAt],
        );
        return rowCount === 1;
      },
      get: async (name) => {
        const { rows } = await this.#query('SELECT * FROM console_users WHERE name = $1', [name]);
        return rows[0] ? toConsoleUser(rows[0]) : null;
      },
      list: async () => {
        const { rows } = await this.#query('SELECT * FROM console_users ORDER BY name');
        return rows.map(toConsoleUser);
      },
      update: (name, change, at) =>
        this.#transaction(async (client) => {
          const { rows } = await client.query('SELECT * FROM console_users WHERE name = $1 FOR UPDATE', [
            name,
          ]);
          if (!rows[0]) return null;
          const next = { ...toConsoleUser(rows[0]), ...change, updatedAt: at };
          await client.query(
            'UPDATE console_users SET role = $1, disabled = $2, password_hash = $3, updated_at = $4 WHERE name = $5',
            [next.role, next.disabled, next.passwordHash, at, name],
          );
          return next;
        }),
    };
  }

  #createConsoleSessions(): ConsoleSessionStore {
    return {
      create: async (s) => {
        await this.#query(
          `INSERT INTO console_sessions (id, actor, role, csrf, created_at, last_seen_at, notice)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [s.id, s.actor, s.role, s.csrf, s.createdAt, s.lastSeenAt, s.notice],
        );
      },
      get: async (id) => {
        const { rows } = await this.#query('SELECT * FROM console_sessions WHERE id = $1', [id]);
        return rows[0] ? toConsoleSession(rows[0]) : null;
      },
      touch: async (id, at) => {
        await this.#query('UPDATE console_sessions SET last_seen_at = $1 WHERE id = $2', [at, id]);
      },
      setNotice: async (id, notice) => {
        await this.#query('UPDATE console_sessions SET notice = $1 WHERE id = $2', [notice, id]);
      },
      delete: async (id) => {
        await this.#query('DELETE FROM console_sessions WHERE id = $1', [id]);
      },
      deleteForActor: async (actor) =>
        (await this.#query('DELETE FROM console_sessions WHERE actor = $1', [actor])).rowCount ?? 0,
      purge: async (idleCutoff, ageCutoff) =>
        (
          await this.#query('DELETE FROM console_sessions WHERE last_seen_at < $1 OR created_at < $2', [
            idleCutoff,
            ageCutoff,
          ])
        ).rowCount ?? 0,
    };
  }

  #createAudit(): AuditStore {
    return {
      append: async (e) => {
        await this.#query(
          'INSERT INTO audit_log (at, actor, action, target, before, after) VALUES ($1, $2, $3, $4, $5, $6)',
          [e.at, e.actor, e.action, e.target, e.before, e.after],
        );
      },
      list: async (query) => {
        const { sql, params } = auditListQuery(query, '$n');
        return (await this.#query(sql, params)).rows.map(toAuditEntry);
      },
      count: async (query) => {
        const { sql, params } = auditCountQuery(query, '$n');
        return toCount((await this.#query(sql, params)).rows[0]);
      },
    };
  }

  /**
   * The per-user question limit shared by every instance: a sliding window of hit times per key,
   * updated under the row's lock so concurrent instances never both admit the last allowed question.
   */
  rateLimiter(limit: number, windowMs: number): RateLimiter {
    // Keys this process has limited; the table, not this set, decides.
    const seen = new Set<string>();
    return {
      take: (key: string, now: number) =>
        this.#transaction(async (client) => {
          await client.query(
            `INSERT INTO rate_limits (key, hits, updated_at) VALUES ($1, '{}', $2) ON CONFLICT (key) DO NOTHING`,
            [key, now],
          );
          const { rows } = await client.query('SELECT hits FROM rate_limits WHERE key = $1 FOR UPDATE', [
            key,
          ]);
          const hits = z.array(num).parse(rows[0]?.hits ?? []);
          const recent = hits.filter((t) => t > now - windowMs);
          const allowed = recent.length < limit;
          if (allowed) recent.push(now);
          await client.query('UPDATE rate_limits SET hits = $2, updated_at = $3 WHERE key = $1', [
            key,
            recent,
            now,
          ]);
          if (seen.size >= SEEN_KEYS_CAP) seen.clear();
          seen.add(key);
          return allowed;
        }),
      forget: async (key: string) => {
        seen.delete(key);
        await this.#query('DELETE FROM rate_limits WHERE key = $1', [key]);
      },
      size: () => seen.size,
    };
  }

  #createHandoffs(): HandoffStore {
    const get = async (id: string) => {
      const { rows } = await this.#query('SELECT * FROM handoffs WHERE id = $1', [id]);
      return rows[0] === undefined ? null : toHandoffThread(rows[0]);
    };
    return {
      create: async (t) => {
        const { rowCount } = await this.#query(
          `INSERT INTO handoffs (${HANDOFF_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
           ON CONFLICT DO NOTHING`,
          handoffInsertValues(t),
        );
        return rowCount === 1;
      },
      get,
      listOpen: async (limit) => {
        const { rows } = await this.#query(
          "SELECT * FROM handoffs WHERE status = 'open' ORDER BY created_at, id LIMIT $1",
          [limit],
        );
        return rows.map(toHandoffThread);
      },
      countOpen: async () => {
        return toCount(
          (await this.#query("SELECT COUNT(*) AS n FROM handoffs WHERE status = 'open'")).rows[0],
        );
      },
      setReply: async (id, reply) => {
        await this.#query(
          `UPDATE handoffs SET reply_text = $1, reply_retry_key = $2, reply_by = $3, reply_at = $4
           WHERE id = $5 AND status = 'open' AND reply_text IS NULL`,
          [reply.text, reply.retryKey, reply.by, reply.at, id],
        );
        const thread = await get(id);
        return thread?.status === 'open' ? thread : null;
      },
      markSent: async (id, at) => {
        await this.#query('UPDATE handoffs SET reply_sent_at = $1 WHERE id = $2 AND reply_sent_at IS NULL', [
          at,
          id,
        ]);
      },
      setFaqDocument: async (id, document) => {
        await this.#query('UPDATE handoffs SET faq_document = $1 WHERE id = $2', [document, id]);
      },
      close: async (id, at) => {
        const { rowCount } = await this.#query(
          "UPDATE handoffs SET status = 'closed', sealed_user_id = NULL, closed_at = $1 WHERE id = $2 AND status = 'open'",
          [at, id],
        );
        return rowCount === 1;
      },
    };
  }

  async deleteUser(userHash: string): Promise<DeletionResult> {
    return this.#transaction(async (client) => {
      const interactions = await client.query('DELETE FROM interactions WHERE user_hash = $1', [userHash]);
      // Handled events stay (without the user) so a later redelivery is still recognized as a duplicate.
      const inbox = await client.query(
        "UPDATE inbox SET user_hash = NULL WHERE user_hash = $1 AND status = 'done'",
        [userHash],
      );
      await client.query('DELETE FROM rate_limits WHERE key = $1', [userHash]);
      const handoffs = await client.query('DELETE FROM handoffs WHERE user_hash = $1', [userHash]);
      return {
        interactions: interactions.rowCount ?? 0,
        inboxEvents: inbox.rowCount ?? 0,
        handoffs: handoffs.rowCount ?? 0,
      };
    });
  }

  async purgeOlderThan(cutoff: number): Promise<DeletionResult> {
    return this.#transaction(async (client) => {
      const interactions = await client.query('DELETE FROM interactions WHERE created_at < $1', [cutoff]);
      const inbox = await client.query("DELETE FROM inbox WHERE received_at < $1 AND status = 'done'", [
        cutoff,
      ]);
      await client.query('DELETE FROM rate_limits WHERE updated_at < $1', [cutoff]);
      const handoffs = await client.query('DELETE FROM handoffs WHERE created_at < $1', [cutoff]);
      return {
        interactions: interactions.rowCount ?? 0,
        inboxEvents: inbox.rowCount ?? 0,
        handoffs: handoffs.rowCount ?? 0,
      };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#pool.end();
  }
}
