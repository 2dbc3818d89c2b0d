/**
 * `report inspection` (R15): the heads' twice-yearly inspection of how recorders are used, for any
 * period, as a page (HTML with SVG charts, offline), CSV and JSON. Facts the catalogue holds today
 * are read here; the ones other parts of the vault keep (gaps, late stores, clock drift, docking
 * history, officer status, exemptions, overdue cases) come through `InspectionSources`, and a source
 * that is not there says so (未提供 / not available) instead of counting zero.
 */
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { markRecorded, UserError } from '../core/errors.js';
import { EXIT_DISK_FULL, isDiskFull } from '../core/disk-full.js';
import { buildInspection } from '../core/inspection-report.js';
import { inspectionHtml } from '../core/inspection-html.js';
import { inspectionCsv } from '../core/inspection-csv.js';
import type { Period } from '../core/inspection-period.js';
import type { DriftFact, ExemptionFact, ExplainableFact, InspectionReport, Maybe, NotDockedFact, OfficerStatusFact, OverdueCaseFact } from '../core/inspection-types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { InspectionStore } from '../adapters/catalog/inspection-store.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import type { AuditTrail } from './audit-trail.js';

/** The port to the facts other parts of the catalogue keep, per period. */
export interface InspectionSources {
  /** Gaps inside recording sessions between recordings of the period. */
  gaps(p: Period): Maybe<ExplainableFact[]>;
  /** Recordings of the period stored more than 24 hours after they ended (P25). */
  lateStores(p: Period): Maybe<ExplainableFact[]>;
  /** Recorders whose recordings of the period were flagged clock-ahead or clock-skew. */
  clockDrift(p: Period): Maybe<DriftFact[]>;
  /** Working days of the period on which an assigned recorder was not docked (R12(1)). */
  notDocked(p: Period): Maybe<NotDockedFact[]>;
  /** Each officer's status (active, transferred, left) on a date. */
  officerStatus(asOf: string): Maybe<OfficerStatusFact[]>;
  /** Enforcement acts of the period that were not recorded, with consent or reason (P14). */
  exemptions(p: Period): Maybe<ExemptionFact[]>;
  /** Cases closed more than 30 days before `asOf` whose footage is not archived (P25). */
  overdueCases(asOf: string): Maybe<OverdueCaseFact[]>;
  /** The working days of the period (weekends and configured holidays off). */
  workingDays(p: Period): Maybe<string[]>;
  /** From how many officers a staff counts as large for R3 (one recorder per 5 instead of per 3). */
  largeStaffFrom(): number;
}

export interface InspectionReportDeps {
  store: Pick<InspectionStore, 'activity' | 'docked' | 'officers' | 'devices' | 'assignments' | 'previousBefore'>;
  /** Runs the reads in one read transaction, so every count is of the same catalogue. */
  snapshot<T>(fn: () => T): T;
  sources: InspectionSources;
  audit: AuditTrail;
  clock: UnitClock;
  outputsFor(role: string | null): OutputFiles;
  publisher: OutputPublisher;
}

export interface WrittenReport {
  report: InspectionReport;
  files: { path: string; sha256: string; bytes: number }[];
}

export class InspectionReportService {
  constructor(
    private readonly settings: { unitName: string | null; protectedPaths: ProtectedPaths },
    private readonly deps: InspectionReportDeps,
  ) {}

  /** The report, read from one snapshot of the catalogue. */
  report(period: Period): InspectionReport {
    const { store, sources, clock } = this.deps;
    const today = clock.today();
    // Nothing of a period not yet begun is known: its zeros would read as a clean record.
    if (period.from > today) throw new UserError(`${period.from} has not begun / 该期间尚未开始`, 'Inspect a period that has begun, e.g. the half-year just ended.');
    const [fy, fm, fd] = period.from.split('-').map(Number) as [number, number, number];
    const [ty, tm, td] = period.to.split('-').map(Number) as [number, number, number];
    const startMs = clock.instant({ year: fy, month: fm, day: fd, hour: 0, minute: 0, second: 0 }).getTime();
    const endMs = clock.instant({ year: ty, month: tm, day: td, hour: 0, minute: 0, second: 0 }).getTime() + 86_400_000;
    return this.deps.snapshot(() =>
      buildInspection({
        period,
        startMs,
        endMs,
        generatedAt: clock.nowIso(),
        unitName: this.settings.unitName,
        auditHead: this.deps.audit.head(),
        officers: store.officers(),
        devices: store.devices(),
        assignments: store.assignments(),
        activity: store.activity(period.from, period.to),
        docked: store.docked(period.from, period.to),
        gaps: sources.gaps(period),
        late: sources.lateStores(period),
        drift: sources.clockDrift(period),
        notDocked: sources.notDocked(period),
        officerStatus: sources.officerStatus(period.to < today ? period.to : today),
        exemptions: sources.exemptions(period),
        overdueCases: sources.overdueCases(today),
        workingDays: sources.workingDays(period),
        largeStaffFrom: sources.largeStaffFrom(),
        previousInspection: store.previousBefore(period.from),
      }),
    );
  }

