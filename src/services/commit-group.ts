/**
 * Group commit: files placed by an ingest wait here briefly and are catalogued together, in one
 * transaction with one trail flush, instead of two catalogue fsyncs and a trail fsync each. For a
 * recorder's thousand photos those per-file flushes, not the bytes, were the cost.
 *
 * Nothing is acknowledged early: `add` resolves only after the group holding the item committed
 * (durably: the catalogue runs with synchronous=FULL), and rejects if it did not. When a group's
 * transaction fails, its items are committed one by one, so one bad item fails alone and every
 * error lands on the file it belongs to.
 */

export interface GroupLimits {
  /** Commit once this many items wait. */
  items: number;
  /** ...or once the oldest has waited this long. */
  waitMs: number;
}

interface Waiting<I, R> {
  item: I;
  resolve: (r: R) => void;
  reject: (err: unknown) => void;
}

export class CommitGroup<I, R> {
  private queue: Waiting<I, R>[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** Commits all items in one transaction, returning their results in order; throws to fail them all. */
    private readonly commitAll: (items: readonly I[]) => R[],
    /** Commits one item on its own (after its group failed). */
    private readonly commitOne: (item: I) => R,
    private readonly limits: GroupLimits,
    /**
     * Runs before the commit (the folders' fsyncs); when it throws, every item of the group fails with
     * its error. It may also return, per item, an error that fails that item alone (null: it goes on).
     */
    private readonly before?: (items: readonly I[]) => Promise<readonly unknown[] | void>,
  ) {}

  add(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.limits.items) this.commitNow();
      else this.timer ??= setTimeout(() => void this.commitNow(), this.limits.waitMs);
    });
  }

  /** Commit whatever waits now (the run is ending, or nothing more is coming soon). */
  async commitNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    let group = this.queue;
    this.queue = [];
    if (!group.length) return;
    if (this.before) {
      let failed: readonly unknown[] | void;
      try {
        failed = await this.before(group.map((w) => w.item));
      } catch (err) {
        for (const w of group) w.reject(err);
        return;
      }
      if (failed) {
        group.forEach((w, i) => failed[i] && w.reject(failed[i]));
        group = group.filter((_, i) => !failed[i]);
        if (!group.length) return;
      }
    }
    let results: R[];
    try {
      results = this.commitAll(group.map((w) => w.item));
    } catch {
      // The group's transaction rolled back as a whole: give each item its own commit and its own outcome.
      for (const w of group) {
        try {
          w.resolve(this.commitOne(w.item));
        } catch (err) {
          w.reject(err);
        }
      }
      return;
    }
    group.forEach((w, i) => w.resolve(results[i]!));
  }
}
