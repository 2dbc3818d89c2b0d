/**
 * `report inspection` (R15): the heads' twice-yearly inspection of how recorders are used, for any
 * period, as a page (HTML with SVG charts, offline), CSV and JSON. Facts the catalogue holds today
 * are read here; the ones other parts of the vault keep (gaps, late stores, clock drift, docking
 * history, officer status, exemptions, overdue cases) come through `InspectionSources`, and a source
 * that is not there says so (未提供 / not available) instead of counting zero.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { UserError, type Said } from '../core/errors.js';
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
import { publishReport, reportPlace } from './report-output.js';

const NOT_BEGUN_HINT: Said = { zh: '请检查已开始的期间，例如刚结束的半年。', en: 'Inspect a period that has begun, e.g. the half-year just ended.' };

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
    if (period.from > today) throw new UserError({ zh: `自 ${period.from} 起的期间尚未开始`, en: `${period.from} has not begun` }, NOT_BEGUN_HINT);
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
        today,
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
    const { audit } = this.deps;
    if (period.from > this.deps.clock.today()) audit.refuse(input, { zh: `自 ${period.from} 起的期间尚未开始`, en: `${period.from} has not begun` }, NOT_BEGUN_HINT);
    const out = { ...this.deps, protectedPaths: this.settings.protectedPaths };
    const base = `inspection-${period.from}-${period.to}`;
    const { dir, finals } = await reportPlace(out, outDir, base, ['html', 'csv', 'json'], input);
    const report = this.report(period);
    const contents = [inspectionHtml(report), inspectionCsv(report), JSON.stringify(report, null, 2) + '\n'];
    const hidden = (final: string, tag: string) => path.join(dir, `.${path.basename(final)}.${tag}.partial`);
    await publishReport(out, { dir, finals, outDir, input, hidden, leftover: /^\.inspection-.*\.(\d+)-[0-9a-f]{8}\.partial$/, what: 'period' }, async (temps, outputs) => {
      // Each file whole and on disk under a hidden temporary name before any gets its final name.
      for (const [i, temp] of temps.entries()) await outputs.writeFile(temp, contents[i]!, { durable: true });
    });
    const files = finals.map((f, i) => ({ path: f, sha256: createHash('sha256').update(contents[i]!).digest('hex'), bytes: Buffer.byteLength(contents[i]!) }));
    audit.record({ ...input, details: { ...input.details, files, totals: report.totals, notAvailable: Object.keys(report.notAvailable) } });
    return { report, files };
  }
}
