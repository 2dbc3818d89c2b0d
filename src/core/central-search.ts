/**
 * `central search`: recordings across stations by officer, recorder, case, local dates, unit and
 * station, as a person types them, checked before any query runs. Pure.
 */
import { UserError } from './errors.js';
import { said } from './i18n/said.js';
import { centralMessages as m } from './i18n/central-messages.js';
import { isLocalDate } from './inspection-period.js';
import { STATION_NAME } from './central-layout.js';

export interface CentralSearchFilter {
  officer: string | null;
  recorder: string | null;
  caseNumber: string | null;
  from: string | null;
  to: string | null;
  /** The officer's unit or the station's unit. */
  unit: string | null;
  stations: string[];
  limit: number;
}

export const DEFAULT_SEARCH_LIMIT = 100;
export const MAX_SEARCH_LIMIT = 100_000;

/** One recording as search finds it: its latest metadata. */
export interface CentralRecordingHit {
  station: string;
  recordingId: number;
  stationUnit: string | null;
  localDate: string;
  startedAt: string;
  durationSeconds: number | null;
  recorder: string | null;
  officerId: string | null;
  officerName: string | null;
  officerUnit: string | null;
  originalName: string;
  sha256: string;
  size: number;
  cases: string[];
  flags: string[];
  disposedAt: string | null;
  /** R14 level as the station sent it (null: sent before levels were). */
  level: string | null;
}

/**
 * A recording of a secret level (commercial or state secret) as search shows it: the central
 * catalogue has no clearances, so it is shown to nobody beyond what the station shows an operator
 * without clearance (its id, level and date).
 */
export interface CentralHiddenHit {
  station: string;
  recordingId: number;
  hidden: true;
  level: string;
  localDate: string;
}

export const SECRET_LEVELS: readonly string[] = ['commercial-secret', 'state-secret'];

/** What search shows of a recording: all of it, or for secret footage its station, id, level and date. */
export function shownHit(h: CentralRecordingHit): CentralRecordingHit | CentralHiddenHit {
  return h.level !== null && SECRET_LEVELS.includes(h.level) ? { station: h.station, recordingId: h.recordingId, hidden: true, level: h.level, localDate: h.localDate } : h;
}

/**
 * Whether the filter names a person, a recorder, a case or a unit: secret footage is then left out
 * altogether (counted, not listed), as a hidden row matching such a filter would tell whose it is.
 */
export function filterNamesWhose(f: CentralSearchFilter): boolean {
  return f.officer !== null || f.recorder !== null || f.caseNumber !== null || f.unit !== null;
}

export function searchFilter(opts: {
  officer?: string;
  recorder?: string;
  case?: string;
  from?: string;
  to?: string;
  unit?: string;
  station?: string[];
  limit?: string;
}): CentralSearchFilter {
  for (const [name, v] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (v !== undefined && !isLocalDate(v)) throw new UserError(said(m.notADate, { name, value: v }), m.notADateHint);
  }
  if (opts.from && opts.to && opts.from > opts.to) throw new UserError(said(m.fromAfterTo, { from: opts.from, to: opts.to }), m.fromAfterToHint);
  const stations = checkedStations(opts.station ?? []);
  let limit = DEFAULT_SEARCH_LIMIT;
  if (opts.limit !== undefined) {
    limit = Number(opts.limit);
    if (!/^\d+$/.test(opts.limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) throw new UserError(said(m.badLimit, { value: opts.limit, max: MAX_SEARCH_LIMIT }), m.badLimitHint);
  }
  const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
  return { officer: text(opts.officer), recorder: text(opts.recorder), caseNumber: text(opts.case), from: opts.from ?? null, to: opts.to ?? null, unit: text(opts.unit), stations, limit };
}

/** `--station` values: station names as the bucket spells them. */
export function checkedStations(names: readonly string[]): string[] {
  for (const s of names) if (!STATION_NAME.test(s)) throw new UserError(said(m.badStationName, { value: s }), m.badStationNameHint);
  return [...new Set(names)];
}
