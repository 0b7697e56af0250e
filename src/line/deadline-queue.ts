// A min-heap of waiters by deadline: under overload, work that can still make its deadline goes first.

/** No deadline: after everything that has one (e.g. a late answer by push, safe to send any time). */
export const NO_DEADLINE = Number.POSITIVE_INFINITY;

interface Entry<T> {
  deadline: number;
  seq: number;
  value: T;
}

const before = <T>(a: Entry<T>, b: Entry<T>) =>
  a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);

/** Earliest deadline first, ties in arrival order; O(log n) per operation, so a backlog of thousands is cheap. */
export class DeadlineQueue<T> {
  readonly #items: Entry<T>[] = [];
  #seq = 0;

  get size(): number {
    return this.#items.length;
  }

  push(deadline: number, value: T): void {
    const items = this.#items;
    items.push({ deadline, seq: this.#seq++, value });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = items[parent] as Entry<T>;
      const c = items[i] as Entry<T>;
      if (!before(c, p)) break;
      items[parent] = c;
      items[i] = p;
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top?.value;
    items[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let first = i;
      if (l < items.length && before(items[l] as Entry<T>, items[first] as Entry<T>)) first = l;
      if (r < items.length && before(items[r] as Entry<T>, items[first] as Entry<T>)) first = r;
      if (first === i) break;
      const swap = items[i] as Entry<T>;
      items[i] = items[first] as Entry<T>;
      items[first] = swap;
      i = first;
    }
    return top.value;
  }
}
