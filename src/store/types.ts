// The storage contract. The embedded default is SQLite; a shared database can implement the same interface.
import type { Source } from '../qa/types.ts';

/** How an acknowledged event ended; every event gets exactly one. */
export type Outcome = 'answered' | 'declined' | 'ignored' | 'failed' | 'expired';
export const OUTCOMES: readonly Outcome[] = ['answered', 'declined', 'ignored', 'failed', 'expired'];

export type InboxStatus = 'pending' | 'processing' | 'done';

/** How the resident was reached, if at all. */
export type Delivery = 'reply' | 'push' | 'none';

export type SourceType = 'user' | 'group' | 'room' | 'unknown';

export interface NewInboxEvent {
  eventId: string;
  eventType: string;
  /** LINE's event time (ms since epoch); the reply token's lifetime counts from it. */
  eventTimestamp: number;
  userHash: string | null;
  replyToken: string | null;
  /** Push destination sealed with the store key; only kept when push fallback is on. */
  sealedPushTarget: string | null;
  /** The event without raw LINE ids, as JSON. */
  payload: string;
  isRedelivery: boolean;
  /** Id of the channel (city) the event came to when one deployment serves several; absent otherwise. */
  channel?: string;
}

export interface InboxEvent extends NewInboxEvent {
  receivedAt: number;
}

export interface InboxRecord {
  eventId: string;
  eventType: string;
  eventTimestamp: number;
  receivedAt: number;
  userHash: string | null;
  isRedelivery: boolean;
  status: InboxStatus;
  outcome: Outcome | null;
  delivery: Delivery | null;
  detail: string | null;
  completedAt: number | null;
}

export interface InboxResult {
  outcome: Outcome;
  delivery: Delivery;
  /** Short machine-readable reason, e.g. `line_429`, `verify`, `not_addressed`. */
  detail: string | null;
}

export interface EnqueueResult {
  inserted: string[];
  duplicates: string[];
}

export interface RecoveryResult {
  /** Claimed before the crash and never sent: back to pending. */
  requeued: number;
  /** A reply may have gone out before the crash: never retried, recorded as failed. */
  failed: number;
}

export interface InboxStore {
  /** Inserts new events durably; known event ids are duplicates (LINE redeliveries included). */
  enqueue(events: NewInboxEvent[], receivedAt: number): Promise<EnqueueResult>;
  /** Moves up to `limit` oldest pending events to processing and returns them. */
  claim(limit: number, at: number): Promise<InboxEvent[]>;
  /** Recorded just before a reply is sent: after a crash the token may be consumed. */
  markSendAttempted(eventId: string, at: number): Promise<void>;
  /** Records the one outcome of an event; false if it already had one. Clears the token and payload. */
  complete(eventId: string, result: InboxResult, at: number): Promise<boolean>;
  /** After a restart: events left in processing go back to pending, or fail if a send was attempted. */
  recoverInterrupted(at: number): Promise<RecoveryResult>;
  get(eventId: string): Promise<InboxRecord | null>;
  countByStatus(): Promise<Record<InboxStatus, number>>;
  countByOutcome(): Promise<Record<Outcome, number>>;
}

export type Feedback = 'helpful' | 'unhelpful';

export interface NewInteraction {
  answerId: string;
  createdAt: number;
  eventId: string | null;
  userHash: string | null;
  sourceType: SourceType;
  municipality: string | null;
  question: string;
  answered: boolean;
  /** Decline reason, null when answered. */
  reason: string | null;
  confidence: number;
  sources: Source[];
  /** Asked by staff in the console, not by a resident; counted apart on the dashboard. */
  staff?: boolean;
}

export interface InteractionRecord extends NewInteraction {
  staff: boolean;
  feedback: Feedback | null;
  feedbackAt: number | null;
}

export type ReviewKind = 'all' | 'declined' | 'low_confidence' | 'unhelpful' | 'needs_review';