  /** The report written to `outDir` as inspection-<from>-<to>.html, .csv and .json; audited. */
  async write(period: Period, outDir: string): Promise<WrittenReport> {
    const target = `${period.from}..${period.to}`;
    const input = { action: 'report.inspection', target, details: { outDir } };
    return this.deps.audit.act(input, () => this.writeAudited(period, outDir, input), { userErrorsAre: 'refused' });
  }

  private async writeAudited(period: Period, outDir: string, input: { action: string; target: string; details: Record<string, unknown> }): Promise<WrittenReport> {
    const { audit, publisher } = this.deps;
    // --out is resolved once: never the vault's own folders, and on an installed PC nowhere a person could swap.
    if (period.from > this.deps.clock.today()) audit.refuse(input, `${period.from} has not begun / 该期间尚未开始`, 'Inspect a period that has begun, e.g. the half-year just ended.');
    const place = this.settings.protectedPaths.output(outDir);
    if (!place.ok) return audit.refuse(input, `--out ${outDir} ${place.problem} / 输出位置不安全`, 'Write the report where only the service account can write (see README). The attempt is recorded.', 77);
    const dir = place.real;
    const kind = await publisher.kind(dir);
    if (kind !== null && kind !== 'folder') audit.refuse(input, `--out ${outDir} is a ${kind === 'file' ? 'file' : 'special file'}, not a folder / 输出位置不是文件夹`, 'Give a folder (it is made if it is not there).');
    const base = `inspection-${period.from}-${period.to}`;
    const finals = ['html', 'csv', 'json'].map((ext) => path.join(dir, `${base}.${ext}`));
    const taken = (await Promise.all(finals.map(async (f) => ((await publisher.taken(f)) ? f : null)))).filter((f): f is string => f !== null);
    if (taken.length) {
      audit.refuse(input, `${taken.join(', ')} already there: an earlier report is never overwritten / 已有同名报告，未覆盖`, `Move it away (e.g. mv ${taken[0]} ${taken[0]}.old) or choose another --out.`);
    }
    const report = this.report(period);
    const contents = [inspectionHtml(report), inspectionCsv(report), JSON.stringify(report, null, 2) + '\n'];
    const outputs = this.deps.outputsFor(audit.who.role);
    const tag = `${publisher.pid}-${randomUUID().slice(0, 8)}`;
    const temps = finals.map((f) => path.join(dir, `.${path.basename(f)}.${tag}.partial`));
    const published: string[] = [];
    try {
      await outputs.mkdirp(dir);
      // A run killed mid-write left only hidden temporary names (never a finished-looking report): clear them.
      for (const name of await publisher.names(dir)) {
        const pid = /^\.inspection-.*\.(\d+)-[0-9a-f]{8}\.partial$/.exec(name)?.[1];
        if (pid && Number(pid) !== publisher.pid && !publisher.processAlive(Number(pid))) await outputs.remove(path.join(dir, name));
      }
      // Each file whole and on disk under a hidden temporary name before any gets its final name.
      for (const [i, temp] of temps.entries()) await outputs.writeFile(temp, contents[i]!, { durable: true });
      for (const [i, temp] of temps.entries()) {
        if (!(await publisher.publishFile(temp, finals[i]!))) throw new UserError(`${finals[i]} appeared while the report was written / 报告文件已被占用`, 'Another report of the same period was written at the same moment; look at it, or choose another --out.');
        published.push(finals[i]!);
      }
    } catch (err) {
      for (const f of [...temps, ...published]) await outputs.remove(f).catch(() => undefined);
      // The --out disk, not the vault's: say which, so nobody goes freeing space on the wrong one.
      if (!isDiskFull(err)) throw err;
      const full = new UserError(`--out ${outDir}: its disk is full; no report file was kept / 输出位置磁盘已满，未保留任何报告文件`, `free space there (df -h ${dir}) or choose another --out, then run the same command again`, EXIT_DISK_FULL);
      // A failure, not a refusal: recorded as one (if the catalogue's own disk can take it; else the guard tries).
      try {
        this.deps.audit.record({ ...input, outcome: 'failed', details: { ...input.details, error: full.message } });
        markRecorded(full);
      } catch {
        /* recorded by the guard around the act, or said to the person as it is */
      }
      throw full;
    }
    const files = finals.map((f, i) => ({ path: f, sha256: createHash('sha256').update(contents[i]!).digest('hex'), bytes: Buffer.byteLength(contents[i]!) }));
    audit.record({ ...input, details: { ...input.details, files, totals: report.totals, notAvailable: Object.keys(report.notAvailable) } });
    return { report, files };
  }
}
