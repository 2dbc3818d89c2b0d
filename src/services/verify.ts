/**
 * Fixity: re-hash stored files against the catalogue and walk the tree for files nothing catalogued.
 * Findings are values, collected and reported together; the command exits non-zero at the end.
 */
import path from 'node:path';
import { errorCode, errorMessage } from '../core/errors.js';
import type { VerifyProblem } from '../core/types.js';
import { FOOTAGE_ROOT, resolveInVault } from '../core/vault-layout.js';
import { isCaseViewPath } from '../core/case-view.js';
import type { RecordingFilter, RecordingStore } from '../adapters/catalog/recording-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import { fileProgress, type Progress } from '../core/progress.js';
import { repairCommand } from '../core/repair-suggestion.js';
import type { AuditTrail } from './audit-trail.js';
import { idRanges, type IdRanges } from '../core/custody-report-ranges.js';

export interface VerifyReport {
  checked: number;
  ok: boolean;
  bytes: number;
  problems: VerifyProblem[];
  seconds: number;
  /** `evidence-vault repair ID…` for the damaged or missing recordings found, else null. */
  repair: string[] | null;
  /** Why the check itself is not on the record (a full disk), else null. */
  notRecorded: string | null;
  /** Uncatalogued copies an ingest that was killed had placed: not tampering; its source's next ingest adopts them. */
  interrupted: InterruptedCopy[];
  /** The recordings re-hashed, as runs of ids (the chain of custody reads them from the trail). */
  checkedIds: IdRanges;
}

/** Findings listed by name in the trail entry of a check; beyond them it gives counts by kind. */
const RECORDED_PROBLEMS = 1000;

function countByKind(problems: readonly VerifyProblem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const p of problems) counts[p.kind] = (counts[p.kind] ?? 0) + 1;
  return counts;
}

export interface InterruptedCopy {
  vaultPath: string;
  sessionId: number;
  sourceRoot: string;
}

/** What a check asks about a file in the vault that has no catalogue row. */
export interface CopiesInFlight {
  /** A copy a live ingest is still placing (linked, not yet committed). */
  beingPlaced(absPath: string): Promise<boolean>;
  /** A copy whose ingest died between placing it and committing its row (its placement claim is stale). */
  leftBehind(vaultPath: string): InterruptedCopy | null;
}

interface Item {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
}

export interface VerifyRequest {
  filter?: RecordingFilter;
  /** Also look for files in the tree that nothing catalogued (only meaningful over the whole vault). */
  findUnexpected: boolean;
  progress?: Progress;
  /** Extra folder names (relative to the footage root's day folders) that are derived views, not footage. */
  isDerivedPath?: (relPath: string) => boolean;
}

export class VerifyService {
  constructor(
    private readonly vaultRoot: string,
    private readonly recordings: RecordingStore,
    private readonly workers: FileWorkers,
    private readonly audit: AuditTrail,
    /** The entries of a folder, links not followed (a link is an entry, not a folder). */
    private readonly readFolder: (dir: string) => Promise<{ name: string; isDirectory(): boolean }[]>,
    /** Uncatalogued files that are work in flight or an interrupted run's copy, not findings. */
    private readonly copies: CopiesInFlight,
    /** How long a check waits for copies in flight to be committed before naming them anyway. */
    private readonly inFlight: { waitMs: number; pollMs: number } = { waitMs: 10 * 60_000, pollMs: 200 },
  ) {}

  /** `evidence-vault verify`: the check, and its findings on the record. */
  async verifyOnRecord(req: VerifyRequest & { target: string }): Promise<VerifyReport> {
    const report = await this.verify(req);
    report.notRecorded = this.audit.recordCheck({
      action: 'verify',
      target: req.target,
      details: {
        checked: report.checked,
        bytes: report.bytes,
        // Bounded: a lost disk is a million findings, which the entry counts and the report lists.
        problems: report.problems.slice(0, RECORDED_PROBLEMS).map((p) => ({ vaultPath: p.vaultPath, kind: p.kind })),
        ...(report.problems.length > RECORDED_PROBLEMS ? { problemsNotListed: report.problems.length - RECORDED_PROBLEMS } : {}),
        problemCounts: countByKind(report.problems),
        checkedIds: report.checkedIds,
        ...(report.interrupted.length ? { interruptedCopies: report.interrupted } : {}),
      },
    });
    return report;
  }

