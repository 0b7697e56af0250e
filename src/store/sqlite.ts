// Embedded Store on Node's built-in node:sqlite (no native addon to build).
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { toCount } from './columns.ts';
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
import { migrate } from './migrations.ts';
import { ensurePrivateDir, ensurePrivateFile } from './private-files.ts';
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
  RecoveryResult,
  ReviewQuery,
  Store,
} from './types.ts';

export const DATABASE_FILE = 'kotae.db';
/** Waits for a concurrent writer (another process on the same file) instead of failing at once. */
const BUSY_TIMEOUT_MS = 5_000;

export interface SqliteStoreOptions {
  /** Database file, or ':memory:' for tests. */
  file: string;
}

/** Opens (creating if needed) `<dataDir>/kotae.db`, 0600 in a directory created 0700. */
export function openStoreInDataDir(dataDir: string): SqliteStore {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, DATABASE_FILE);
  ensurePrivateFile(file, [`${file}-wal`, `${file}-shm`]);
  return new SqliteStore({ file });
}

/** SQLite has no boolean type: a boolean is stored as 0 or 1. */
const bit = (value: boolean): number => (value ? 1 : 0);

export class SqliteStore implements Store {
  readonly inbox: InboxStore;
  readonly interactions: InteractionStore;
  readonly consoleUsers: ConsoleUserStore;
  readonly consoleSessions: ConsoleSessionStore;
  readonly audit: AuditStore;
  readonly handoffs: HandoffStore;
  readonly #db: DatabaseSync;
  #closed = false;
  #syncLevel: 'FULL' | 'NORMAL' | null = null;

  constructor(options: SqliteStoreOptions) {
    this.#db = new DatabaseSync(options.file, { timeout: BUSY_TIMEOUT_MS });
    // WAL lets readers run beside the writer; FULL syncs every commit, so an acknowledged event survives a crash.
    this.#db.exec('PRAGMA journal_mode = WAL');
    this.#sync('FULL');
    // Overwrite cleared tokens, payloads and deleted users' rows instead of leaving them in free space.
    this.#db.exec('PRAGMA secure_delete = ON');
    migrate(this.#db);
    this.inbox = this.#createInbox();
    this.interactions = this.#createInteractions();
    this.consoleUsers = this.#createConsoleUsers();
    this.consoleSessions = this.#createConsoleSessions();
    this.audit = this.#createAudit();
    this.handoffs = this.#createHandoffs();
  }

  /**
   * How hard a commit syncs. FULL (fsync per commit) where losing a write on power failure would lose or repeat
   * something a resident sees: acknowledged events and the mark that a reply was sent. NORMAL (WAL, synced at
   * checkpoints; still safe against a crashed process) for claims, outcomes and review records, which a power
   * failure can only leave pending (processed again, the sent-mark preventing a second reply) or missing from review.
   */
  #sync(level: 'FULL' | 'NORMAL'): void {
    if (this.#syncLevel === level) return;
    this.#db.exec(`PRAGMA synchronous = ${level}`);
    this.#syncLevel = level;
  }

  /** A transaction at NORMAL durability (see #sync). */
  #relaxed<T>(work: () => T): T {
    this.#sync('NORMAL');
    return this.#transaction(work);
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #createInbox(): InboxStore {
    const db = this.#db;
    const insert = db.prepare(`
      INSERT INTO inbox (${INBOX_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (event_id) DO NOTHING`);
    const selectPending = db.prepare(
      "SELECT * FROM inbox WHERE status = 'pending' ORDER BY received_at, rowid LIMIT ?",
    );
    const markClaimed = db.prepare(
      "UPDATE inbox SET status = 'processing', claimed_at = ? WHERE event_id = ? AND status = 'pending'",
    );
    const markSend = db.prepare('UPDATE inbox SET send_attempted_at = ? WHERE event_id = ?');
    const complete = db.prepare(`
      UPDATE inbox SET status = 'done', outcome = ?, delivery = ?, detail = ?, completed_at = ?, ${INBOX_DONE_CLEARED}
      WHERE event_id = ? AND status != 'done'`);
    const requeue = db.prepare(
      "UPDATE inbox SET status = 'pending', claimed_at = NULL WHERE status = 'processing' AND send_attempted_at IS NULL",
    );
    const failInterrupted = db.prepare(`
      UPDATE inbox SET status = 'done', outcome = 'failed', delivery = 'none', detail = 'interrupted_after_send',
                       completed_at = ?, ${INBOX_DONE_CLEARED}
      WHERE status = 'processing' AND send_attempted_at IS NOT NULL`);
    const getOne = db.prepare('SELECT * FROM inbox WHERE event_id = ?');
    const byStatus = db.prepare('SELECT status, COUNT(*) AS n FROM inbox GROUP BY status');
    const byOutcome = db.prepare(
      'SELECT outcome, COUNT(*) AS n FROM inbox WHERE outcome IS NOT NULL GROUP BY outcome',
    );

    const insertAll = (events: NewInboxEvent[], receivedAt: number): EnqueueResult => {
      const result: EnqueueResult = { inserted: [], duplicates: [] };
      for (const e of events) {
        const { changes } = insert.run(...inboxInsertValues(e, receivedAt, bit));
        (Number(changes) === 1 ? result.inserted : result.duplicates).push(e.eventId);
      }
      return result;
    };
    /** A durable write waiting for the next group commit: a batch of events, or a send mark. */
    type Pending = {
      resolve: (value: EnqueueResult | undefined) => void;
      reject: (error: unknown) => void;
    } & (
      | { kind: 'enqueue'; events: NewInboxEvent[]; receivedAt: number }
      | { kind: 'mark'; eventId: string; at: number }
    );
    let batch: Pending[] = [];
    const flush = () => {
      const pending = batch;
      batch = [];
      try {
        this.#sync('FULL');
        const results = this.#transaction(() =>
          pending.map((p) => {
            if (p.kind === 'enqueue') return insertAll(p.events, p.receivedAt);
            markSend.run(p.at, p.eventId);
            return undefined;
          }),
        );
        for (const [i, p] of pending.entries()) p.resolve(results[i]);
      } catch (error) {
        for (const p of pending) p.reject(error);
      }
    };
    const commitSoon = (item: Pending) => {
      batch.push(item);
      if (batch.length === 1) setImmediate(flush);
    };

