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
import type { SharedParts } from './builders.js';

export function inspectionSources(_p: SharedParts): InspectionSources {
  return {
    gaps: () => notAvailable('gap detection is not in this build'),
    lateStores: () => notAvailable('late-storage detection (P25) is not in this build'),
    clockDrift: () => notAvailable('clock-drift flags are not in this build'),
    notDocked: () => notAvailable('the per-day docking history (R12(1)) is not in this build'),
    officerStatus: () => notAvailable('officer status (active, transferred, left) is not in this build'),
    exemptions: () => notAvailable('the exemption register (P14) is not in this build'),
    overdueCases: () => notAvailable('case closing dates and the archiving deadline (P25) are not in this build'),
    workingDays: () => notAvailable('configured working days and holidays are not in this build: Monday to Friday are taken as working days'),
    largeStaffFrom: () => 100,
  };
}

export function buildInspections(p: SharedParts): { report: InspectionReportService; record: InspectionService } {
  const store = new InspectionStore(p.db);
  const db: Db = p.db;
  return {
    report: new InspectionReportService(
      { unitName: p.config.unitName ?? null, protectedPaths: p.protectedPaths },
      {
        store,
        snapshot: (fn) => db.transaction(fn).deferred(),
        sources: inspectionSources(p),
        audit: p.audit,
        clock: p.clock,
        outputsFor: (role) => OutputFiles.forRole(role, p.log),
        publisher: outputPublisher,
      },
    ),
    record: new InspectionService(store, p.audit, p.clock),
  };
}
