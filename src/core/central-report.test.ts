import { describe, expect, it } from 'vitest';
import { buildCentralReport, type CentralActivityRow } from './central-report.js';
import { buildInspection } from './inspection-report.js';
import { notAvailable, type ActivityRow } from './inspection-types.js';

const NA = notAvailable('not here');

/** One station's recordings, as its catalogue holds them and as its metadata objects say. */
interface Rec {
  officer: string | null;
  recorder: string | null;
  date: string;
  seconds: number | null;
  flags?: string[];
  disposed?: boolean;
}

const register = [
  { id: '110101', name: '张三', unit: '一队' },
  { id: '110102', name: '李四', unit: '一队' },
  { id: '110201', name: '王五', unit: '二队' },
  { id: '110301', name: '赵六', unit: '三队' }, // no recordings: the station lists them, the store cannot
];

const recs: Rec[] = [
  { officer: '110101', recorder: 'A1', date: '2026-03-02', seconds: 600.4 },
  { officer: '110101', recorder: 'A1', date: '2026-03-02', seconds: 300.3, flags: ['clock-skew'] },
  { officer: '110101', recorder: 'A2', date: '2026-03-04', seconds: 100.2 },
  { officer: '110102', recorder: 'A1', date: '2026-03-05', seconds: 3600, disposed: true },
  { officer: '110201', recorder: 'B1', date: '2026-03-05', seconds: null },
  { officer: '110201', recorder: 'B1', date: '2026-03-06', seconds: 59.6 },
  { officer: '999999', recorder: 'B1', date: '2026-03-06', seconds: 10 }, // an officer not in the register
  { officer: null, recorder: null, date: '2026-03-07', seconds: 60 },
];

function grouped<T>(rows: Rec[], make: (key: Rec, group: Rec[]) => T): T[] {
  const groups = new Map<string, Rec[]>();
  for (const r of rows) groups.set(JSON.stringify([r.officer, r.recorder, r.date]), [...(groups.get(JSON.stringify([r.officer, r.recorder, r.date])) ?? []), r]);
  return [...groups.values()].map((g) => make(g[0]!, g));
}

const flagged = (g: Rec[]) => g.filter((r) => r.flags?.some((f) => f === 'clock-ahead' || f === 'clock-skew')).length;
const seconds = (g: Rec[]) => g.reduce((n, r) => n + (r.seconds ?? 0), 0);

describe('the report across stations', () => {
  it("counts one station's recordings, seconds and days per officer, unit and recorder as the station's own report does", () => {
    const station = buildInspection({
      period: { from: '2026-03-01', to: '2026-03-31' },
      startMs: 0,
      endMs: 1,
      generatedAt: '2026-04-01T09:00:00+08:00',
      unitName: null,
      auditHead: { seq: 1, hash: 'a'.repeat(64) },
      officers: register,
      devices: [],
      assignments: [],
      activity: grouped<ActivityRow>(recs, (k, g) => ({ officerId: k.officer, deviceNumber: k.recorder, localDate: k.date, recordings: g.length, seconds: seconds(g), clockFlagged: flagged(g) })),
      docked: [],
      gaps: NA,
      late: NA,
      drift: NA,
      notDocked: NA,
      officerStatus: NA,
      exemptions: NA,
      overdueCases: NA,
      workingDays: NA,
      largeStaffFrom: 100,
      previousInspection: null,
    });
    const central = buildCentralReport({
      period: { from: '2026-03-01', to: '2026-03-31' },
      generatedAt: '2026-04-01T09:00:00+08:00',
      stations: [{ station: 'st-01', unit: '支队', lastIndexedAt: null, trail: null }],
      activity: grouped<CentralActivityRow>(recs, (k, g) => ({
        station: 'st-01',
        officerId: k.officer,
        recorder: k.recorder,
        localDate: k.date,
        recordings: g.length,
        seconds: seconds(g),
        clockFlagged: flagged(g),
        disposed: g.filter((r) => r.disposed).length,
      })),
      // The officers as the metadata names them: registered ones with name and unit, the one not registered with neither.
      officers: [...register.slice(0, 3).map((o) => ({ station: 'st-01', officerId: o.id, name: o.name, unit: o.unit })), { station: 'st-01', officerId: '999999', name: null, unit: null }],
    });
    const counts = (l: { recordings: number; seconds: number; daysRecorded: number }) => [l.recordings, l.seconds, l.daysRecorded];
    const withRecordings = <T extends { recordings: number }>(ls: T[]) => ls.filter((l) => l.recordings > 0);
    const byId = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(central.officers.map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byId)).toEqual(withRecordings(station.officers).map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byId));
    expect(central.units.map((u) => [u.unit, ...counts(u)])).toEqual(withRecordings(station.units).map((u) => [u.unit, ...counts(u)]));
    const byNumber = (a: { number: string | null }, b: { number: string | null }) => String(a.number).localeCompare(String(b.number));
    expect(central.recorders.map((d) => ({ number: d.recorder, c: counts(d) })).sort(byNumber)).toEqual(station.devices.map((d) => ({ number: d.deviceNumber, c: counts(d) })).sort(byNumber));
    expect([central.totals.recordings, central.totals.seconds]).toEqual([station.totals.recordings, station.totals.seconds]);
    expect(central.stations[0]).toMatchObject({ recordings: 8, seconds: 4731, daysRecorded: 5, disposed: 1 });
    expect(central.recorders.find((d) => d.recorder === 'A1')!.clockFlagged).toBe(1);
    expect(central.units.find((u) => u.unit === '一队')!.officers).toBe(2);
  });

  it('adds stations up, keeps each station its own lines, and lists a station with nothing in the period', () => {
    const row = (station: string, officerId: string, localDate: string, s: number): CentralActivityRow => ({ station, officerId, recorder: 'DSJ-1', localDate, recordings: 1, seconds: s, clockFlagged: 0, disposed: 0 });
    const r = buildCentralReport({
      period: { from: '2026-03-01', to: '2026-03-31' },
      generatedAt: 'now',
      stations: [
        { station: 'st-02', unit: null, lastIndexedAt: null, trail: null },
        { station: 'st-01', unit: null, lastIndexedAt: null, trail: { ok: false, segments: 2, entries: 9, head: { seq: 9, hash: 'b'.repeat(64) }, problems: [{ kind: 'missing', seq: 4, segment: 'k', detail: 'd' }], checkedAt: 'x' } },
        { station: 'st-03', unit: null, lastIndexedAt: null, trail: null },
      ],
      activity: [row('st-01', '1', '2026-03-02', 0.4), row('st-01', '1', '2026-03-03', 0.4), row('st-02', '1', '2026-03-02', 0.4)],
      officers: [
        { station: 'st-01', officerId: '1', name: 'A', unit: 'U' },
        { station: 'st-02', officerId: '1', name: 'A', unit: 'V' },
      ],
    });
    expect(r.stations.map((s) => [s.station, s.recordings, s.seconds, s.daysRecorded])).toEqual([
      ['st-01', 2, 1, 2],
      ['st-02', 1, 0, 1],
      ['st-03', 0, 0, 0],
    ]);
    // The same officer ID at two stations is two lines, each under its station's unit.
    expect(r.officers.map((o) => [o.station, o.unit, o.recordings])).toEqual([
      ['st-01', 'U', 2],
      ['st-02', 'V', 1],
    ]);
    expect(r.totals).toMatchObject({ stations: 3, recordings: 3, seconds: 1, daysRecorded: 2, trailsBroken: 1, trailsNotIndexed: 2 });
  });
});
