/**
 * The R15 inspection report from its facts: per officer, per recorder and per unit, the days with
 * recordings, hours, files, gaps in recording sessions and late stores (P25) with how many are explained,
 * working days not docked (R12(1)), clock drift, recorders in repair (R16), R3's ratio, exemptions
 * (P14) and overdue cases (P25). Pure: counts only, no I/O; what a source could not give stays null.
 */
import { staffingRatio } from './dock-report.js';
import { datesOf, weekday, type Period } from './inspection-period.js';
import { addDays } from './retention-policy.js';
import {
  isAvailable,
  type ActivityRow,
  type AssignmentFact,
  type DeviceFact,
  type DeviceLine,
  type DriftFact,
  type ExemptionFact,
  type ExplainableFact,
  type InspectionRecord,
  type InspectionReport,
  type Maybe,
  type NotDockedFact,
  type OfficerFact,
  type OfficerLine,
  type OfficerStatusFact,
  type OverdueCaseFact,
  type UnitLine,
} from './inspection-types.js';

export interface InspectionInput {
  period: Period;
  /** The period's first and last instants (local midnight of `from`, local midnight after `to`). */
  startMs: number;
  endMs: number;
  generatedAt: string;
  /** The unit's date when the report is made: a period not yet ended counts its working days to the day before. */
  today?: string;
  unitName: string | null;
  auditHead: { seq: number; hash: string };
  officers: OfficerFact[];
  devices: DeviceFact[];
  assignments: AssignmentFact[];
  activity: ActivityRow[];
  docked: { deviceNumber: string; localDate: string }[];
  gaps: Maybe<ExplainableFact[]>;
  late: Maybe<ExplainableFact[]>;
  drift: Maybe<DriftFact[]>;
  notDocked: Maybe<NotDockedFact[]>;
  officerStatus: Maybe<OfficerStatusFact[]>;
  exemptions: Maybe<ExemptionFact[]>;
  overdueCases: Maybe<OverdueCaseFact[]>;
  workingDays: Maybe<string[]>;
  largeStaffFrom: number;
  previousInspection: InspectionRecord | null;
}

/** Counts keyed by officer or recorder (null: none known). */
class Tally {
  private readonly m = new Map<string | null, { n: number; explained: number }>();
  add(key: string | null, explained: boolean): void {
    const t = this.m.get(key) ?? { n: 0, explained: 0 };
    t.n++;
    if (explained) t.explained++;
    this.m.set(key, t);
  }
  get(key: string | null): { n: number; explained: number } {
    return this.m.get(key) ?? { n: 0, explained: 0 };
  }
}

function tally(facts: Maybe<ExplainableFact[]>, by: 'officerId' | 'deviceNumber'): Tally | null {
  if (!isAvailable(facts)) return null;
  const t = new Tally();
  for (const f of facts) t.add(f[by], f.explained);
  return t;
}

function counts(t: Tally | null, key: string | null): [number | null, number | null] {
  if (!t) return [null, null];
  const { n, explained } = t.get(key);
  return [n, explained];
}

/** A sum over lines, null when the source behind it is not available (even with no lines to add). */
const sumIf = (available: boolean, xs: (number | null)[]) => (available ? xs.reduce<number>((a, b) => a + (b ?? 0), 0) : null);

