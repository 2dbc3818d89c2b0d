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
