// Residents' answers from an engine in a worker thread, so the thread that acknowledges webhooks only parses,
// verifies, commits and sends. Questions wait here, earliest deadline first; a few at a time go to the worker.
// A worker that dies or hangs is replaced and the questions it held are asked again.
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { Logger } from '../log.ts';
import type { Passage } from '../qa/types.ts';
import type { Answers, AskRequest, Reply } from './answers.ts';
import { DeadlineQueue } from './deadline-queue.ts';

/**
 * Questions handed to the worker at once: enough that it never waits for the next message between two
 * answers, few enough that the order stays this queue's (deadline first), not the worker's message FIFO.
 */
export const ANSWERS_IN_FLIGHT = 4;
/** Workers a question is tried in: one that takes down every worker it reaches is failed, not retried forever. */
export const ANSWER_ATTEMPTS = 3;
/** An answer takes milliseconds; a worker silent this long on one is stuck and is replaced. */
export const ANSWER_TIMEOUT_MS = 10_000;
/** A reload builds the index again: minutes at 100x the corpus. */
export const RELOAD_TIMEOUT_MS = 10 * 60_000;
/** A replaced worker starts after this, doubling per failure in a row up to the maximum. */
export const RESTART_DELAY_MS = 50;
export const MAX_RESTART_DELAY_MS = 5_000;

/**
 * The answer thread's nice value (Linux keeps one per thread). Where the CPU is short, the thread that parses and
 * commits webhooks goes first: an acknowledged event is kept and can still be answered within its window, one
 * that is not acknowledged is retried by LINE and delays everything behind it. Idle CPU still goes to answers.
 */
export const ANSWER_THREAD_NICE = 10;

/** What the worker is started with (structured-cloned; the dictionary is shared, not copied). */
export interface AnswerWorkerData {
  corpusDir: string;
  dictionariesDir: string;
  /** The engine snapshot; undefined for the default file, null for none. */
  snapshotFile?: string | null;
  /**
   * The packed tokenizer dictionary in shared memory (src/tokenizer.ts), or null: the worker reads it into shared
   * memory itself and hands it back with its 'ready', for the workers started after it.
   */
  dictionary: SharedArrayBuffer | null;
}

/**
 * The workerData of a thread `npm start` spawned before any of the service's modules loaded (src/start.js): it
 * reads its directories from the environment, as the service's config does, and posts nothing until the
 * service adopts it (an 'adopt' message), so no message is emitted before anyone listens.
 */
export const FROM_ENVIRONMENT = { fromEnvironment: true } as const;

/** A worker thread started on FROM_ENVIRONMENT, and the errors its `hold` listener kept until it is adopted. */
export interface EarlyThread {
  worker: Worker;
  errors: Error[];
  hold: (error: Error) => void;
}

export type ToWorker =
  | { kind: 'adopt' }
  | { kind: 'ask'; id: number; question: string; now: number; municipality?: string }
  | { kind: 'passage'; id: number; passageId: string }
  | { kind: 'reload'; id: number };

export type ReloadOutcome = { ok: true; ms: number; passages: number } | { ok: false; errors: string[] };

export type FromWorker =
  | { kind: 'ready'; passages: number; ms: number; dictionary: SharedArrayBuffer | null }
  | { kind: 'load_failed'; error: string }
  | { kind: 'done'; id: number; value: Reply | Passage | ReloadOutcome | null }
  | { kind: 'error'; id: number; error: string };

type Message =
  Exclude<ToWorker, { kind: 'adopt' }> extends infer M
    ? M extends { id: number }
      ? Omit<M, 'id'>
      : never
    : never;

