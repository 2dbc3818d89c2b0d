/**
 * Fixity: re-hash stored files against the catalogue and walk the tree for files nothing catalogued.
 * Findings are values, streamed to the caller as they are confirmed; the command exits non-zero at the end.
 */
import path from 'node:path';
import { errorCode, errorMessage } from '../core/errors.js';
import type { VerifyProblem } from '../core/types.js';
import { FOOTAGE_ROOT, resolveInVault } from '../core/vault-layout.js';
import { isCaseViewPath } from '../core/case-view.js';
import type { CheckRow, RecordingFilter, RecordingStore } from '../adapters/catalog/recording-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import { fileProgress, type Progress } from '../core/progress.js';
import { FindingTally, IdRunBuilder } from '../core/verify-tally.js';
import type { AuditTrail } from './audit-trail.js';
import type { IdRanges } from '../core/custody-report-ranges.js';

interface Checked {
  problem: VerifyProblem | null;
  bytes: number;
}

function missing(item: CheckRow): VerifyProblem {
  return { vaultPath: item.vaultPath, kind: 'missing', recordingId: item.id, detail: 'catalogued file is gone' };
}

export interface VerifyReport {
  checked: number;
  ok: boolean;
  bytes: number;
  /** How many findings were reported (each went to `onProblem` as it was found). */
  problemCount: number;
  /** Findings by kind. */
  problemCounts: Record<string, number>;
  /** The first findings (at most RECORDED_PROBLEMS), in the order found: what the trail entry names. */
  firstProblems: VerifyProblem[];
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

/** Hears each finding once it is confirmed, as the check goes: nothing holds the whole list. */
export type ProblemSink = (p: VerifyProblem) => void | Promise<void>;

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

/** The file-system look-ups a check makes itself: a folder's entries, and whether anything is at a path. */
export interface VerifyFiles {
  /** The entries of a folder, links not followed (a link is an entry, not a folder). */
  readFolder(dir: string): Promise<{ name: string; isDirectory(): boolean }[]>;
  /** True only when nothing is at the path (lstat: ENOENT); the worker reading it says anything else. */
  isAbsent(absPath: string): boolean;
  /** A regular file that can be written (a stored file is sealed read-only). */
  isWritable(absPath: string): boolean;
}

export interface VerifyRequest {
  filter?: RecordingFilter;
  /** Also look for files in the tree that nothing catalogued (only meaningful over the whole vault). */
  findUnexpected: boolean;
  progress?: Progress;
  /** Extra folder names (relative to the footage root's day folders) that are derived views, not footage. */
  isDerivedPath?: (relPath: string) => boolean;
  /** Each confirmed finding, as found: catalogued files in id order, then files nothing catalogued. */
  onProblem?: ProblemSink;
}

/** Rows read from the catalogue at a time; rows checked without a wait between yields to the event loop. */
const PAGE = 2000;
const YIELD_EVERY = 512;

export class VerifyService {
  constructor(
    private readonly vaultRoot: string,
    private readonly recordings: RecordingStore,
    private readonly workers: FileWorkers,
    private readonly audit: AuditTrail,
    private readonly files: VerifyFiles,
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
        problems: report.firstProblems.map((p) => ({ vaultPath: p.vaultPath, kind: p.kind })),
        ...(report.problemCount > report.firstProblems.length ? { problemsNotListed: report.problemCount - report.firstProblems.length } : {}),
        problemCounts: report.problemCounts,
        checkedIds: report.checkedIds,
        ...(report.interrupted.length ? { interruptedCopies: report.interrupted } : {}),
      },
    });
    return report;
  }

  /**
   * The check. Catalogued files are read page by page in id order, and each finding is re-checked
   * against the catalogue right away and handed to `onProblem`: memory stays flat however many
   * files are gone. Work in flight while the check read (a copy linked but not yet committed, a
   * recording disposed of or moved since its row was read) is not a finding.
   */
  async verify(req: VerifyRequest): Promise<VerifyReport> {
    const started = Date.now();
    const tally = new FindingTally();
    const checkedIds = new IdRunBuilder();
    const emit = async (p: VerifyProblem) => {
      tally.add(p);
      await req.onProblem?.(p);
    };
    const filter: RecordingFilter = { ...req.filter, live: true }; // a disposed recording's tombstone stands in for its file
    const totals = this.recordings.checkTotals(filter);
    req.progress?.start(totals.files, totals.bytes);
    const rows = this.rows(filter, totals.maxId);
    let checked = 0;
    let bytes = 0;
    let sinceYield = 0;
    const lane = async () => {
      for (let r = rows.next(); !r.done; r = rows.next()) {
        const item = r.value;
        checked++;
        checkedIds.add(item.id);
        const fp = fileProgress(req.progress, item.size);
        const abs = resolveInVault(this.vaultRoot, item.vaultPath);
        let result: Checked;
        if (this.files.isAbsent(abs)) {
          result = { bytes: 0, problem: missing(item) };
          // Nothing waited on: let timers, the progress bar and a daemon's other work run now and then.
          if (++sinceYield >= YIELD_EVERY) {
            sinceYield = 0;
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        } else {
          result = await this.check(item, fp.onBytes);
        }
        bytes += result.bytes;
        fp.done();
        const confirmed = result.problem && (await this.recheck(result.problem));
        if (confirmed) await emit(confirmed);
      }
    };
    try {
      // Twice as many lanes as workers keeps each worker fed while the other's reply is handled.
      await Promise.all(Array.from({ length: this.workers.size * 2 }, lane));
    } finally {
      req.progress?.stop();
    }
    const interrupted: InterruptedCopy[] = [];
    if (req.findUnexpected) {
      const deadline = Date.now() + this.inFlight.waitMs;
      for await (const { rel, unreadable } of this.walkFootage()) {
        if (unreadable !== undefined) {
          await emit({ vaultPath: rel, kind: 'unreadable', detail: `a folder the check could not read: ${unreadable}` });
          continue;
        }
        if (isCaseViewPath(rel) || req.isDerivedPath?.(rel) || this.recordings.hasVaultPath(rel)) continue;
        const found = await this.recheckUnexpected(rel, deadline);
        if (!found) continue;
        // A killed ingest's placed copy is on record as its placement claim: named apart, not as tampering.
        const left = this.copies.leftBehind(rel);
        if (left) interrupted.push(left);
        else await emit(found);
      }
    }
    return {
      checked,
      ok: tally.count === 0,
      bytes,
      problemCount: tally.count,
      problemCounts: tally.counts,
      firstProblems: tally.first,
      seconds: (Date.now() - started) / 1000,
      repair: tally.repair(),
      notRecorded: null,
      interrupted,
      checkedIds: checkedIds.ranges,
    };
  }

  /** The rows to check, a page at a time (each page read in one statement: nothing iterates across awaits). */
  private *rows(filter: RecordingFilter, maxId: number): Generator<CheckRow> {
    let after = 0;
    for (;;) {
      const page = this.recordings.checkPage(filter, after, maxId, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      after = page[page.length - 1]!.id;
    }
  }

  /** One stored file against its catalogue row: the problem, if any, and the bytes read. */
  private async check(item: CheckRow, onBytes?: (n: number) => void): Promise<Checked> {
    const abs = resolveInVault(this.vaultRoot, item.vaultPath);
    try {
      const got = await this.workers.hashFromDisk(abs, onBytes);
      if (got.size !== item.size) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'size-changed', recordingId: item.id, detail: `catalogue says ${item.size} bytes, file has ${got.size}` } };
      }
      if (got.sha256 !== item.sha256) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'mismatch', recordingId: item.id, detail: `SHA-256 is ${got.sha256}, catalogue says ${item.sha256}` } };
      }
      // The right bytes, not sealed: a restore or an ingest cut between its link and its seal, or a chmod.
      if (this.files.isWritable(abs)) return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'unsealed', recordingId: item.id, detail: 'the right bytes, but the file can be written; repair makes it read-only' } };
      return { bytes: got.size, problem: null };
    } catch (err) {
      const code = errorCode(err);
      const problem: VerifyProblem = code === 'ENOENT' ? missing(item) : { vaultPath: item.vaultPath, kind: 'unreadable', recordingId: item.id, detail: errorMessage(err) };
      return { bytes: 0, problem };
    }
  }

  /**
   * A finding about a catalogued file, against the catalogue as it is now: a recording disposed of
   * since its row was read is not missing; one moved since (re-attributed) is checked where it is now.
   */
  private async recheck(p: VerifyProblem): Promise<VerifyProblem | null> {
    if (p.recordingId === undefined) return p;
    const now = this.recordings.liveCheckRow(p.recordingId);
    if (!now) return null; // disposed (tombstoned) since the row was read: the sweep tombstones, then removes
    if (now.vaultPath === p.vaultPath) return p;
    return (await this.check(now)).problem;
  }

  /**
   * A file in the tree no row names. In flight first: a copy's temp name is removed only after its
   * row is committed, so a file no longer being placed is either catalogued now or truly unexpected.
   * A copy still being placed is waited for (its read-back and commit take seconds); one that never
   * lands (a temp name that stays) is named all the same once the wait is over.
   */
  private async recheckUnexpected(rel: string, deadline: number): Promise<VerifyProblem | null> {
    const p: VerifyProblem = { vaultPath: rel, kind: 'unexpected', detail: 'in the vault but not in the catalogue' };
    const placing = await this.waitWhilePlaced(resolveInVault(this.vaultRoot, rel), deadline);
    if (placing) return { ...p, detail: `${p.detail}; a running process has held it as a copy in flight for over ${Math.round(this.inFlight.waitMs / 1000)} s` };
    return this.recordings.hasVaultPath(rel) ? null : p;
  }

  /** True when the file is still being placed at the deadline. */
  private async waitWhilePlaced(abs: string, deadline: number): Promise<boolean> {
    while (await this.copies.beingPlaced(abs)) {
      if (Date.now() >= deadline) return true;
      await new Promise((resolve) => setTimeout(resolve, this.inFlight.pollMs));
    }
    return false;
  }

  /**
   * Every non-folder entry under the footage root, relative to the vault root. A folder that cannot
   * be read (a name too long, an I/O error) is a finding, not the end of the check: what was found
   * before it would be lost with it. One gone since it was listed holds nothing to check.
   */
  private async *walkFootage(): AsyncGenerator<{ rel: string; unreadable?: string }> {
    const stack: string[] = [FOOTAGE_ROOT];
    while (stack.length) {
      const rel = stack.pop()!;
      let entries;
      try {
        entries = await this.files.readFolder(path.join(this.vaultRoot, rel));
      } catch (err) {
        if (errorCode(err) === 'ENOENT') continue;
        yield { rel, unreadable: errorMessage(err) };
        continue;
      }
      for (const e of entries) {
        const child = `${rel}/${e.name}`;
        if (e.isDirectory()) stack.push(child);
        else yield { rel: child };
      }
    }
  }
}