  async verify(req: VerifyRequest): Promise<VerifyReport> {
    const started = Date.now();
    const problems: VerifyProblem[] = [];
    // Totals first so the bar knows its length; rows stream, so memory holds only the id list.
    const items: Item[] = [];
    let total = 0;
    // A disposed recording is not missing: its tombstone (hash, size, approver) stands in for the file.
    for (const r of this.recordings.iterate({ ...req.filter, live: true })) {
      items.push({ id: r.id, vaultPath: r.vaultPath, sha256: r.sha256, size: r.size });
      total += r.size;
    }
    req.progress?.start(items.length, total);
    let next = 0;
    let bytes = 0;
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const fp = fileProgress(req.progress, item.size);
        const checked = await this.check(item, fp.onBytes);
        bytes += checked.bytes;
        if (checked.problem) problems.push(checked.problem);
        fp.done();
      }
    };
    try {
      // Twice as many lanes as workers keeps each worker fed while the other's reply is handled.
      await Promise.all(Array.from({ length: this.workers.size * 2 }, lane));
    } finally {
      req.progress?.stop();
    }
    if (req.findUnexpected) {
      for await (const rel of this.walkFootage()) {
        if (isCaseViewPath(rel) || req.isDerivedPath?.(rel)) continue;
        if (!this.recordings.hasVaultPath(rel)) problems.push({ vaultPath: rel, kind: 'unexpected', detail: 'in the vault but not in the catalogue' });
      }
    }
    const rechecked = await this.recheck(problems);
    problems.length = 0; // a lost disk is a million of them: keep one list, not three
    // A killed ingest's placed copy is on record as its placement claim: named apart, not as tampering.
    const interrupted: InterruptedCopy[] = [];
    const confirmed = rechecked.filter((p) => {
      const left = p.kind === 'unexpected' ? this.copies.leftBehind(p.vaultPath) : null;
      if (left) interrupted.push(left);
      return !left;
    });
    confirmed.sort((a, b) => (a.vaultPath < b.vaultPath ? -1 : a.vaultPath > b.vaultPath ? 1 : 0));
    return { checked: items.length, ok: confirmed.length === 0, bytes, problems: confirmed, seconds: (Date.now() - started) / 1000, repair: repairCommand(confirmed), notRecorded: null, interrupted, checkedIds: idRanges(items.map((i) => i.id)) };
  }

  /** One stored file against its catalogue row: the problem, if any, and the bytes read. */
  private async check(item: Item, onBytes?: (n: number) => void): Promise<{ problem: VerifyProblem | null; bytes: number }> {
    const abs = resolveInVault(this.vaultRoot, item.vaultPath);
    try {
      const got = await this.workers.hash(abs, onBytes);
      if (got.size !== item.size) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'size-changed', recordingId: item.id, detail: `catalogue says ${item.size} bytes, file has ${got.size}` } };
      }
      if (got.sha256 !== item.sha256) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'mismatch', recordingId: item.id, detail: `SHA-256 is ${got.sha256}, catalogue says ${item.sha256}` } };
      }
      return { bytes: got.size, problem: null };
    } catch (err) {
      const code = errorCode(err);
      const problem: VerifyProblem =
        code === 'ENOENT'
          ? { vaultPath: item.vaultPath, kind: 'missing', recordingId: item.id, detail: 'catalogued file is gone' }
          : { vaultPath: item.vaultPath, kind: 'unreadable', recordingId: item.id, detail: errorMessage(err) };
      return { bytes: 0, problem };
    }
  }

  /**
   * Each finding again, against the catalogue as it is now: work that was in flight while the check
   * read (a copy linked but not yet committed, a recording disposed or moved since the rows were read)
   * is not a finding. What is still wrong after that is.
   */
  private async recheck(found: VerifyProblem[]): Promise<VerifyProblem[]> {
    const confirmed: VerifyProblem[] = [];
    const deadline = Date.now() + this.inFlight.waitMs;
    for (const p of found) {
      if (p.kind === 'unexpected') {
        // In flight first: a copy's temp name is removed only after its row is committed, so a file
        // no longer being placed is either catalogued now or truly unexpected. A copy still being
        // placed is waited for (its read-back and commit take seconds); one that never lands (a temp
        // name that stays) is named all the same once the wait is over.
        const placing = await this.waitWhilePlaced(resolveInVault(this.vaultRoot, p.vaultPath), deadline);
        if (placing) confirmed.push({ ...p, detail: `${p.detail}; a running process has held it as a copy in flight for over ${Math.round(this.inFlight.waitMs / 1000)} s` });
        else if (!this.recordings.hasVaultPath(p.vaultPath)) confirmed.push(p);
        continue;
      }
      if (p.recordingId === undefined) {
        confirmed.push(p);
        continue;
      }
      const now = this.recordings.getLive(p.recordingId);
      if (!now) continue; // disposed (tombstoned) since the rows were read
      if (now.vaultPath === p.vaultPath) {
        confirmed.push(p);
        continue;
      }
      // Moved since (re-attributed): check it where it is now.
      const again = await this.check({ id: now.id, vaultPath: now.vaultPath, sha256: now.sha256, size: now.size });
      if (again.problem) confirmed.push(again.problem);
    }
    return confirmed;
  }

  /** True when the file is still being placed at the deadline. */
  private async waitWhilePlaced(abs: string, deadline: number): Promise<boolean> {
    while (await this.copies.beingPlaced(abs)) {
      if (Date.now() >= deadline) return true;
      await new Promise((resolve) => setTimeout(resolve, this.inFlight.pollMs));
    }
    return false;
  }

  /** Every non-folder entry under the footage root, relative to the vault root. */
  private async *walkFootage(): AsyncGenerator<string> {
    const stack: string[] = [FOOTAGE_ROOT];
    while (stack.length) {
      const rel = stack.pop()!;
      let entries;
      try {
        entries = await this.readFolder(path.join(this.vaultRoot, rel));
      } catch (err) {
        if (errorCode(err) === 'ENOENT' && rel === FOOTAGE_ROOT) return;
        throw err;
      }
      for (const e of entries) {
        const child = `${rel}/${e.name}`;
        if (e.isDirectory()) stack.push(child);
        else yield child;
      }
    }
  }
}