export interface AnswerWorkerOptions {
  /** The worker's module: answer-worker-start.js (answer-worker-thread.ts on the compile cache); tests pass one of their own that speaks the same messages. */
  script?: URL;
  data: AnswerWorkerData;
  logger: Logger;
  resourceLimits?: ResourceLimits;
  /** The first worker, already started (src/start.js); the ones after it are started here from `data`. */
  first?: EarlyThread;
  /** The shared dictionary a worker read for itself (data.dictionary null), once. */
  onDictionary?: (dictionary: SharedArrayBuffer) => void;
  /** Defaults to ANSWER_TIMEOUT_MS; tests pass a short one. */
  answerTimeoutMs?: number;
  restartDelayMs?: number;
}

export interface AnswerWorker extends Answers {
  /** Resolves once the first engine is loaded; rejects when it could not load. */
  ready(): Promise<{ passages: number; ms: number }>;
  /** Re-reads the corpus and dictionaries in the worker; a failed reload keeps its old engine. */
  reload(): Promise<ReloadOutcome>;
  /** Workers started after the first one. */
  restarts(): number;
  waiting(): number;
  /** Fails whatever still waits and stops the worker. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  message: Message;
  deadline: number;
  stillWanted: (() => boolean) | undefined;
  timeoutMs: number;
  attempts: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

const DEFAULT_SCRIPT = new URL('./answer-worker-start.js', import.meta.url);

export function startAnswerWorker(options: AnswerWorkerOptions): AnswerWorker {
  const { logger } = options;
  const answerTimeoutMs = options.answerTimeoutMs ?? ANSWER_TIMEOUT_MS;
  const baseDelay = options.restartDelayMs ?? RESTART_DELAY_MS;
  const queue = new DeadlineQueue<Job>();
  let data = options.data;
  const inFlight = new Map<number, Job>();
  let nextId = 1;
  let worker: Worker | null = null;
  let answering = false;
  let closed = false;
  let everReady = false;
  let spawned = 0;
  let delay = baseDelay;
  let restartTimer: NodeJS.Timeout | undefined;
  let settleFirst: { resolve: (v: { passages: number; ms: number }) => void; reject: (e: Error) => void };
  const first = new Promise<{ passages: number; ms: number }>((resolve, reject) => {
    settleFirst = { resolve, reject };
  });
  first.catch(() => {});

  const send = (w: Worker, job: Job) => {
    inFlight.set(job.id, job);
    job.timer = setTimeout(() => {
      logger.error({ id: job.id, ms: job.timeoutMs }, 'answer worker stuck: replacing it');
      void w.terminate();
    }, job.timeoutMs);
    w.postMessage({ ...job.message, id: job.id } as ToWorker);
  };

  const pump = () => {
    while (answering && worker !== null && inFlight.size < ANSWERS_IN_FLIGHT) {
      const job = queue.pop();
      if (job === undefined) return;
      if (job.stillWanted && !job.stillWanted()) {
        job.resolve(null);
        continue;
      }
      send(worker, job);
    }
  };

  const settle = (id: number, outcome: { value: unknown } | { error: string }) => {
    const job = inFlight.get(id);
    if (!job) return;
    inFlight.delete(id);
    clearTimeout(job.timer);
    if ('error' in outcome) job.reject(new Error(`answer worker: ${outcome.error}`));
    else job.resolve(outcome.value);
  };

  const onMessage = (w: Worker, message: FromWorker) => {
    if (w !== worker) return;
    switch (message.kind) {
      case 'ready':
        if (message.dictionary !== null && data.dictionary === null) {
          data = { ...data, dictionary: message.dictionary };
          options.onDictionary?.(message.dictionary);
        }
        answering = true;
        delay = baseDelay;
        if (!everReady) {
          everReady = true;
          settleFirst.resolve({ passages: message.passages, ms: message.ms });
        } else {
          logger.info({ ms: message.ms, restarts: spawned - 1 }, 'answer worker restarted');
        }
        pump();
        return;
      case 'load_failed':
        logger.error({ err: message.error }, 'answer worker could not load the engine');
        if (!everReady) settleFirst.reject(new Error(message.error));
        return;
      case 'done':
        settle(message.id, { value: message.value });
        pump();
        return;
      case 'error':
        settle(message.id, { error: message.error });
        pump();
        return;
    }
  };

  const onExit = (w: Worker, code: number) => {
    if (w !== worker) return;
    worker = null;
    answering = false;
    const held = [...inFlight.values()];
    inFlight.clear();
    for (const job of held) {
      clearTimeout(job.timer);
      job.attempts += 1;
      if (job.attempts >= ANSWER_ATTEMPTS) {
        job.reject(new Error(`answer worker: ${job.attempts} workers exited while holding this request`));
      } else {
        queue.push(job.deadline, job);
      }
    }
    if (closed) return;
    if (!everReady) {
      settleFirst.reject(new Error(`answer worker exited (code ${code}) before its engine loaded`));
      failQueued(new Error('answer worker: the engine never loaded'));
      return;
    }
    logger.warn({ code, retried: held.length, inMs: delay }, 'answer worker exited: starting another');
    restartTimer = setTimeout(spawn, delay);
    delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
  };

  function spawn() {
    if (closed) return;
    spawned += 1;
    const early = spawned === 1 ? options.first : undefined;
    const w =
      early?.worker ??
      new Worker(options.script ?? DEFAULT_SCRIPT, {
        workerData: data,
        name: 'kotae-answers',
        ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
      });
    worker = w;
    w.on('message', (message: FromWorker) => onMessage(w, message));
    // An uncaught error or an exhausted heap: 'exit' follows and does the rest.
    const failed = (error: Error) => logger.error({ err: error.message }, 'answer worker failed');
    w.on('error', failed);
    w.on('exit', (code) => onExit(w, code));
    if (!early) return;
    w.off('error', early.hold);
    for (const error of early.errors.splice(0)) failed(error);
    // It ended before it was adopted, its 'exit' unheard: its thread id is -1 from the moment it stops.
    if (w.threadId === -1) onExit(w, 1);
    else w.postMessage({ kind: 'adopt' } satisfies ToWorker);
  }

  const failQueued = (error: Error) => {
    for (let job = queue.pop(); job !== undefined; job = queue.pop()) job.reject(error);
  };

  const enqueue = <T>(
    message: Message,
    deadline: number,
    stillWanted?: () => boolean,
    timeoutMs = answerTimeoutMs,
  ): Promise<T> => {
    if (closed) return Promise.reject(new Error('answer worker: closed'));
    if (!everReady && worker === null)
      return Promise.reject(new Error('answer worker: the engine never loaded'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        id: nextId++,
        message,
        deadline,
        stillWanted,
        timeoutMs,
        attempts: 0,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
      };
      queue.push(deadline, job);
      pump();
    });
  };

  spawn();

  return {
    ready: () => first,
    ask(request: AskRequest) {
      const message: Message = {
        kind: 'ask',
        question: request.question,
        now: request.now.getTime(),
        ...(request.municipality !== undefined ? { municipality: request.municipality } : {}),
      };
      return enqueue<Reply | null>(message, request.deadline, request.stillWanted);
    },
    // Ahead of every question: a Map lookup for a reply that is waiting for it.
    passage: (passageId) =>
      enqueue<Passage | null>({ kind: 'passage', passageId }, Number.NEGATIVE_INFINITY).then(
        (passage) => passage ?? undefined,
      ),
    reload: () =>
      enqueue<ReloadOutcome>({ kind: 'reload' }, Number.NEGATIVE_INFINITY, undefined, RELOAD_TIMEOUT_MS),
    restarts: () => Math.max(0, spawned - 1),
    waiting: () => queue.size + inFlight.size,
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(restartTimer);
      const error = new Error('answer worker: closed');
      failQueued(error);
      for (const job of inFlight.values()) {
        clearTimeout(job.timer);
        job.reject(error);
      }
      inFlight.clear();
      if (!everReady) settleFirst.reject(error);
      await worker?.terminate();
    },
  };
}
