/** Issue 14 (feat-custody): disc handovers (R12(2)) and the chain-of-custody report (L4). */
import type { SightCheck } from '../services/access-clearance.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import { DiscHandoverStore } from '../adapters/catalog/disc-handover-store.js';
import { CustodyReportStore } from '../adapters/catalog/custody-report-store.js';
import { ClassificationStore } from '../adapters/catalog/classification-store.js';
import { OperatorStore } from '../adapters/catalog/operator-store.js';
import { ChromiumPrinter } from '../adapters/chromium-print.js';
import { OutputFiles } from '../adapters/output-files.js';
import { outputPublisher } from '../adapters/output-publish.js';
import { hashFile } from '../adapters/durable-file.js';
import { DiscHandoverService } from '../services/disc-handover.js';
import { CustodyReportService } from '../services/custody-report.js';
import type { SharedParts } from './builders.js';

export interface CustodyServices {
  /** `disc issue`, `disc return`, `disc destroy`, and where each disc is for `disc list`. */
  discHandover: DiscHandoverService;
  /** `recordings custody`. */
  custodyReport: CustodyReportService;
}

export function buildCustody(p: SharedParts, discs: DiscStore, sight: SightCheck): CustodyServices {
  const handovers = new DiscHandoverStore(p.db);
  const operators = new OperatorStore(p.db);
  const classification = new ClassificationStore(p.db);
  return {
    discHandover: new DiscHandoverService({ discs, store: handovers, operatorName: (u) => operators.get(u)?.name ?? null, audit: p.audit, clock: p.clock, sight }),
    custodyReport: new CustodyReportService(
      { unitName: p.config.unitName ?? null, protectedPaths: p.protectedPaths },
      {
        store: new CustodyReportStore(p.db),
        handovers,
        levels: (ids) => classification.effectiveMany(ids),
        clearanceOf: (u) => classification.clearanceOf(u),
        snapshot: (fn) => p.db.transaction(fn).deferred(),
        audit: p.audit,
        clock: p.clock,
        outputsFor: (role) => OutputFiles.forRole(role, p.log),
        publisher: outputPublisher,
        printer: new ChromiumPrinter(),
        hashFile,
      },
    ),
  };
}
