/**
 * Quarterly archive sets (R11) as BagIt bags. A set is planned once (members and bags recorded in the
 * catalogue with its audit entry), then built bag by bag (export-build.ts); running the same command
 * again resumes. A quarter with no recordings gets no set (nothing written, no set id used, the act
 * recorded); a quarter that has not ended gets only a provisional set, on request (--before-end),
 * in a series of its own (2026Q4-provisional-1, -provisional-2 …) that never counts as the quarter's final set.
 */
import path from 'node:path';
import { bagDirName, planBags } from '../core/bagit.js';
import { markRecorded, UserError, type Said } from '../core/errors.js';
import type { Lang } from '../core/i18n/messages.js';
import { exportSaid as said } from '../core/i18n/export-said.js';
import { parseQuarter, quarterDates, quarterId, setIdFor, type Quarter } from '../core/quarter.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ExportSet, ExportStore } from '../adapters/catalog/export-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import { formatBytes, type Progress } from '../core/progress.js';
import type { AuditTrail } from './audit-trail.js';
import { BagFiles } from './export-bag-files.js';
import { SetBuilder } from './export-build.js';
import type { TableSources } from './export-tables.js';
import type { ExportOutcome } from './export-receipt.js';
import { NO_GRANT_USED, type GrantCheck } from './access-gate.js';
import { exportReminderLine } from './export-reminder.js';

export interface ExportSettings {
  vaultRoot: string;
  organization: string;
  /** The vault and catalogue folders: a set is never written into (or around) them. */
  protectedPaths: ProtectedPaths;
  /** The vault's language: the notes written into each bag's bag-info.txt (Chinese unless configured). */
  language?: Lang;
}

export interface ExportRequest {
  quarter: string;
  outDir: string;
  maxBagSize?: number;
  /** Make a provisional set of a quarter that has not ended yet; without it such a quarter is refused. */
  beforeEnd?: boolean;
  progressFor?: (label: string) => Progress;
  signal?: AbortSignal;
  /** Called once per file copied (tests and the daemon watch progress through it). */
  onFileCopied?: (vaultPath: string) => void;
}

export type { BagReceipt, ExportOutcome, ExportReceipt } from './export-receipt.js';

/** The set id: 2026Q3, 2026Q3-S1 … in the final series; 2026Q3-provisional-1, 2026Q3-provisional-2 … in the provisional one. */
export function exportSetId(q: Quarter, provisional: boolean, supplement: number): string {
  return provisional ? `${quarterId(q)}-provisional-${supplement + 1}` : setIdFor(q, supplement);
}


/** Room for folders, tag files and manifests beside the payload; generous, since running out half-way costs more. */
const overheadFor = (files: number) => 1024 * 1024 + files * 16 * 1024;

export interface ExportDeps {
  /** Where outputs of an act done in `role` get their mode and group. */
  outputsFor: (role: string | null) => OutputFiles;
  /** Free space on the disk holding a folder. */
  freeSpace: (dir: string) => { bytes: number; checkedAt: string };
  /** A bag's folder read back for its own verification, links not followed. */
  bagDisk: BagDisk;
  store: ExportStore;
  sources: TableSources;
  workers: FileWorkers;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
  /** This process as the holder of a set it builds, and whether another holder is still running. */
  runner: { token: string; alive: (token: string) => boolean };
  /** R13, R14: classified footage goes into a set only under a live grant for purpose archive. */
  grants?: GrantCheck;
  /** Let one account read published folders (by ACL), the rest of its group nothing: a set of secret footage. */
  readableBy?: (paths: readonly string[], osUser: string) => Promise<void>;
  /** Refuse a person readableBy could not serve (no account on this PC), or a folder it could not (FAT), before anything is written. */
  requireAccount?: (osUser: string, dir: string) => Promise<void>;
}

export class ExportService {
  private readonly outputsFor: (role: string | null) => OutputFiles;
  private readonly readableBy: ExportDeps['readableBy'];
  private readonly requireAccount: ExportDeps['requireAccount'];
  private readonly freeSpace: (dir: string) => { bytes: number; checkedAt: string };
  private readonly bagDisk: BagDisk;
  private readonly store: ExportStore;
  private readonly sources: TableSources;
  private readonly workers: FileWorkers;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly log: Logger;
  private readonly runner: ExportDeps['runner'];
  private readonly builder: SetBuilder;
  private readonly grants: GrantCheck | undefined;

