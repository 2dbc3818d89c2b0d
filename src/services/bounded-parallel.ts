/** Work on many items with a bound on how much is in flight: reads from the store a few dozen at a time, listings one page ahead. */

/** Runs `fn` over `items` with at most `limit` at once; results in order. */
export async function inParallel<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** The next page is asked for while the current one is worked on. */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncIterable<T> {
  const it = source[Symbol.asyncIterator]();
  let pending = it.next();
  for (;;) {
    const r = await pending;
    if (r.done) return;
    pending = it.next();
    pending.catch(() => undefined); // surfaces when awaited; not an unhandled rejection meanwhile
    yield r.value;
  }
}

/**
 * A fixed set of named turns (one per worker, say): `take` waits until one is free and hands it
 * out, `give` returns it. Work that would share a worker's core to no gain holds a turn each, so
 * that at most one such job runs per name at a time.
 */
export class Turns<T> {
  private readonly free: T[];
  private readonly waiting: (() => void)[] = [];

  constructor(names: readonly T[]) {
    this.free = [...names];
  }

  async take(): Promise<T> {
    while (!this.free.length) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.free.shift()!;
  }

  give(name: T): void {
    this.free.push(name);
    this.waiting.shift()?.();
  }

  /** `fn` holding a turn, given back however it ends. */
  async with<R>(fn: (name: T) => Promise<R>): Promise<R> {
    const name = await this.take();
    try {
      return await fn(name);
    } finally {
      this.give(name);
    }
  }
}
