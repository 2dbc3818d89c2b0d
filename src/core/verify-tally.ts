/**
 * What a check keeps of its findings while it streams them out: counts by kind, the first few by
 * name (for its trail entry), the recordings a repair would restore (a bounded number: beyond it the
 * advice is `repair` with no ids, which restores every damaged recording), and the ids it read as runs.
 * A lost disk is a million findings; none of this grows with them (issue 15).
 */
import type { IdRanges } from './custody-report-ranges.js';
import type { VerifyProblem, VerifyProblemKind } from './types.js';

/** Findings listed by name in the trail entry of a check; beyond them it gives counts by kind. */
export const RECORDED_PROBLEMS = 1000;
/** Recording ids named in the suggested repair command; beyond them `evidence-vault repair` alone. */
export const REPAIR_IDS_NAMED = 1000;

/** Problems repair fixes: its file is gone, changed or unreadable (a good copy), or left writable (sealed). */
const REPAIRABLE: ReadonlySet<VerifyProblemKind> = new Set(['missing', 'mismatch', 'size-changed', 'unreadable', 'unsealed']);

export class FindingTally {
  count = 0;
  readonly counts: Record<string, number> = {};
  readonly first: VerifyProblem[] = [];
  private readonly repairIds = new Set<number>();
  private repairBeyond = false;

  add(p: VerifyProblem): void {
    this.count++;
    this.counts[p.kind] = (this.counts[p.kind] ?? 0) + 1;
    if (this.first.length < RECORDED_PROBLEMS) this.first.push(p);
    if (p.recordingId === undefined || !REPAIRABLE.has(p.kind)) return;
    if (this.repairIds.size < REPAIR_IDS_NAMED) this.repairIds.add(p.recordingId);
    else if (!this.repairIds.has(p.recordingId)) this.repairBeyond = true;
  }

  /** The argv of the repair command, or null when no finding names a damaged recording. */
  repair(): string[] | null {
    if (this.repairBeyond) return ['evidence-vault', 'repair'];
    if (!this.repairIds.size) return null;
    return ['evidence-vault', 'repair', ...[...this.repairIds].sort((a, b) => a - b).map(String)];
  }
}

/** Ids as runs of consecutive numbers, built as they come in increasing order (no list of them kept). */
export class IdRunBuilder {
  readonly ranges: IdRanges = [];

  add(id: number): void {
    const last = this.ranges[this.ranges.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else if (last && id <= last[1] && id >= last[0]) return;
    else this.ranges.push([id, id]);
  }
}
