// Bounded slots for LINE API calls, handed out earliest deadline first.
import { DeadlineQueue } from './deadline-queue.ts';

/**
 * LINE calls in flight at once. Replies are I/O: by Little's law, 300 ms per call (LINE on a busy day) times
 * 400 replies/s (above the 300 events/s capacity target) is 120 in flight. Bounded so a LINE outage cannot
 * pile up sockets and memory; LINE's own limit (2,000 requests/s per channel) is far above it.
 */
export const MAX_LINE_CALLS_IN_FLIGHT = 128;

export { NO_DEADLINE } from './deadline-queue.ts';

export interface SendSlots {
  /**
   * Resolves with `release` once a slot is free. Waiters with the earliest `deadline` go first, ties in
   * arrival order: under overload the replies that can still make their window are sent before the rest.
   */
  acquire(deadline: number): Promise<() => void>;
  inFlight(): number;
  waiting(): number;
}

export function createSendSlots(limit: number = MAX_LINE_CALLS_IN_FLIGHT): SendSlots {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`createSendSlots: limit must be a positive integer, got ${limit}`);
  const waiters = new DeadlineQueue<() => void>();
  let active = 0;

  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiters.pop();
      if (next) next();
      else active -= 1;
    };
  };

  return {
    acquire(deadline) {
      if (active < limit) {
        active += 1;
        return Promise.resolve(releaser());
      }
      // The slot passes straight from the releaser to the next waiter, so `active` stays at the limit.
      return new Promise((resolve) => waiters.push(deadline, () => resolve(releaser())));
    },
    inFlight: () => active,
    waiting: () => waiters.size,
  };
}
