/**
 * Scheduled fixity (R18): each run re-reads a rotating share of the vault against the catalogue and
 * checks the audit trail. Results are stored as rows and shown by `status`; a failure is logged
 * loudly and returned, never thrown, so nothing it shares a process with (ingest) is disturbed.
 */
import { errorMessage } from '../core/errors.js';
import { filesForRun, runsDue } from '../core/fixity-plan.js';
import { describeFinding, type IntegrityFinding } from '../core/integrity-findings.js';
import type { VerifyProblem } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { FixityStore, FixityTrigger } from '../adapters/catalog/fixity-store.js';
import type { Logger } from '../adapters/logger.js';
import { idRanges } from '../core/custody-report-ranges.js';
import { fixityStatusSaid } from './fixity-status.js';
import type { Said } from '../core/errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { AuditVerifyService } from './audit-verify.js';
import type { VerifyService } from './verify.js';

export const FIXITY_JOB = 'fixity';

export interface FixitySettings {
  enabled: boolean;
  /** Every file is re-read at least once in this many days. */
  periodDays: number;
  /** Local time of the nightly run, "HH:MM". */
  at: string;
}

export interface FixityResult {
  runId: number | null;
  trigger: FixityTrigger;
  /** The recordings this run re-read, in rotation order. */
  recordingIds: number[];
  filesChecked: number;
  bytesChecked: number;
  chainOk: boolean | null;
  outcome: 'ok' | 'problems' | 'failed';
  findings: IntegrityFinding[];
  error: string | null;
}

export interface FixityDeps {
  store: FixityStore;
  verify: () => VerifyService;
  integrity: () => AuditVerifyService;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
}

export class FixityService {
  private readonly store: FixityStore;
  private readonly verify: () => VerifyService;
  private readonly integrity: () => AuditVerifyService;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly log: Logger;

  constructor(
    readonly settings: FixitySettings,
    deps: FixityDeps,
  ) {
    ({ store: this.store, verify: this.verify, integrity: this.integrity, audit: this.audit, clock: this.clock, log: this.log } = deps);
  }

  /** The unit's timezone: the nightly run is at `settings.at` there. */
  get zone(): string {
    return this.clock.zone;
  }

  /** Nightly runs missed since the last one (0 when none ran yet: the first start sets the baseline). */
  runsDue(): number {
    const last = this.store.lastRun(FIXITY_JOB);
    return last ? runsDue(new Date(last.epochMs), this.clock.now(), this.settings.at, this.clock.zone) : 0;
  }

  hasRunBefore(): boolean {
    return this.store.lastRun(FIXITY_JOB) !== undefined;
  }

  /** Start the rotation from now without checking anything yet. */
  setBaseline(): void {
    const now = this.clock.now();
    this.store.setLastRun(FIXITY_JOB, this.clock.iso(now), now.getTime(), 0);
  }

  /** Check the next share (`runs` shares for a catch-up) and the trail. Never throws. */
  async runShare(trigger: FixityTrigger, runs = 1): Promise<FixityResult> {
    const result: FixityResult = { runId: null, trigger, recordingIds: [], filesChecked: 0, bytesChecked: 0, chainOk: null, outcome: 'failed', findings: [], error: null };
    try {
      result.runId = this.store.startRun(this.nowIso(), trigger);
      const cursor = this.store.lastRun(FIXITY_JOB)?.cursor ?? 0;
      const ids = this.store.nextShare(cursor, filesForRun(this.store.recordingCount(), this.settings.periodDays, runs));
      // What the last run found is checked again until it is put right: an alarm that one night's
      // share moved past would otherwise read "ok" the next morning over a file still damaged.
      const share = new Set(ids);
      result.recordingIds = [...ids, ...this.stillOpen().filter((id) => !share.has(id))];
      if (result.recordingIds.length) {
        const onProblem = (p: VerifyProblem) => {
          result.findings.push({ check: 'files', kind: p.kind, vaultPath: p.vaultPath, recordingId: p.recordingId, detail: p.detail ?? '', expected: p.expected, found: p.found });
        };
        const report = await this.verify().verify({ filter: { ids: result.recordingIds }, findUnexpected: false, onProblem });
        result.filesChecked = report.checked;
        result.bytesChecked = report.bytes;
        // A file altered with its row's hash matches the row: the entry that stored it does not.
        result.findings.push(...(await this.integrity().rowsAgainstTrail(result.recordingIds)));
      }
      const trail = await this.integrity().checkTrail();
      result.chainOk = trail.findings.length === 0;
      result.findings.push(...trail.findings);
      result.outcome = result.findings.length ? 'problems' : 'ok';
      const now = this.clock.now();
      this.store.setLastRun(FIXITY_JOB, this.clock.iso(now), now.getTime(), ids.length ? ids[ids.length - 1]! : cursor);
    } catch (err) {
      result.error = errorMessage(err);
      result.outcome = 'failed';
    }
    this.finish(result);
    return result;
  }

  /**
   * The recordings the last finished run found something wrong with. A failed run found nothing, and
   * one killed midway finished nothing: however many of either came since, the alarm is not forgotten.
   */
  private stillOpen(): number[] {
    const ids = new Set<number>();
    for (const f of this.store.lastFinished()?.findings ?? []) if ('recordingId' in f && f.recordingId !== undefined) ids.add(f.recordingId);
    return [...ids];
  }

  private finish(r: FixityResult): void {
    try {
      if (r.runId !== null) {
        this.store.finishRun(r.runId, { finishedAt: this.nowIso(), filesChecked: r.filesChecked, bytesChecked: r.bytesChecked, chainOk: r.chainOk, outcome: r.outcome, findings: r.findings, error: r.error });
      }
      this.audit.record({
        action: 'fixity.run',
        target: 'vault',
        outcome: r.outcome === 'failed' ? 'failed' : 'ok',
        details: { runId: r.runId, trigger: r.trigger, filesChecked: r.filesChecked, checkedIds: r.filesChecked ? idRanges(r.recordingIds) : [], chainOk: r.chainOk, problems: r.findings.length, findings: r.findings.slice(0, 50), error: r.error },
      });
    } catch (err) {
      r.error ??= `cannot store the result: ${errorMessage(err)}`;
    }
    if (r.outcome === 'ok') {
      this.log.info({ runId: r.runId, trigger: r.trigger, filesChecked: r.filesChecked }, 'fixity check passed');
    } else {
      // Loud on purpose in the service's journal: the line someone must act on. `fixity run` prints
      // the same to the person who ran it, in their language, so its log keeps them for --verbose.
      const loud = r.trigger === 'manual' ? this.log.info.bind(this.log) : this.log.error.bind(this.log);
      if (r.outcome === 'problems') {
        for (const f of r.findings) loud({ runId: r.runId, finding: f }, `FIXITY ALERT: ${describeFinding(f)}`);
        loud({ runId: r.runId, problems: r.findings.length }, 'FIXITY ALERT: the vault no longer matches its catalogue or trail: run evidence-vault audit verify');
      } else {
        loud({ runId: r.runId, err: r.error }, 'FIXITY CHECK FAILED: it could not run; it will be retried at the next run');
      }
    }
  }

  /** Lines for `status`: the last run, and loudly any unresolved problems. */
  statusLines(): string[] {
    return this.statusSaid().map((s) => s.en);
  }

  /** The same lines in both languages, for the text a person reads (statusLines stays the English, for --json). */
  statusSaid(): Said[] {
    return fixityStatusSaid(this.store, this.settings);
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}