export function buildInspection(input: InspectionInput): InspectionReport {
  const { period } = input;
  const missing: Record<string, string> = {};
  for (const [key, m] of Object.entries({ gaps: input.gaps, late: input.late, clockDrift: input.drift, notDocked: input.notDocked, officerStatus: input.officerStatus, exemptions: input.exemptions, cases: input.overdueCases, workingDays: input.workingDays })) {
    if (!isAvailable(m)) missing[key] = m.notAvailable;
  }
  const statusOf = new Map(isAvailable(input.officerStatus) ? input.officerStatus.map((s) => [s.officerId, s]) : []);
  const statusKnown = isAvailable(input.officerStatus);
  const unitOf = new Map(input.officers.map((o) => [o.id, o.unit]));

  // Activity per officer and per recorder: recordings, seconds, distinct days.
  type Acc = { recordings: number; seconds: number; clockFlagged: number; days: Set<string> };
  const acc = () => ({ recordings: 0, seconds: 0, clockFlagged: 0, days: new Set<string>() });
  const byOfficer = new Map<string | null, Acc>();
  const byDevice = new Map<string | null, Acc>();
  const byUnit = new Map<string | null, Acc>();
  for (const r of input.activity) {
    const unit = r.officerId === null ? null : (unitOf.get(r.officerId) ?? null);
    for (const [map, key] of [[byOfficer, r.officerId], [byDevice, r.deviceNumber], [byUnit, unit]] as const) {
      const a = map.get(key) ?? acc();
      a.recordings += r.recordings;
      a.seconds += r.seconds;
      a.clockFlagged += r.clockFlagged;
      a.days.add(r.localDate);
      map.set(key, a);
    }
  }

  const gapsO = tally(input.gaps, 'officerId');
  const gapsD = tally(input.gaps, 'deviceNumber');
  const lateO = tally(input.late, 'officerId');
  const lateD = tally(input.late, 'deviceNumber');
  const notDocked = isAvailable(input.notDocked) ? input.notDocked : null;
  const notDockedBy = (key: (f: NotDockedFact) => string | null, k: string | null) => (notDocked ? new Set(notDocked.filter((f) => key(f) === k).map((f) => f.localDate)).size : null);

  const officerLine = (id: string | null, name: string | null, unit: string | null): OfficerLine => {
    const a = byOfficer.get(id) ?? acc();
    const [gaps, gapsExplained] = counts(gapsO, id);
    const [late, lateExplained] = counts(lateO, id);
    return {
      officerId: id,
      name,
      unit,
      status: id !== null && statusKnown ? (statusOf.get(id)?.status ?? 'active') : null,
      recordings: a.recordings,
      seconds: Math.round(a.seconds),
      daysRecorded: a.days.size,
      gaps,
      gapsExplained,
      late,
      lateExplained,
      daysNotDocked: notDockedBy((f) => f.officerId, id),
    };
  };
  const officers = input.officers.map((o) => officerLine(o.id, o.name, o.unit));
  // Recordings nobody is assigned for (quarantined, an unassigned recorder) are counted, not dropped.
  const unattributed = byOfficer.has(null) || (gapsO?.get(null).n ?? 0) > 0 || (lateO?.get(null).n ?? 0) > 0;
  if (unattributed) officers.push(officerLine(null, null, null));
  for (const id of byOfficer.keys()) if (id !== null && !unitOf.has(id)) officers.push(officerLine(id, null, null));

  // Who wore each recorder during the period; its unit is that of the last of them.
  const wearers = new Map<string, string[]>();
  for (const a of [...input.assignments].sort((x, y) => x.fromMs - y.fromMs)) {
    if (a.fromMs >= input.endMs || (a.toMs !== null && a.toMs <= input.startMs)) continue;
    const list = wearers.get(a.deviceNumber) ?? [];
    if (!list.includes(a.officerId)) list.push(a.officerId);
    else list.push(list.splice(list.indexOf(a.officerId), 1)[0]!);
    wearers.set(a.deviceNumber, list);
  }
  const deviceUnit = (n: string) => {
    const w = wearers.get(n);
    return w?.length ? (unitOf.get(w[w.length - 1]!) ?? null) : null;
  };
  const dockedDays = new Map<string, Set<string>>();
  for (const d of input.docked) dockedDays.set(d.deviceNumber, (dockedDays.get(d.deviceNumber) ?? new Set()).add(d.localDate));
  const drift = isAvailable(input.drift) ? new Map(input.drift.map((d) => [d.deviceNumber, d])) : null;
  const deviceLine = (d: DeviceFact | { number: string | null }): DeviceLine => {
    const n = d.number;
    const reg = 'brand' in d ? d : null;
    const a = byDevice.get(n) ?? acc();
    const [gaps, gapsExplained] = counts(gapsD, n);
    const [late, lateExplained] = counts(lateD, n);
    return {
      deviceNumber: n,
      brand: reg?.brand ?? null,
      model: reg?.model ?? null,
      status: reg?.status ?? null,
      inRepair: reg?.status === 'in-repair',
      officers: n === null ? [] : (wearers.get(n) ?? []),
      unit: n === null ? null : deviceUnit(n),
      recordings: a.recordings,
      seconds: Math.round(a.seconds),
      daysRecorded: a.days.size,
      daysDocked: n === null ? 0 : (dockedDays.get(n)?.size ?? 0),
      gaps,
      gapsExplained,
      late,
      lateExplained,
      daysNotDocked: n === null ? (notDocked ? 0 : null) : notDockedBy((f) => f.deviceNumber, n),
      clockDrift: drift ? a.clockFlagged : null,
      maxOffsetSeconds: n === null ? null : (drift?.get(n)?.maxOffsetSeconds ?? null),
    };
  };
  const registered = new Set(input.devices.map((d) => d.number));
  const devices = input.devices.map(deviceLine);
  for (const n of byDevice.keys()) if (n === null || !registered.has(n)) devices.push(deviceLine({ number: n }));

  // R3 per unit: active officers (all registered ones where status is not known) to in-service recorders.
  const activeOf = (list: OfficerFact[]) => (statusKnown ? list.filter((o) => (statusOf.get(o.id)?.status ?? 'active') === 'active').length : null);
  const unitNames = [...new Set([...input.officers.map((o) => o.unit), ...byUnit.keys()])].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  const units: UnitLine[] = unitNames.map((unit) => {
    const members = input.officers.filter((o) => o.unit === unit);
    const lines = officers.filter((o) => o.unit === unit);
    const recorders = input.devices.filter((d) => d.status === 'in-service' && deviceUnit(d.number) === unit).length;
    const active = activeOf(members);
    const a = byUnit.get(unit) ?? acc();
    return {
      unit,
      officers: members.length,
      activeOfficers: active,
      recorders,
      staffing: staffingRatio(active ?? members.length, recorders, input.largeStaffFrom),
      recordings: a.recordings,
      seconds: Math.round(a.seconds),
      daysRecorded: a.days.size,
      gaps: sumIf(gapsO !== null, lines.map((l) => l.gaps)),
      gapsExplained: sumIf(gapsO !== null, lines.map((l) => l.gapsExplained)),
      late: sumIf(lateO !== null, lines.map((l) => l.late)),
      lateExplained: sumIf(lateO !== null, lines.map((l) => l.lateExplained)),
      daysNotDocked: sumIf(notDocked !== null, lines.map((l) => l.daysNotDocked)),
    };
  });

  const dates = datesOf(period);
  // A period not ended is counted to yesterday: today's docking is still to come (as days not docked are).
  const through = input.today !== undefined && input.today <= period.to ? addDays(input.today, -1) : null;
  const working = new Set(isAvailable(input.workingDays) ? input.workingDays : dates.filter((d) => weekday(d) !== 0 && weekday(d) !== 6));
  const dockedPerDay = new Map<string, Set<string>>();
  for (const d of input.docked) dockedPerDay.set(d.localDate, (dockedPerDay.get(d.localDate) ?? new Set()).add(d.deviceNumber));
  const active = activeOf(input.officers);
  const inService = input.devices.filter((d) => d.status === 'in-service').length;
  const explainable = (f: Maybe<ExplainableFact[]>) => (isAvailable(f) ? [f.length, f.filter((x) => x.explained).length] : [null, null]);
  const [gaps, gapsExplained] = explainable(input.gaps);
  const [late, lateExplained] = explainable(input.late);
  return {
    // Days still to come are no one's working days yet: 132 of them on 3 December read as a half-year's record.
    period: { from: period.from, to: period.to, days: dates.length, workingDays: dates.filter((d) => working.has(d) && d <= (through ?? period.to)).length, through },
    generatedAt: input.generatedAt,
    unitName: input.unitName,
    officers,
    devices,
    units,
    staffing: { ...staffingRatio(active ?? input.officers.length, inService, input.largeStaffFrom), activeOfficers: active },
    cases: isAvailable(input.overdueCases) ? input.overdueCases : null,
    exemptions: isAvailable(input.exemptions) ? input.exemptions : null,
    calendar: dates.map((date) => ({ date, docked: dockedPerDay.get(date)?.size ?? 0, working: working.has(date), ...(through !== null && date > through ? { notYet: true } : {}) })),
    totals: {
      recordings: input.activity.reduce((n, r) => n + r.recordings, 0),
      seconds: Math.round(input.activity.reduce((n, r) => n + r.seconds, 0)),
      gaps: gaps ?? null,
      gapsExplained: gapsExplained ?? null,
      late: late ?? null,
      lateExplained: lateExplained ?? null,
      daysNotDocked: notDocked ? notDocked.length : null,
      devicesInRepair: input.devices.filter((d) => d.status === 'in-repair').length,
      devicesWithClockDrift: drift ? [...byDevice].filter(([n, a]) => n !== null && a.clockFlagged > 0).length : null,
    },
    previousInspection: input.previousInspection,
    notAvailable: missing,
    auditHead: input.auditHead,
  };
}
