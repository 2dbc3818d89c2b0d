/**
 * The trail entries this process inserted, kept until they reach the trail file, so the file gets them
 * from memory instead of reading back the rows just written (on an ingest of small files, a tenth of
 * a group's commit). Used only when they are provably the catalogue's entries: every seq the file
 * lacks is one of ours, they chain one to the next, and the last is the catalogue's head. An entry
 * whose transaction rolled back, or another process's entry in between, breaks that proof, and the
 * caller reads the catalogue as before.
 */
import type { AuditEntry } from './audit-chain.js';

/** More than this waiting (a process that inserts and never flushes) and memory is not spent on them. */
const MOST = 10_000;

export class RecentEntries {
  private readonly bySeq = new Map<number, AuditEntry>();

  /** An entry just inserted (its transaction may still roll back: a later entry of that seq replaces it). */
  add(e: AuditEntry): void {
    if (this.bySeq.size >= MOST) this.bySeq.clear();
    this.bySeq.set(e.seq, e);
  }

  /**
   * The entries after `fromSeq` up to the catalogue's `head`, if all are ours and chain to the head;
   * null when any is not (the caller reads them from the catalogue).
   */
  after(fromSeq: number, head: { seq: number; hash: string } | undefined): AuditEntry[] | null {
    if (!head || head.seq <= fromSeq) return [];
    const out: AuditEntry[] = [];
    for (let seq = fromSeq + 1; seq <= head.seq; seq++) {
      const e = this.bySeq.get(seq);
      if (!e || (out.length && e.prevHash !== out[out.length - 1]!.hash)) return null;
      out.push(e);
    }
    return out[out.length - 1]!.hash === head.hash ? out : null;
  }

  /** The file has every entry up to `seq`: none of those is needed again. */
  forgetThrough(seq: number): void {
    for (const s of this.bySeq.keys()) if (s <= seq) this.bySeq.delete(s);
  }
}
