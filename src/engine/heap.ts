/** A binary min-heap ordered by (dueMs, order): the timer queue of the virtual clock. */

export interface Timed {
  readonly dueMs: number;
  /** Tie-break among timers due at the same instant: lower fires first. */
  readonly order: number;
}

const before = (a: Timed, b: Timed): boolean => a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.order < b.order);

export class TimerHeap<T extends Timed> {
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent] as T;
      if (!before(item, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = item;
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const child = r < a.length && before(a[r] as T, a[l] as T) ? r : l;
      if (!before(a[child] as T, last)) break;
      a[i] = a[child] as T;
      i = child;
    }
    a[i] = last;
    return top;
  }
}
