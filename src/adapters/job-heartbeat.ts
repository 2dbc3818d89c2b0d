/**
 * A file job says it is alive while it waits on the vault's disk alone. The pool takes a job that says
 * nothing for 10 s for one stuck on its recorder (file-workers.ts: "not answering" on the dock screen);
 * a batch's fsyncs and read-backs, or a large copy's last fsync, can take that long on a busy vault
 * disk with no recorder involved. Only phases that read nothing from the recorder beat: a read of a
 * recorder that hangs must still fall silent.
 */
export const BEAT_MS = 2_000;

/** `work`, with `onBytes(0)` every BEAT_MS while it runs (a progress of no bytes: alive). */
export async function beating<T>(work: Promise<T>, onBytes: ((n: number) => void) | undefined, everyMs = BEAT_MS): Promise<T> {
  if (!onBytes) return work;
  const beat = setInterval(() => onBytes(0), everyMs);
  try {
    return await work;
  } finally {
    clearInterval(beat);
  }
}
