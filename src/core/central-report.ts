/**
 * The R15 inspection across stations, from the central catalogue alone: per station, per unit, per
 * officer and per recorder, the recordings, seconds and days recorded of a period, with the totals and
 * each station's trail status. It counts what a station's own `report inspection` counts for the same
 * period (src/core/inspection-report.ts): every recording whose local date is in the period, disposed
 * ones too; an officer's recordings under the unit the officer's latest metadata names (the station
 * uses its register's unit now); seconds rounded per line. Pure.
 */
import type { Period } from './inspection-period.js';
import type { TrailProblem } from './trail-continuity.js';

/** Recordings of one officer on one recorder on one local day at one station. */
export interface CentralActivityRow {
  station: string;
  officerId: string | null;
  recorder: string | null;
  localDate: string;
  recordings: number;
  seconds: number;
  /** Of them, flagged clock-ahead or clock-skew by the station. */
  clockFlagged: number;
  /** Of them, lawfully disposed of since (still counted, as the station counts them). */
  disposed: number;
}

/** An officer as the latest metadata object of the station that names the officer has it. */
export interface CentralOfficerFact {
  station: string;
  officerId: string;
  name: string | null;
  unit: string | null;
}

export interface CentralTrailStatus {
  ok: boolean;
  segments: number;
  entries: number;
  head: { seq: number; hash: string } | null;
  problems: TrailProblem[];
  checkedAt: string;
}

export interface CentralStationFact {
  station: string;
  unit: string | null;
  lastIndexedAt: string | null;
  trail: CentralTrailStatus | null;
}

export interface Counts {
  recordings: number;
  seconds: number;
  daysRecorded: number;
}

export interface StationLine extends Counts {
  station: string;
  unit: string | null;
  disposed: number;
  lastIndexedAt: string | null;
  /** null: no trail segment of the station has been indexed. */
  trail: CentralTrailStatus | null;
}

export interface UnitLine extends Counts {
  station: string;
  /** The officers' unit; null: recordings of no officer, or of officers not in the station's register. */
  unit: string | null;
  officers: number;
}

export interface OfficerLine extends Counts {
  station: string;
  /** null: recordings no officer is attributed to. */
  officerId: string | null;
  name: string | null;
  unit: string | null;
}

export interface RecorderLine extends Counts {
  station: string;
  /** null: recordings no recorder is attributed to. */
  recorder: string | null;
  clockFlagged: number;
}

/** What a station's own report has that the objects in the store do not carry (say so, never a zero). */
export const CENTRAL_NOT_AVAILABLE = [
  'gaps',
  'late',
  'notDocked',
  'daysDocked',
  'officerStatus',
  'exemptions',
  'cases',
  'staffing',
  'registeredWithoutRecordings',
  'previousInspection',
] as const;

export interface CentralReport {
  period: { from: string; to: string };
  generatedAt: string;
  stations: StationLine[];
  units: UnitLine[];
  officers: OfficerLine[];
  recorders: RecorderLine[];
  totals: Counts & { stations: number; disposed: number; trailsBroken: number; trailsNotIndexed: number };
  notAvailable: readonly string[];
}

type Acc = { recordings: number; seconds: number; days: Set<string> };
const acc = (): Acc => ({ recordings: 0, seconds: 0, days: new Set() });
const counts = (a: Acc): Counts => ({ recordings: a.recordings, seconds: Math.round(a.seconds), daysRecorded: a.days.size });
const nullLast = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1);
/** Map keys for (station, name) pairs, null kept apart from any name. */
const pair = (station: string, name: string | null) => JSON.stringify([station, name]);

