/**
 * The R15 inspection: its report and its record. `inspectionSources` is the one place that says
 * where each per-period fact comes from: gaps, late stores and clock drift from the recording checks,
 * docking history, officer status, exemptions, case deadlines, working days and R3's threshold from
 * the registers. A source a build lacks answers `notAvailable(reason)` (core/inspection-types.ts),
 * which the report prints as 未提供 — never as zero.
 */
import type { Db } from '../adapters/catalog/database.js';
import { InspectionStore } from '../adapters/catalog/inspection-store.js';
import { OutputFiles } from '../adapters/output-files.js';
import { outputPublisher } from '../adapters/output-publish.js';
import { InspectionReportService, type InspectionSources } from '../services/inspection-report.js';
import { InspectionService } from '../services/inspections.js';
import type { RecordingChecks } from '../services/recording-checks.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Period } from '../core/inspection-period.js';
import type { DriftFact } from '../core/inspection-types.js';
import type { SharedParts } from './builders.js';
import type { ComplianceRegisters } from './compliance-registers.js';
import { activeOn } from '../core/staffing.js';
import { datesBetween, isWorkingDay } from '../core/working-days.js';

/** The period's first instant and the instant after its last day, in the unit's zone. */
function window(clock: UnitClock, p: Period): { fromMs: number; toMs: number } {
  const at = (d: string) => {
    const [year, month, day] = d.split('-').map(Number) as [number, number, number];
    return clock.instant({ year, month, day, hour: 0, minute: 0, second: 0 }).getTime();
  };
  return { fromMs: at(p.from), toMs: at(p.to) + 86_400_000 };
}

export interface InspectionParts {
  store: InspectionStore;
  /** Gaps, late stores and dock offsets (feat-13-recordings). */
  checks: () => RecordingChecks;
  /** Docking history, exemptions, case deadlines (feat-13-registers). */
  registers: () => Pick<ComplianceRegisters, 'docking' | 'exemptions' | 'caseDeadlines'>;
}

export function inspectionSources(p: SharedParts, parts: InspectionParts): InspectionSources {
  return {
    gaps: (period) => {
      const checks = parts.checks();
      const explained = checks.gaps.explanations();
      return [...checks.gaps.found(window(p.clock, period))].map((g) => ({ deviceNumber: g.deviceNumber, officerId: g.officerId, explained: explained.has(g.id) }));
    },
    lateStores: (period) => [...parts.checks().late.list(window(p.clock, period))].map((l) => ({ deviceNumber: l.deviceNumber, officerId: l.officerId, explained: !l.unexplained })),
    clockDrift: (period) => {
      // The largest apparent offset at a dock in the period (flagged recordings are counted with the activity).
      const { fromMs, toMs } = window(p.clock, period);
      const offsets = new Map<string, number>();
      for (const o of parts.checks().offsets()) {
        const at = Date.parse(o.dockedAt);
        if (at < fromMs || at >= toMs) continue;
        if (Math.abs(o.offsetSeconds) > Math.abs(offsets.get(o.deviceNumber) ?? 0)) offsets.set(o.deviceNumber, o.offsetSeconds);
      }
      return [...offsets].map(([deviceNumber, maxOffsetSeconds]): DriftFact => ({ deviceNumber, maxOffsetSeconds }));
    },
    notDocked: (period) => parts.registers().docking.notDockedDays(period.from, period.to).map((d) => ({ localDate: d.date, deviceNumber: d.deviceNumber, officerId: d.officerId })),
    officerStatus: (asOf) =>
      p.registerStore.officers().map((o) => {
        const standing = { status: o.status ?? 'active', statusDate: o.statusDate ?? null };
        return { officerId: o.id, status: activeOn(standing, asOf) ? 'active' : standing.status === 'active' ? 'transferred' : standing.status, since: standing.statusDate };
      }),
    exemptions: (period) =>
      parts.registers().exemptions.list(period.from, period.to).map((e) => ({ id: e.id, date: e.actAt, officerId: e.officerId, act: e.act, consentedBy: e.consentBy, reason: e.reason })),
    overdueCases: (asOf) =>
      parts.registers().caseDeadlines.overdue(asOf).map((c) => ({ number: c.number, title: c.title, closedOn: c.closedOn, deadline: c.deadline, daysOverdue: c.daysOverdue, unarchived: c.missing.length })),
    workingDays: (period) => datesBetween(period.from, period.to).filter((d) => isWorkingDay(d, p.config.calendar)),
    largeStaffFrom: () => p.config.staffing.largeStaffFrom,
  };
}

export function buildInspections(p: SharedParts, more: Omit<InspectionParts, 'store'>): { report: InspectionReportService; record: InspectionService } {
  const store = new InspectionStore(p.db);
  const db: Db = p.db;
  return {
    report: new InspectionReportService(
      { unitName: p.config.unitName ?? null, protectedPaths: p.protectedPaths },
      {
        store,
        snapshot: (fn) => db.transaction(fn).deferred(),
        sources: inspectionSources(p, { store, ...more }),
        audit: p.audit,
        clock: p.clock,
        outputsFor: (role) => OutputFiles.forRole(role, p.log),
        publisher: outputPublisher,
      },
    ),
    record: new InspectionService(store, p.audit, p.clock),
  };
}
