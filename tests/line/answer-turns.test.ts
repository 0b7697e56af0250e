import { describe, expect, it } from 'vitest';
import { createAnswerTurns } from '../../src/line/answer-turns.ts';
import { NO_DEADLINE } from '../../src/line/deadline-queue.ts';

/** A scheduler the test runs by hand: each `turn()` is one later turn of the event loop. */
function manualSchedule() {
  const queued: (() => void)[] = [];
  return {
    schedule: (run: () => void) => {
      queued.push(run);
    },
    pending: () => queued.length,
    async turn() {
      queued.shift()?.();
      // Let the resolved waiter's continuation run, as the microtasks after a real turn would.
      await new Promise<void>((resolve) => queueMicrotask(resolve));
    },
  };
}

describe('answer turns', () => {
  it('lets one waiter run per turn, earliest deadline first, no deadline last', async () => {
    const loop = manualSchedule();
    const turns = createAnswerTurns(loop.schedule);
    const ran: string[] = [];
    const wait = (name: string, deadline: number) =>
      turns.next(deadline).then(() => {
        ran.push(name);
      });
    void wait('push', NO_DEADLINE);
    void wait('later', 300);
    void wait('soon', 100);
    void wait('middle', 200);
    expect(loop.pending()).toBe(1);
    await loop.turn();
    expect(ran).toEqual(['soon']);
    await loop.turn();
    expect(ran).toEqual(['soon', 'middle']);
    await loop.turn();
    await loop.turn();
    expect(ran).toEqual(['soon', 'middle', 'later', 'push']);
    expect(turns.waiting()).toBe(0);
    expect(loop.pending()).toBe(0);
  });

  it('schedules a new turn for a waiter that arrives after the queue emptied', async () => {
    const loop = manualSchedule();
    const turns = createAnswerTurns(loop.schedule);
    let done = 0;
    void turns.next(1).then(() => done++);
    await loop.turn();
    void turns.next(2).then(() => done++);
    expect(loop.pending()).toBe(1);
    await loop.turn();
    expect(done).toBe(2);
  });

  it('runs on setImmediate by default', async () => {
    const turns = createAnswerTurns();
    await Promise.all([turns.next(2), turns.next(1)]);
    expect(turns.waiting()).toBe(0);
  });
});