export function buildCentralReport(input: {
  period: Period;
  generatedAt: string;
  stations: CentralStationFact[];
  activity: CentralActivityRow[];
  officers: CentralOfficerFact[];
}): CentralReport {
  const known = new Map(input.officers.map((o) => [pair(o.station, o.officerId), o]));
  const byStation = new Map<string, Acc & { disposed: number }>();
  const byUnit = new Map<string, Acc & { station: string; unit: string | null; officers: Set<string | null> }>();
  const byOfficer = new Map<string, Acc & { station: string; officerId: string | null }>();
  const byRecorder = new Map<string, Acc & { station: string; recorder: string | null; clockFlagged: number }>();
  const all = acc();
  let disposed = 0;
  const add = (a: Acc, r: CentralActivityRow) => {
    a.recordings += r.recordings;
    a.seconds += r.seconds;
    a.days.add(r.localDate);
  };
  for (const r of input.activity) {
    const officer = r.officerId === null ? undefined : known.get(pair(r.station, r.officerId));
    const unit = officer?.unit ?? null;
    const s = byStation.get(r.station) ?? { ...acc(), disposed: 0 };
    add(s, r);
    s.disposed += r.disposed;
    byStation.set(r.station, s);
    const u = byUnit.get(pair(r.station, unit)) ?? { ...acc(), station: r.station, unit, officers: new Set() };
    add(u, r);
    u.officers.add(r.officerId);
    byUnit.set(pair(r.station, unit), u);
    const o = byOfficer.get(pair(r.station, r.officerId)) ?? { ...acc(), station: r.station, officerId: r.officerId };
    add(o, r);
    byOfficer.set(pair(r.station, r.officerId), o);
    const d = byRecorder.get(pair(r.station, r.recorder)) ?? { ...acc(), station: r.station, recorder: r.recorder, clockFlagged: 0 };
    add(d, r);
    d.clockFlagged += r.clockFlagged;
    byRecorder.set(pair(r.station, r.recorder), d);
    add(all, r);
    disposed += r.disposed;
  }
  const stations: StationLine[] = [...input.stations]
    .sort((a, b) => a.station.localeCompare(b.station))
    .map((st) => {
      const a = byStation.get(st.station) ?? { ...acc(), disposed: 0 };
      return { station: st.station, unit: st.unit, ...counts(a), disposed: a.disposed, lastIndexedAt: st.lastIndexedAt, trail: st.trail };
    });
  const units: UnitLine[] = [...byUnit.values()]
    .sort((a, b) => a.station.localeCompare(b.station) || nullLast(a.unit, b.unit))
    .map((u) => ({ station: u.station, unit: u.unit, officers: [...u.officers].filter((o) => o !== null).length, ...counts(u) }));
  const officers: OfficerLine[] = [...byOfficer.values()]
    .sort((a, b) => a.station.localeCompare(b.station) || nullLast(a.officerId, b.officerId))
    .map((o) => {
      const fact = o.officerId === null ? undefined : known.get(pair(o.station, o.officerId));
      return { station: o.station, officerId: o.officerId, name: fact?.name ?? null, unit: fact?.unit ?? null, ...counts(o) };
    });
  const recorders: RecorderLine[] = [...byRecorder.values()]
    .sort((a, b) => a.station.localeCompare(b.station) || nullLast(a.recorder, b.recorder))
    .map((d) => ({ station: d.station, recorder: d.recorder, ...counts(d), clockFlagged: d.clockFlagged }));
  return {
    period: { from: input.period.from, to: input.period.to },
    generatedAt: input.generatedAt,
    stations,
    units,
    officers,
    recorders,
    totals: {
      stations: stations.length,
      recordings: all.recordings,
      // The sum of the stations' lines, each rounded as the station rounds its own total.
      seconds: stations.reduce((n, s) => n + s.seconds, 0),
      daysRecorded: all.days.size,
      disposed,
      trailsBroken: stations.filter((s) => s.trail !== null && !s.trail.ok).length,
      trailsNotIndexed: stations.filter((s) => s.trail === null).length,
    },
    notAvailable: CENTRAL_NOT_AVAILABLE,
  };
}