  constructor(
    private readonly settings: ExportSettings,
    deps: ExportDeps,
  ) {
    ({ outputsFor: this.outputsFor, freeSpace: this.freeSpace, bagDisk: this.bagDisk, store: this.store, sources: this.sources, workers: this.workers, audit: this.audit, clock: this.clock, log: this.log, runner: this.runner, readableBy: this.readableBy, requireAccount: this.requireAccount } = deps);
    this.grants = deps.grants;
    this.builder = new SetBuilder({
      store: this.store,
      workers: this.workers,
      bagDisk: this.bagDisk,
      audit: this.audit,
      clock: this.clock,
      checkSpace: (...a) => this.checkSpace(...a),
      refuse: (target, message, hint, details) => this.refuse(target, message, hint, details),
    });
  }

  /** Whether this catalogue made the set: a set from another vault has no head to compare here. */
  madeHere(setId: string): boolean {
    return this.store.bags(setId).length > 0;
  }

  /**
   * The daemon's reminder line, or null: the previous quarter has footage in no finished final set.
   * A provisional set never counts; the line names it so no one takes it for the quarter's set.
   */
  reminder(now = this.clock.now()): string | null {
    return exportReminderLine(this.store, this.clock, now);
  }

  async exportQuarter(req: ExportRequest): Promise<ExportOutcome> {
    const q = parseQuarter(req.quarter);
    if (!q) throw new UserError(...said.notAQuarter(req.quarter));
    const id = quarterId(q);
    return this.audit.act({ action: 'export', target: id, details: { outDir: req.outDir, beforeEnd: req.beforeEnd === true } }, async () => {
      const outDir = this.outputPlace(id, req.outDir);
      return await this.run(q, id, outDir, req);
    });
  }

  /** `--out`, resolved once: never the vault's own folders, and on an installed PC nowhere a person could swap. */
  private outputPlace(id: string, outDir: string): string {
    const place = this.settings.protectedPaths.output(outDir);
    if (place.ok) return place.real;
    this.refuse(id, ...said.unsafeOut(outDir, place.problemSaid), { outDir, problem: place.problem }, 77);
  }

  private refuse(target: string, message: Said, hint: Said, details: Record<string, unknown>, exitCode?: number): never {
    this.audit.refuse({ action: 'export', target, details }, message, hint, exitCode);
  }

  private async run(q: Quarter, id: string, outDir: string, req: ExportRequest): Promise<ExportOutcome> {
    const provisional = this.provisional(id, q, outDir, req.beforeEnd === true);
    const { from, until } = quarterDates(q);
    const sets = this.store.setsOf(id, provisional);
    let set = sets.find((s) => s.status === 'building');
    const resumed = set !== undefined;
    if (!set) {
      const members = this.store.unexported(id, provisional, from, until);
      if (members.length === 0 && sets.length > 0) return { kind: 'up-to-date', quarter: id, provisional, sets: sets.map((s) => s.id) };
      if (members.length === 0) {
        // Nothing to archive: no bag, no receipt, no set id (the next real set of the quarter gets it).
        this.audit.record({ action: 'export', target: id, details: { event: 'empty', quarter: id, provisional, recordings: 0, outDir } });
        return { kind: 'empty', quarter: id, provisional };
      }
      set = this.plan(q, id, provisional, sets.length, members, outDir, req.maxBagSize);
    } else {
      this.claim(set, outDir);
      if (req.maxBagSize !== undefined && req.maxBagSize !== set.maxBagSize) {
        this.log.warn({ set: set.id, planned: set.maxBagSize }, 'the set was planned with another --max-bag-size; keeping its plan');
      }
    }
    try {
      // Checked on every run, a resumed set's too: its grant may have ended, its footage been
      // classified, or another person be resuming it (R14); a new set's plan() checked it before the set
      // was planned, and its use is recorded here, once nothing more refuses the run.
      const ids = this.memberIds(set);
      const grant = this.grants ? this.grants.require('archive', ids, { action: 'export', target: set.id, details: { outDir, ...(resumed ? { resumed: true } : {}) } }) : NO_GRANT_USED;
      const { secret } = grant;
      // What the set writes is readable by the service user and the group of the role it is made in, no
      // one else; a set of secret footage by the archivist's own account alone (by ACL, once written),
      // who must have one before anything is written.
      if (secret) await this.requireAccount?.(this.audit.who.operator, outDir);
      grant.recordUse();
      const files = new BagFiles(this.settings, this.sources, this.workers, this.outputsFor(secret ? null : this.audit.who.role), this.clock, this.log);
      const receipt = await this.builder.build(q, set, outDir, req, files);
      if (secret) await this.readableBy?.(receipt.bags.map((b) => path.resolve(outDir, b.dir)), this.audit.who.operator);
      return { kind: 'exported', receipt };
    } finally {
      try {
        this.store.release(set.id, this.runner.token);
      } catch (err) {
        this.log.warn({ set: set.id, err: String(err) }, 'could not let go of the set; it is free again once this process ends');
      }
    }
  }

