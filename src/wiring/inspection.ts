/**
 * The R15 inspection: its report and its record. `inspectionSources` is the one place that says
 * where each per-period fact comes from; a part of the vault this build does not have yet answers
 * "not available", which the report prints as 未提供 — never as zero.
 */
import type { Db } from '../adapters/catalog/database.js';
import { InspectionStore } from '../adapters/catalog/inspection-store.js';
import { OutputFiles } from '../adapters/output-files.js';
import { outputPublisher } from '../adapters/output-publish.js';
import { notAvailable } from '../core/inspection-types.js';
import { InspectionReportService, type InspectionSources } from '../services/inspection-report.js';
import { InspectionService } from '../services/inspections.js';
import type { RecordingChecks } from '../services/recording-checks.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Period } from '../core/inspection-period.js';
import type { DriftFact } from '../core/inspection-types.js';
import type { SharedParts } from './builders.js';

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
      // Flagged recordings per recorder; the largest apparent offset at a dock in the period, else the largest skew.
      const { fromMs, toMs } = window(p.clock, period);
      const offsets = new Map<string, number>();
      for (const o of parts.checks().offsets()) {
        const at = Date.parse(o.dockedAt);
        if (at < fromMs || at >= toMs) continue;
        if (Math.abs(o.offsetSeconds) > Math.abs(offsets.get(o.deviceNumber) ?? 0)) offsets.set(o.deviceNumber, o.offsetSeconds);
      }
      return parts.store.clockFlags(period.from, period.to).map((f): DriftFact => ({ deviceNumber: f.deviceNumber, recordings: f.recordings, maxOffsetSeconds: offsets.get(f.deviceNumber) ?? f.maxSkewSeconds }));
    },
    notDocked: () => notAvailable('the per-day docking history (R12(1)) is not in this build'),
    officerStatus: () => notAvailable('officer status (active, transferred, left) is not in this build'),
    exemptions: () => notAvailable('the exemption register (P14) is not in this build'),
    overdueCases: () => notAvailable('case closing dates and the archiving deadline (P25) are not in this build'),
    workingDays: () => notAvailable('configured working days and holidays are not in this build: Monday to Friday are taken as working days'),
    largeStaffFrom: () => 100,
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
