// Answering is CPU on the thread that also acknowledges webhooks: one answer per turn of the event loop, so
// incoming webhooks and LINE's responses are handled between any two answers, however long the backlog.
import { DeadlineQueue } from './deadline-queue.ts';

export interface AnswerTurns {
  /** Resolves on a later turn of the event loop, earliest `deadline` first, one waiter per turn. */
  next(deadline: number): Promise<void>;
  waiting(): number;
}

/** `schedule` runs a callback on a later turn; setImmediate runs it after the turn's I/O. */
export function createAnswerTurns(schedule: (run: () => void) => void = setImmediate): AnswerTurns {
  const waiters = new DeadlineQueue<() => void>();
  let scheduled = false;

  const turn = () => {
    scheduled = false;
    const next = waiters.pop();
    // The waiter's answer runs in this turn's microtasks; the next one gets a turn of its own.
    next?.();
    if (waiters.size > 0) {
      scheduled = true;
      schedule(turn);
    }
  };

  return {
    next(deadline) {
      return new Promise((resolve) => {
        waiters.push(deadline, resolve);
        if (!scheduled) {
          scheduled = true;
          schedule(turn);
        }
      });
    },
    waiting: () => waiters.size,
  };
}
