/**
 * A promise started now and awaited later: a read running ahead of the hashing, a write trailing
 * behind it. Node counts a rejection that has no handler yet as unhandled, and an unhandled rejection
 * ends the thread: a read of a later chunk failing before the earlier chunk's read was awaited
 * (a FIFO, a failing card) killed the file worker, and every job queued for it waited for ever.
 * Marked handled here, the rejection still reaches whoever awaits the promise.
 */
export function ahead<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
