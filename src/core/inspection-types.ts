/**
 * The R15 inspection (heads check at least twice a year that recorders are used by the rules): the
 * facts it is made of and the report it becomes. Facts another part of the catalogue provides may be
 * missing on a PC that lacks that part: they are then `NotAvailable`, printed as 未提供 / not
 * available and given as null in JSON — never a zero that looks counted.
 */
import type { DeviceStatus } from './dock-report.js';
import type { StaffingRatio } from './dock-report.js';

/** A fact the catalogue cannot give (yet): why, for the person reading the report. */
export interface NotAvailable {
  notAvailable: string;
}
export type Maybe<T> = T | NotAvailable;

export function notAvailable(reason: string): NotAvailable {
  return { notAvailable: reason };
}

export function isAvailable<T>(m: Maybe<T>): m is T {
  return !(m !== null && typeof m === 'object' && !Array.isArray(m) && 'notAvailable' in m);
}

/** Recordings of one officer on one recorder on one local day. */
export interface ActivityRow {
  officerId: string | null;
  deviceNumber: string | null;
  localDate: string;
  recordings: number;
  seconds: number;
  /** Of them, flagged clock-ahead or clock-skew. */
  clockFlagged: number;
}

export interface OfficerFact {
  id: string;
  name: string;
  unit: string | null;
}

export interface DeviceFact {
  number: string;
  brand: string;
  model: string;
  status: DeviceStatus;
}

export interface AssignmentFact {
  deviceNumber: string;
  officerId: string;
  fromMs: number;
  toMs: number | null;
}

/** A gap inside a recording session (continuous recording, with a written explanation) or a recording stored more than 24 hours late (P25). */
export interface ExplainableFact {
  deviceNumber: string | null;
  officerId: string | null;
  explained: boolean;
}

/** A recorder's largest apparent clock offset at a dock in the period, in seconds (+ = recorder ahead). */
export interface DriftFact {
  deviceNumber: string;
  maxOffsetSeconds: number;
}

/** A working day on which an assigned recorder was not docked (R12(1)). */
export interface NotDockedFact {
  localDate: string;
  deviceNumber: string;
  officerId: string | null;
}

export type OfficerStatus = 'active' | 'transferred' | 'left';
export interface OfficerStatusFact {
  officerId: string;
  status: OfficerStatus;
  since: string | null;
}

/** An enforcement act not recorded, with the consent or written reason (P14). */
export interface ExemptionFact {
  id: number;
  date: string;
  officerId: string | null;
  act: string;
  consentedBy: string | null;
  reason: string | null;
}

/** A case closed more than 30 days ago whose footage is in no archive set and on no disc (P25). */
export interface OverdueCaseFact {
  number: string;
  title: string;
  /** The local date it was closed, and the last day its footage should have been archived by. */
  closedOn: string;
  deadline: string;
  daysOverdue: number;
  /** Its recordings in no archive set and on no disc. */
  unarchived: number;
}

export interface InspectionAction {
  no: number;
  text: string;
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
}

/** An inspection on the record (`inspection record`). */
export interface InspectionRecord {
  id: number;
  period: string;
  from: string;
  to: string;
  inspector: string;
  findings: string;
  actions: InspectionAction[];
  recordedAt: string;
  recordedBy: string;
}

/** What every line of the report counts (null: that source is not available in this build). */
export interface ActivityCounts {
  recordings: number;
  seconds: number;
  daysRecorded: number;
  gaps: number | null;
  gapsExplained: number | null;
  late: number | null;
  lateExplained: number | null;
  daysNotDocked: number | null;
}

export interface OfficerLine extends ActivityCounts {
  /** null: recordings no officer is attributed to. */
  officerId: string | null;
  /** null: not in the officer register (or no officer at all); people see `officerLabel`. */
  name: string | null;
  unit: string | null;
  status: OfficerStatus | null;
}

/** The name people read for an officer line (the JSON keeps null, language-neutral). */
export function officerLabel(o: Pick<OfficerLine, 'officerId' | 'name'>): string {
  return o.name ?? (o.officerId === null ? '未归属 unattributed' : '未登记 not registered');
}

export interface DeviceLine extends ActivityCounts {
  deviceNumber: string | null;
  brand: string | null;
  model: string | null;
  status: DeviceStatus | null;
  inRepair: boolean;
  /** Officers it was assigned to during the period. */
  officers: string[];
  unit: string | null;
  daysDocked: number;
  clockDrift: number | null;
  maxOffsetSeconds: number | null;
}

export interface UnitLine extends ActivityCounts {
  unit: string | null;
  officers: number;
  activeOfficers: number | null;
  recorders: number;
  staffing: StaffingRatio;
}

export interface CalendarDay {
  date: string;
  /** Recorders docked that day. */
  docked: number;
  /** Whether it is a working day: from the configured working days when known, else Monday–Friday. */
  working: boolean;
  /** A day of a period not yet ended that is not counted yet (today and after): present only then. */
  notYet?: true;
}

export interface InspectionReport {
  /** `through`: the last day counted when the period has not ended yet (the day before it was made), else null. */
  period: { from: string; to: string; days: number; workingDays: number; through: string | null };
  generatedAt: string;
  unitName: string | null;
  officers: OfficerLine[];
  devices: DeviceLine[];
  units: UnitLine[];
  staffing: StaffingRatio & { activeOfficers: number | null };
  cases: OverdueCaseFact[] | null;
  exemptions: ExemptionFact[] | null;
  calendar: CalendarDay[];
  totals: { recordings: number; seconds: number; gaps: number | null; gapsExplained: number | null; late: number | null; lateExplained: number | null; daysNotDocked: number | null; devicesInRepair: number; devicesWithClockDrift: number | null };
  previousInspection: InspectionRecord | null;
  /** What the catalogue could not give, and why: key → reason (gaps, late, clockDrift, notDocked, officerStatus, exemptions, cases, workingDays). */
  notAvailable: Record<string, string>;
  auditHead: { seq: number; hash: string };
}