    return {
      // Group commit: the events of every request, and every send mark, that arrive within one turn of the
      // event loop share one fsync'd transaction; each caller resumes only after its write is on disk.
      enqueue: (events: NewInboxEvent[], receivedAt: number): Promise<EnqueueResult> =>
        new Promise((resolve, reject) => {
          commitSoon({
            kind: 'enqueue',
            events,
            receivedAt,
            resolve: (result) => resolve(result ?? { inserted: [], duplicates: [] }),
            reject,
          });
        }),
      claim: async (limit: number, at: number): Promise<InboxEvent[]> =>
        this.#relaxed(() => {
          const events = selectPending.all(limit).map(toInboxEvent);
          for (const e of events) markClaimed.run(at, e.eventId);
          return events;
        }),
      markSendAttempted: (eventId: string, at: number): Promise<void> =>
        new Promise((resolve, reject) => {
          commitSoon({ kind: 'mark', eventId, at, resolve: () => resolve(), reject });
        }),
      complete: async (eventId: string, result: InboxResult, at: number) =>
        this.#relaxed(
          () =>
            Number(complete.run(result.outcome, result.delivery, result.detail, at, eventId).changes) === 1,
        ),
      recoverInterrupted: async (at: number): Promise<RecoveryResult> =>
        this.#transaction(() => ({
          failed: Number(failInterrupted.run(at).changes),
          requeued: Number(requeue.run().changes),
        })),
      get: async (eventId: string) => {
        const row = getOne.get(eventId);
        return row ? toInboxRecord(row) : null;
      },
      countByStatus: async () => toStatusCounts(byStatus.all()),
      countByOutcome: async () => toOutcomeCounts(byOutcome.all()),
    };
  }

  #createInteractions(): InteractionStore {
    const db = this.#db;
    const insert = db.prepare(`
      INSERT OR IGNORE INTO interactions (${INTERACTION_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const feedback = db.prepare('UPDATE interactions SET feedback = ?, feedback_at = ? WHERE answer_id = ?');
    const getOne = db.prepare('SELECT * FROM interactions WHERE answer_id = ?');

    return {
      record: async (i: NewInteraction) => {
        this.#sync('NORMAL');
        insert.run(...interactionInsertValues(i, bit));
      },
      setFeedback: async (answerId: string, value: Feedback, at: number) =>
        Number(feedback.run(value, at, answerId).changes) === 1,
      get: async (answerId: string) => {
        const row = getOne.get(answerId);
        return row ? toInteraction(row) : null;
      },
      list: async (query: ReviewQuery) => {
        const { sql, params } = reviewListQuery(query, '?');
        return db
          .prepare(sql)
          .all(...params)
          .map(toInteraction);
      },
      count: async (query: ReviewQuery) => {
        const { sql, params } = reviewCountQuery(query, '?');
        return toCount(db.prepare(sql).get(...params));
      },
      summary: async (query: InteractionSummaryQuery) => {
        const { sql: where, params } = summaryWhere(query, '?');
        const days = db
          .prepare(
            `SELECT ${DAY_NUMBER_SQL} AS day, staff, COUNT(*) AS total, SUM(answered) AS answered,
                    SUM(CASE WHEN feedback = 'unhelpful' THEN 1 ELSE 0 END) AS unhelpful
             FROM interactions ${where} GROUP BY day, staff ORDER BY day, staff`,
          )
          .all(...params)
          .map(toDailyCounts);
        const topics = db
          .prepare(
            `SELECT json_extract(sources, '$[0].docId') AS doc_id, json_extract(sources, '$[0].title') AS title,
                    json_extract(sources, '$[0].section') AS section, COUNT(*) AS n
             FROM interactions ${where} AND answered = 1 AND staff = 0 AND json_array_length(sources) > 0
             GROUP BY doc_id, section ORDER BY n DESC, doc_id, section LIMIT ${placeholder('?', params.length + 1)}`,
          )
          .all(...params, query.topics)
          .map(toTopicCount);
        return { days, topics };
      },
    };
  }

  #createConsoleUsers(): ConsoleUserStore {
    const db = this.#db;
    const insert = db.prepare(`
      INSERT INTO console_users (name, role, password_hash, disabled, created_at, updated_at)
      VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (name) DO NOTHING`);
    const getOne = db.prepare('SELECT * FROM console_users WHERE name = ?');
    const all = db.prepare('SELECT * FROM console_users ORDER BY name');
    return {
      create: async (u) =>
        Number(insert.run(u.name, u.role, u.passwordHash, u.createdAt, u.createdAt).changes) === 1,
      get: async (name) => {
        const row = getOne.get(name);
        return row ? toConsoleUser(row) : null;
      },
      list: async () => all.all().map(toConsoleUser),
      update: async (name, change, at) =>
        this.#transaction(() => {
          const row = getOne.get(name);
          if (!row) return null;
          const user = toConsoleUser(row);
          const next = { ...user, ...change, updatedAt: at };
          db.prepare(
            'UPDATE console_users SET role = ?, disabled = ?, password_hash = ?, updated_at = ? WHERE name = ?',
          ).run(next.role, bit(next.disabled), next.passwordHash, at, name);
          return next;
        }),
    };
  }

  #createConsoleSessions(): ConsoleSessionStore {
    const db = this.#db;
    const insert = db.prepare(`
      INSERT INTO console_sessions (id, actor, role, csrf, created_at, last_seen_at, notice)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const getOne = db.prepare('SELECT * FROM console_sessions WHERE id = ?');
    const touch = db.prepare('UPDATE console_sessions SET last_seen_at = ? WHERE id = ?');
    const notice = db.prepare('UPDATE console_sessions SET notice = ? WHERE id = ?');
    const remove = db.prepare('DELETE FROM console_sessions WHERE id = ?');
    const removeActor = db.prepare('DELETE FROM console_sessions WHERE actor = ?');
    const purge = db.prepare('DELETE FROM console_sessions WHERE last_seen_at < ? OR created_at < ?');
    // Sessions are small and rewritten often; losing the last second of them on power failure only logs someone out.
    const relaxed = <T>(work: () => T): T => {
      this.#sync('NORMAL');
      return work();
    };
    return {
      create: async (s) => {
        relaxed(() => insert.run(s.id, s.actor, s.role, s.csrf, s.createdAt, s.lastSeenAt, s.notice));
      },
      get: async (id) => {
        const row = getOne.get(id);
        return row ? toConsoleSession(row) : null;
      },
      touch: async (id, at) => {
        relaxed(() => touch.run(at, id));
      },
      setNotice: async (id, value) => {
        relaxed(() => notice.run(value, id));
      },
      delete: async (id) => {
        relaxed(() => remove.run(id));
      },
      deleteForActor: async (actor) => relaxed(() => Number(removeActor.run(actor).changes)),
      purge: async (idleCutoff, ageCutoff) => relaxed(() => Number(purge.run(idleCutoff, ageCutoff).changes)),
    };
  }

  #createAudit(): AuditStore {
    const db = this.#db;
    const insert = db.prepare(
      'INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)',
    );
    return {
      append: async (e) => {
        this.#sync('FULL');
        insert.run(e.at, e.actor, e.action, e.target, e.before, e.after);
      },
      list: async (query) => {
        const { sql, params } = auditListQuery(query, '?');
        return db
          .prepare(sql)
          .all(...params)
          .map(toAuditEntry);
      },
      count: async (query) => {
        const { sql, params } = auditCountQuery(query, '?');
        return toCount(db.prepare(sql).get(...params));
      },
    };
  }

  #createHandoffs(): HandoffStore {
    const db = this.#db;
    const insert = db.prepare(
      `INSERT INTO handoffs (${HANDOFF_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    );
    const select = db.prepare('SELECT * FROM handoffs WHERE id = ?');
    const get = (id: string) => {
      const row = select.get(id);
      return row === undefined ? null : toHandoffThread(row);
    };
    return {
      create: async (t) => {
        this.#sync('FULL');
        return Number(insert.run(...handoffInsertValues(t)).changes) === 1;
      },
      get: async (id) => get(id),
      listOpen: async (limit) =>
        db
          .prepare("SELECT * FROM handoffs WHERE status = 'open' ORDER BY created_at, id LIMIT ?")
          .all(limit)
          .map(toHandoffThread),
      countOpen: async () =>
        toCount(db.prepare("SELECT COUNT(*) AS n FROM handoffs WHERE status = 'open'").get()),
      setReply: async (id, reply) => {
        // FULL: the retry key must be on disk before the push that carries it.
        this.#sync('FULL');
        db.prepare(
          `UPDATE handoffs SET reply_text = ?, reply_retry_key = ?, reply_by = ?, reply_at = ?
           WHERE id = ? AND status = 'open' AND reply_text IS NULL`,
        ).run(reply.text, reply.retryKey, reply.by, reply.at, id);
        const thread = get(id);
        return thread?.status === 'open' ? thread : null;
      },
      markSent: async (id, at) => {
        db.prepare('UPDATE handoffs SET reply_sent_at = ? WHERE id = ? AND reply_sent_at IS NULL').run(
          at,
          id,
        );
      },
      setFaqDocument: async (id, document) => {
        db.prepare('UPDATE handoffs SET faq_document = ? WHERE id = ?').run(document, id);
      },
      close: async (id, at) => {
        this.#sync('FULL');
        const changes = db
          .prepare(
            "UPDATE handoffs SET status = 'closed', sealed_user_id = NULL, closed_at = ? WHERE id = ? AND status = 'open'",
          )
          .run(at, id).changes;
        return Number(changes) === 1;
      },
    };
  }

  async deleteUser(userHash: string): Promise<DeletionResult> {
    return this.#transaction(() => ({
      handoffs: Number(this.#db.prepare('DELETE FROM handoffs WHERE user_hash = ?').run(userHash).changes),
      interactions: Number(
        this.#db.prepare('DELETE FROM interactions WHERE user_hash = ?').run(userHash).changes,
      ),
      inboxEvents: Number(
        // Handled events stay (without the user) so a later redelivery is still recognized as a duplicate.
        this.#db
          .prepare("UPDATE inbox SET user_hash = NULL WHERE user_hash = ? AND status = 'done'")
          .run(userHash).changes,
      ),
    }));
  }

  async purgeOlderThan(cutoff: number): Promise<DeletionResult> {
    return this.#transaction(() => ({
      handoffs: Number(this.#db.prepare('DELETE FROM handoffs WHERE created_at < ?').run(cutoff).changes),
      interactions: Number(
        this.#db.prepare('DELETE FROM interactions WHERE created_at < ?').run(cutoff).changes,
      ),
      inboxEvents: Number(
        this.#db.prepare("DELETE FROM inbox WHERE received_at < ? AND status = 'done'").run(cutoff).changes,
      ),
    }));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#db.close();
  }
}