export interface ReviewQuery {
  /** `needs_review` = declined, low confidence or unhelpful. */
  kind?: ReviewKind;
  /** Inclusive lower bound on createdAt (ms). */
  from?: number;
  /** Exclusive upper bound on createdAt (ms). */
  to?: number;
  municipality?: string;
  /** One resident's questions (their keyed hash): the 職員に聞く of the rich menu takes the latest. */
  userHash?: string;
  /** Answers below this confidence count as low confidence. */
  lowConfidenceBelow?: number;
  /** Whose questions: residents' (LINE), staff's (console), or both (the default). */
  askedBy?: AskedBy;
  limit?: number;
  offset?: number;
}

export type AskedBy = 'residents' | 'staff' | 'all';

/** One Japan day of the dashboard, split by who asked. */
export interface DailyCounts {
  /** `YYYY-MM-DD` in Japan time. */
  day: string;
  staff: boolean;
  total: number;
  answered: number;
  unhelpful: number;
}

/** Answered questions by the section of their first source. */
export interface TopicCount {
  docId: string;
  title: string;
  section: string;
  count: number;
}

export interface InteractionSummaryQuery {
  from: number;
  to: number;
  municipality?: string;
  /** Most frequent topics returned. */
  topics: number;
}

export interface InteractionSummary {
  days: DailyCounts[];
  /** Residents' questions only. */
  topics: TopicCount[];
}

export interface InteractionStore {
  record(interaction: NewInteraction): Promise<void>;
  /** Sets feedback on an answer; false when the answer is unknown (e.g. purged). */
  setFeedback(answerId: string, feedback: Feedback, at: number): Promise<boolean>;
  get(answerId: string): Promise<InteractionRecord | null>;
  /** Newest first. */
  list(query: ReviewQuery): Promise<InteractionRecord[]>;
  count(query: ReviewQuery): Promise<number>;
  /** Counts per Japan day and the most asked topics in [from, to), for the dashboard. */
  summary(query: InteractionSummaryQuery): Promise<InteractionSummary>;
}

export type Role = 'admin' | 'editor' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

export interface NewConsoleUser {
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (src/console/password.ts). */
  passwordHash: string;
  createdAt: number;
}

export interface ConsoleUser extends NewConsoleUser {
  disabled: boolean;
  updatedAt: number;
}

