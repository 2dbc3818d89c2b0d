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
import type { CopiesInFlight, InterruptedCopy, VerifyFiles, VerifyReport, VerifyRequest } from './verify-types.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import { fileProgress } from '../core/progress.js';
import { FindingTally, IdRunBuilder } from '../core/verify-tally.js';
import type { AuditTrail } from './audit-trail.js';
import { Turns } from './bounded-parallel.js';
import { say } from '../core/i18n/messages.js';
import { integrityMessages as words } from '../core/i18n/integrity-messages.js';

interface Checked {
  problem: VerifyProblem | null;
  bytes: number;
}

function missing(item: CheckRow): VerifyProblem {
  return { vaultPath: item.vaultPath, kind: 'missing', recordingId: item.id, detail: say('en', words.missing) };
}

export type { CopiesInFlight, InterruptedCopy, ProblemSink, VerifyFiles, VerifyReport, VerifyRequest } from './verify-types.js';

/** Rows read from the catalogue at a time; rows checked without a wait between yields to the event loop. */
const PAGE = 2000;
const YIELD_EVERY = 512;
/**
 * A file this large is hashed by a worker alone (a turn of its own, `turns`). Hashing is the worker's
 * core's work: two large files in one worker only share that core, and six files through four slots
 * ended with one worker hashing two while the other idled (2.2 s for 3 GiB, the even split 1.7 s).
 */
const ALONE_BYTES = 32 * 1024 * 1024;

export class VerifyService {
  /** One turn per worker, each its own lane: a large file's hash goes to a worker no other large one is on. */
  private readonly turns: Turns<string>;

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
  ) {
    this.turns = new Turns(Array.from({ length: workers.size }, (_, k) => `vault-${k}`));
  }

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
          await emit({ vaultPath: rel, kind: 'unreadable', detail: say('en', words.folder, { why: unreadable }) });
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
      const hash = (lane?: string) => this.workers.hashFromDisk(abs, onBytes, { lane });
      const got = item.size >= ALONE_BYTES ? await this.turns.with(hash) : await hash();
      if (got.size !== item.size) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'size-changed', recordingId: item.id, detail: say('en', words.sizeChanged, { expected: String(item.size), found: String(got.size) }), expected: item.size, found: got.size } };
      }
      if (got.sha256 !== item.sha256) {
        return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'mismatch', recordingId: item.id, detail: say('en', words.mismatch, { expected: item.sha256, found: got.sha256 }), expected: item.sha256, found: got.sha256 } };
      }
      // The right bytes, not sealed: a restore or an ingest cut between its link and its seal, or a chmod.
      if (this.files.isWritable(abs)) return { bytes: got.size, problem: { vaultPath: item.vaultPath, kind: 'unsealed', recordingId: item.id, detail: say('en', words.unsealed) } };
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
    const p: VerifyProblem = { vaultPath: rel, kind: 'unexpected', detail: say('en', words.unexpected) };
    const placing = await this.waitWhilePlaced(resolveInVault(this.vaultRoot, rel), deadline);
    const heldSeconds = Math.round(this.inFlight.waitMs / 1000);
    if (placing) return { ...p, detail: p.detail + say('en', words.held, { seconds: String(heldSeconds) }), heldSeconds };
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
