/** Builds the registers of issue 13 (R3, R7, R12(1), R16, P14, P25): officer status, equipment, exemptions, docking history, case deadlines. */
import { ComplianceFactsStore } from '../adapters/catalog/compliance-facts-store.js';
import { EquipmentStore } from '../adapters/catalog/equipment-store.js';
import { PeopleStore } from '../adapters/catalog/people-store.js';
import { CaseDeadlines } from '../services/case-deadlines.js';
import { DockingHistory } from '../services/docking-history.js';
import { EquipmentService } from '../services/equipment.js';
import { ExemptionService } from '../services/exemptions.js';
import { OfficerStatusService } from '../services/officer-status.js';
import type { SharedParts } from './builders.js';

/** What the entry points (and the inspection report) get. */
export interface ComplianceRegisters {
  /** `officer status`: active, transferred, left, with the recorder handed over. */
  officerStatus: OfficerStatusService;
  /** `device set/fault/repaired/retire`, and `device show` with its log. */
  equipment: EquipmentService;
  /** `exemption record/list`. */
  exemptions: ExemptionService;
  /** `dock history`: notDockedDays(from, to) per recorder and officer. */
  docking: DockingHistory;
  /** `case list --overdue`. */
  caseDeadlines: CaseDeadlines;
}

export function buildComplianceRegisters(shared: Pick<SharedParts, 'db' | 'config' | 'audit' | 'clock' | 'registerStore' | 'recorderStore'>): ComplianceRegisters {
  const { db, config, audit, clock, registerStore: registers, recorderStore: recorders } = shared;
  const people = new PeopleStore(db);
  const facts = new ComplianceFactsStore(db);
  return {
    officerStatus: new OfficerStatusService({ registers, people, recorders, audit, clock }),
    equipment: new EquipmentService({ equipment: new EquipmentStore(db), recorders, registers, audit, clock }),
    exemptions: new ExemptionService({ registers, people, audit, clock }),
    docking: new DockingHistory({ facts, calendar: config.calendar, clock }),
    caseDeadlines: new CaseDeadlines({ facts, clock }),
  };
}