export interface ConsoleUserChange {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export interface ConsoleUserStore {
  /** False when the name is taken. */
  create(user: NewConsoleUser): Promise<boolean>;
  get(name: string): Promise<ConsoleUser | null>;
  /** By name. */
  list(): Promise<ConsoleUser[]>;
  /** The user after the change; null when unknown. */
  update(name: string, change: ConsoleUserChange, at: number): Promise<ConsoleUser | null>;
}

export interface ConsoleSession {
  /** SHA-256 of the cookie's token: a copy of the database logs no one in. */
  id: string;
  /** Account name, or a built-in actor (`@shared`, `@loopback`). */
  actor: string;
  role: Role;
  csrf: string;
  createdAt: number;
  lastSeenAt: number;
  /** A one-time notice for the next page, as JSON. */
  notice: string | null;
}

export interface ConsoleSessionStore {
  create(session: ConsoleSession): Promise<void>;
  get(id: string): Promise<ConsoleSession | null>;
  touch(id: string, at: number): Promise<void>;
  setNotice(id: string, notice: string | null): Promise<void>;
  delete(id: string): Promise<void>;
  /** Logs an account out everywhere (disabled, role changed). */
  deleteForActor(actor: string): Promise<number>;
  /** Deletes sessions last seen before `idleCutoff` or created before `ageCutoff`. */
  purge(idleCutoff: number, ageCutoff: number): Promise<number>;
}

export interface NewAuditEntry {
  at: number;
  actor: string;
  /** e.g. `document.upload`, `user.role`; see src/console/audit.ts. */
  action: string;
  target: string;
  before: string | null;
  after: string | null;
}

export interface AuditEntry extends NewAuditEntry {
  id: number;
}

export interface AuditStore {
  append(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  list(query: { limit: number; offset: number; action?: string }): Promise<AuditEntry[]>;
  count(query: { action?: string }): Promise<number>;
}

export type HandoffStatus = 'open' | 'closed';

/** A question a resident handed to staff (職員に聞く), with what the bot had tried. */
export interface NewHandoffThread {
  id: string;
  createdAt: number;
  userHash: string;
  /** The channel (city) it came from, so a reply goes out on the same LINE account; null for the default. */
  channel: string | null;
  /** The interaction it came from; one thread per answer. */
  answerId: string | null;
  municipality: string | null;
  question: string;
  /** The bot's attempted answer; null when it declined. */
  botAnswer: string | null;
  sources: Source[];
  /** The LINE user id, AES-256-GCM under HANDOFF_KEY (src/store/handoff-seal.ts); only while open. */
  sealedUserId: string;
}

export interface HandoffReply {
  text: string;
  /** The X-Line-Retry-Key of its push: stored first, so a retried send can never reach the resident twice. */
  retryKey: string;
  by: string;
  at: number;
  /** When LINE accepted the push; null until then. */
  sentAt: number | null;
}

export interface HandoffThread extends Omit<NewHandoffThread, 'sealedUserId'> {
  status: HandoffStatus;
  /** Null once the thread is closed or past the retention period. */
  sealedUserId: string | null;
  reply: HandoffReply | null;
  closedAt: number | null;
  /** The FAQ document made from the reply (corpus file name), if any. */
  faqDocument: string | null;
}

export interface HandoffStore {
  /** False when the answer already has a thread. */
  create(thread: NewHandoffThread): Promise<boolean>;
  get(id: string): Promise<HandoffThread | null>;
  /** Oldest first. */
  listOpen(limit: number): Promise<HandoffThread[]>;
  countOpen(): Promise<number>;
  /**
   * Stores the reply of an open thread that has none and returns the thread. A thread that already has
   * one keeps it (text and retry key), so a second submit resends the same push, which LINE drops.
   */
  setReply(id: string, reply: Omit<HandoffReply, 'sentAt'>): Promise<HandoffThread | null>;
  markSent(id: string, at: number): Promise<void>;
  setFaqDocument(id: string, document: string | null): Promise<void>;
  /** Closes the thread and deletes its sealed user id; false when unknown or already closed. */
  close(id: string, at: number): Promise<boolean>;
}

export interface DeletionResult {
  interactions: number;
  inboxEvents: number;
  handoffs: number;
}

/** The per-user question limit: in process for the embedded store, in the database for a shared one. */
export interface RateLimiter {
  /** Counts one question for `key` at `now`; false when the user is over the limit. */
  take(key: string, now: number): boolean | Promise<boolean>;
  forget(key: string): void | Promise<void>;
  size(): number;
}

export interface Store {
  inbox: InboxStore;
  interactions: InteractionStore;
  consoleUsers: ConsoleUserStore;
  consoleSessions: ConsoleSessionStore;
  audit: AuditStore;
  handoffs: HandoffStore;
  /** Deletes everything kept about one user (unfollow, データ削除). Pending events are left to finish. */
  deleteUser(userHash: string): Promise<DeletionResult>;
  /**
   * Deletes interactions, finished inbox events and handoff threads (open ones too, with their sealed
   * user id, so no id outlives retention) created before `cutoff` (ms).
   */
  purgeOlderThan(cutoff: number): Promise<DeletionResult>;
  close(): Promise<void>;
}

/** Below this confidence an answer is listed for staff review. */
export const DEFAULT_LOW_CONFIDENCE = 0.5;
export const DEFAULT_REVIEW_LIMIT = 50;
export const MAX_REVIEW_LIMIT = 500;
