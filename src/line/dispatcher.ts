// Drains the durable inbox with bounded concurrency, oldest (earliest reply deadline) first;
// each claimed event ends with one recorded outcome.
import type { Logger } from '../log.ts';
import type { InboxEvent, InboxResult, Store } from '../store/types.ts';
import { MAX_LINE_CALLS_IN_FLIGHT } from './send-slots.ts';

/**
 * Events in hand at once. Twice the LINE calls in flight (send-slots.ts): while those wait on LINE, the
 * next answers are computed and queue for a slot, so a slow LINE API never idles the engine. The engine
 * runs one answer at a time on this thread anyway, so this bounds memory, not CPU.
 */
export const DEFAULT_CONCURRENCY = 2 * MAX_LINE_CALLS_IN_FLIGHT;

export interface InboxProcessorDeps<R extends InboxResult> {
  store: Store;
  /** Fields of the result beyond the outcome go to the event's log line, so they must hold no raw id. */
  handle: (event: InboxEvent) => Promise<R>;
  clock: () => number;
  logger: Logger;
  concurrency?: number;
}

export interface InboxProcessor {
  /** Recovers events interrupted by a crash, then processes everything pending. */
  start(): Promise<void>;
  /** Wakes the processor after new events were stored. */
  notify(): void;
  /** Resolves when nothing is pending or in flight (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops claiming; waits for in-flight events up to `deadlineMs`. True if all finished. */
  stop(deadlineMs: number): Promise<boolean>;
  inFlight(): number;
}

export function createInboxProcessor<R extends InboxResult>(deps: InboxProcessorDeps<R>): InboxProcessor {
  const concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  let running = false;
  let stopped = false;
  let pumping = false;
  let again = false;
  let active = 0;
  let idleWaiters: (() => void)[] = [];

  const settleIdle = () => {
    if (active > 0 || pumping) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  async function process(event: InboxEvent): Promise<void> {
    const started = deps.clock();
    let result: InboxResult;
    try {
      result = await deps.handle(event);
    } catch (error) {
      deps.logger.error(
        { eventId: event.eventId, err: error instanceof Error ? error.message : String(error) },
        'event handler threw',
      );
      result = { outcome: 'failed', delivery: 'none', detail: 'handler_error' };
    }
    const { outcome, delivery, detail, ...extra } = result;
    try {
      await deps.store.inbox.complete(event.eventId, { outcome, delivery, detail }, deps.clock());
    } catch (error) {
      // Left in processing: the next start's recovery settles it.
      deps.logger.error({ eventId: event.eventId, err: String(error) }, 'outcome not recorded');
    }
    deps.logger.info(
      {
        eventId: event.eventId,
        eventType: event.eventType,
        userHash: event.userHash,
        redelivery: event.isRedelivery,
        outcome,
        delivery,
        detail,
        ...extra,
        ageMs: started - event.eventTimestamp,
        ms: deps.clock() - started,
      },
      'line event',
    );
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (running && active < concurrency) {
          const batch = await deps.store.inbox.claim(concurrency - active, deps.clock());
          if (batch.length === 0) break;
          for (const event of batch) {
            active += 1;
            void process(event).finally(() => {
              active -= 1;
              void pump();
            });
          }
        }
      } while (again && running);
    } catch (error) {
      deps.logger.error({ err: String(error) }, 'inbox claim failed');
    } finally {
      pumping = false;
      settleIdle();
    }
  }

  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      idleWaiters.push(resolve);
      settleIdle();
    });

  return {
    async start() {
      const recovered = await deps.store.inbox.recoverInterrupted(deps.clock());
      if (recovered.requeued + recovered.failed > 0)
        deps.logger.warn(recovered, 'inbox recovered after restart');
      // Stopped while the recovery ran: the store may be closing.
      if (stopped) return;
      running = true;
      await pump();
    },
    notify() {
      if (running) void pump();
    },
    idle,
    async stop(deadlineMs) {
      running = false;
      stopped = true;
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        idle().then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), deadlineMs);
        }),
      ]);
      clearTimeout(timer);
      return finished;
    },
    inFlight: () => active,
  };
}