  /** Two exports of one quarter at once would write into the same bag: the second is refused while the first runs. */
  private claim(set: ExportSet, outDir: string): void {
    const holder = this.store.claim(set.id, this.runner.token, this.runner.alive);
    if (holder !== null) this.refuse(set.id, said.busy(set.id, holder), said.busyHint, { outDir, heldBy: holder });
  }

  /**
   * Whether this run makes a provisional set: a quarter not begun is refused; one not ended only with
   * --before-end (then provisional); --before-end on an ended quarter is refused, as it asks for a
   * provisional set where the final one is due.
   */
  private provisional(id: string, q: Quarter, outDir: string, beforeEnd: boolean): boolean {
    const { from, until } = quarterDates(q);
    const today = this.clock.today();
    const when = { today, zone: this.clock.zone };
    if (from > today) this.refuse(id, ...said.notBegun(id, when), { outDir });
    const ended = today >= until;
    if (!ended && !beforeEnd) {
      this.refuse(
        id,
        ...said.notEnded(id, until, when),
        { outDir, finalExportFrom: until },
      );
    }
    if (ended && beforeEnd) {
      // A provisional set interrupted before the end is not finished now: the final set supersedes it.
      const left = this.store.setsOf(id, true).filter((s) => s.status === 'building').map((s) => s.id);
      this.refuse(id, ...said.endedBeforeEnd(id, until, left), { outDir, beforeEnd, unfinishedProvisional: left });
    }
    return !ended;
  }

  private memberIds(set: ExportSet): number[] {
    return Array.from({ length: set.bagCount }, (_, i) => this.store.members(set.id, i + 1).map((r) => r.id)).flat();
  }

  /** Choose the members and bags, check the first bag fits, and record the plan with its audit entry. */
  private plan(q: Quarter, id: string, provisional: boolean, supplement: number, members: Recording[], outDir: string, maxBagSize?: number): ExportSet {
    const setId = exportSetId(q, provisional, supplement);
    const plan = planBags(members, maxBagSize);
    if (!plan.ok) {
      this.refuse(setId, ...said.tooLarge(plan.tooLarge.vaultPath, formatBytes(plan.tooLarge.size), formatBytes(maxBagSize!)), { outDir, maxBagSize });
    }
    // Refused before a set is planned; its use is recorded by run(), as the set is written.
    this.grants?.require('archive', members.map((m) => m.id), { action: 'export', target: setId, details: { outDir } });
    const first = plan.bags[0]!;
    this.checkSpace(setId, outDir, first, plan.bags.length, 1, 0);
    const set: ExportSet = {
      id: setId,
      quarter: id,
      provisional,
      supplement,
      bagCount: plan.bags.length,
      maxBagSize: maxBagSize ?? null,
      status: 'building',
      startedAt: this.clock.nowIso(),
      finishedAt: null,
    };
    const bytes = members.reduce((n, r) => n + r.size, 0);
    this.audit.run(
      { action: 'export', target: setId, details: { event: 'planned', quarter: id, provisional, ...(provisional ? { finalExportFrom: quarterDates(q).until } : {}), supplement, files: members.length, bytes, bags: plan.bags.length, maxBagSize: maxBagSize ?? null, outDir } },
      () => {
        // Another run planned the set since this one looked: it is building it now. Thrown as a refusal
        // that audit.run records once the transaction is rolled back (refuse() here would write the
        // audit file an entry the rollback then takes away).
        const now = this.store.setsOf(id, provisional);
        if (now.length !== supplement) throw markRecorded(new UserError(said.busy(now[supplement]?.id ?? setId, 'another process'), said.busyHint));
        this.store.create({ set, bags: plan.bags.map((b, i) => ({ dirName: bagDirName(setId, i + 1, plan.bags.length), recordings: b })) }, this.runner.token);
      },
    );
    return set;
  }

  private checkSpace(setId: string, outDir: string, members: readonly Recording[], of: number, bag: number, alreadyBytes: number): void {
    const payload = members.reduce((n, r) => n + r.size, 0) - alreadyBytes;
    const needed = payload + overheadFor(members.length);
    const free = this.freeSpace(outDir);
    if (free.bytes < needed) {
      const amounts = { needed: `${formatBytes(needed)}`, neededBytes: needed, free: formatBytes(free.bytes), freeBytes: free.bytes, at: free.checkedAt };
      this.refuse(
        setId,
        ...said.noSpace(setId, bag, of, amounts),
        { outDir, neededBytes: needed, freeBytes: free.bytes, bag, of },
      );
    }
  }
}
