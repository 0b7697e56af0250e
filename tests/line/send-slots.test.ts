import { describe, expect, it } from 'vitest';
import { createSendSlots, NO_DEADLINE } from '../../src/line/send-slots.ts';

describe('send slots', () => {
  it('never hands out more slots than its limit', async () => {
    const slots = createSendSlots(3);
    const releases = await Promise.all([1, 2, 3].map((d) => slots.acquire(d)));
    let granted = false;
    const fourth = slots.acquire(4).then((release) => {
      granted = true;
      return release;
    });
    await Promise.resolve();
    expect(granted).toBe(false);
    expect(slots.inFlight()).toBe(3);
    expect(slots.waiting()).toBe(1);
    releases[0]?.();
    (await fourth)();
    expect(granted).toBe(true);
    expect(slots.inFlight()).toBe(2);
  });

  it('grants waiters earliest deadline first, ties in arrival order, no deadline last', async () => {
    const slots = createSendSlots(1);
    const hold = await slots.acquire(0);
    const order: string[] = [];
    const wait = (name: string, deadline: number) =>
      slots.acquire(deadline).then((release) => {
        order.push(name);
        release();
      });
    const all = Promise.all([
      wait('push', NO_DEADLINE),
      wait('late-a', 300),
      wait('soon', 100),
      wait('late-b', 300),
      wait('middle', 200),
    ]);
    hold();
    await all;
    expect(order).toEqual(['soon', 'middle', 'late-a', 'late-b', 'push']);
    expect(slots.inFlight()).toBe(0);
  });

  it('orders a large backlog by deadline', async () => {
    const slots = createSendSlots(1);
    const hold = await slots.acquire(0);
    const deadlines = Array.from({ length: 500 }, (_, i) => (i * 7919) % 1000);
    const order: number[] = [];
    const all = Promise.all(
      deadlines.map((d) =>
        slots.acquire(d).then((release) => {
          order.push(d);
          release();
        }),
      ),
    );
    hold();
    await all;
    expect(order).toEqual([...deadlines].sort((a, b) => a - b));
  });

  it('ignores a second release of the same slot', async () => {
    const slots = createSendSlots(2);
    const release = await slots.acquire(1);
    await slots.acquire(2);
    release();
    release();
    expect(slots.inFlight()).toBe(1);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createSendSlots(0)).toThrow(/createSendSlots: limit must be a positive integer/);
  });
});
