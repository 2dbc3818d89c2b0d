import { describe, expect, it } from 'vitest';
import { buildInspection, type InspectionInput } from './inspection-report.js';
import { notAvailable } from './inspection-types.js';
import { inspectionCsv } from './inspection-csv.js';
import { inspectionHtml } from './inspection-html.js';
import { datesOf, halfYear, periodOf } from './inspection-period.js';

const NA = notAvailable('not in this build');
const ms = (iso: string) => Date.parse(iso);

function input(over: Partial<InspectionInput> = {}): InspectionInput {
  return {
    period: { from: '2026-03-02', to: '2026-03-08' }, // Monday to Sunday
    startMs: ms('2026-03-01T16:00:00Z'),
    endMs: ms('2026-03-08T16:00:00Z'),
    generatedAt: '2026-07-01T09:00:00+08:00',
    unitName: '执法支队',
    auditHead: { seq: 7, hash: 'a'.repeat(64) },
    officers: [
      { id: '110101', name: '张三', unit: '一队' },
      { id: '110102', name: '李四', unit: '一队' },
      { id: '110201', name: '王五', unit: '二队' },
    ],
    devices: [
      { number: 'A1', brand: '海康', model: 'A8', status: 'in-service' },
      { number: 'B1', brand: '海康', model: 'A8', status: 'in-repair' },
    ],
    assignments: [
      { deviceNumber: 'A1', officerId: '110101', fromMs: ms('2026-01-01T00:00:00Z'), toMs: ms('2026-03-04T00:00:00Z') },
      { deviceNumber: 'A1', officerId: '110102', fromMs: ms('2026-03-04T00:00:00Z'), toMs: null },
      { deviceNumber: 'B1', officerId: '110201', fromMs: ms('2026-04-01T00:00:00Z'), toMs: null }, // after the period
    ],
    activity: [
      { officerId: '110101', deviceNumber: 'A1', localDate: '2026-03-02', recordings: 3, seconds: 1800, clockFlagged: 0 },
      { officerId: '110101', deviceNumber: 'A1', localDate: '2026-03-03', recordings: 2, seconds: 1200, clockFlagged: 2 },
      { officerId: '110102', deviceNumber: 'A1', localDate: '2026-03-05', recordings: 4, seconds: 3600, clockFlagged: 0 },
      { officerId: null, deviceNumber: null, localDate: '2026-03-05', recordings: 1, seconds: 60, clockFlagged: 0 },
    ],
    docked: [
      { deviceNumber: 'A1', localDate: '2026-03-02' },
      { deviceNumber: 'A1', localDate: '2026-03-03' },
      { deviceNumber: 'A1', localDate: '2026-03-05' },
    ],
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
    ...over,
  };
}

describe('the inspection report', () => {
  it('counts recordings, hours and days per officer, recorder and unit by hand', () => {
    const r = buildInspection(input());
    const o = Object.fromEntries(r.officers.map((l) => [l.officerId ?? 'none', l]));
    expect([o['110101']!.recordings, o['110101']!.seconds, o['110101']!.daysRecorded]).toEqual([5, 3000, 2]);
    expect([o['110102']!.recordings, o['110102']!.seconds, o['110102']!.daysRecorded]).toEqual([4, 3600, 1]);
    expect([o['110201']!.recordings, o['110201']!.daysRecorded]).toEqual([0, 0]);
    // The unattributed recording is counted, not dropped.
    expect(o['none']!.recordings).toBe(1);
    expect(r.totals.recordings).toBe(10);
    const a1 = r.devices.find((d) => d.deviceNumber === 'A1')!;
    expect([a1.recordings, a1.daysRecorded, a1.daysDocked]).toEqual([9, 3, 3]);
    expect(a1.officers).toEqual(['110101', '110102']);
    expect(a1.unit).toBe('一队');
    const b1 = r.devices.find((d) => d.deviceNumber === 'B1')!;
    expect([b1.inRepair, b1.officers]).toEqual([true, []]);
    expect(r.totals.devicesInRepair).toBe(1);
    const u1 = r.units.find((u) => u.unit === '一队')!;
    expect([u1.officers, u1.recorders, u1.recordings, u1.daysRecorded]).toEqual([2, 1, 9, 3]);
    expect(u1.staffing.meetsRule).toBe(true);
    const u2 = r.units.find((u) => u.unit === '二队')!;
    expect([u2.officers, u2.recorders, u2.staffing.meetsRule]).toEqual([1, 0, false]);
    // R3 overall: three officers, one recorder in service.
    expect([r.staffing.officers, r.staffing.recorders, r.staffing.meetsRule]).toEqual([3, 1, true]);
  });

  it('leaves what a source could not give as null and names it, never zero', () => {
    const r = buildInspection(input());
    for (const o of r.officers) expect([o.gaps, o.gapsExplained, o.late, o.lateExplained, o.daysNotDocked, o.status]).toEqual([null, null, null, null, null, null]);
    expect(r.devices[0]!.clockDrift).toBeNull();
    // Even a unit with nothing to add up (the unattributed recording's) says not available.
    expect(r.units.map((u) => [u.unit, u.gaps, u.late, u.daysNotDocked])).toEqual([['一队', null, null, null], ['二队', null, null, null], [null, null, null, null]]);
    expect([r.totals.gaps, r.totals.late, r.totals.daysNotDocked, r.totals.devicesWithClockDrift, r.cases, r.exemptions]).toEqual([null, null, null, null, null, null]);
    expect(Object.keys(r.notAvailable).sort()).toEqual(['cases', 'clockDrift', 'exemptions', 'gaps', 'late', 'notDocked', 'officerStatus', 'workingDays']);
    expect(inspectionHtml(r)).toContain('未提供 not available');
    expect(inspectionCsv(r)).toContain('未提供 not available');
  });

  it('counts gaps, late stores, undocked days and drift when their sources give them', () => {
    const r = buildInspection(
      input({
        gaps: [
          { deviceNumber: 'A1', officerId: '110101', explained: true },
          { deviceNumber: 'A1', officerId: '110101', explained: false },
          { deviceNumber: 'A1', officerId: '110102', explained: false },
        ],
        late: [{ deviceNumber: 'A1', officerId: '110102', explained: true }],
        notDocked: [
          { localDate: '2026-03-04', deviceNumber: 'A1', officerId: '110102' },
          { localDate: '2026-03-06', deviceNumber: 'A1', officerId: '110102' },
        ],
        drift: [{ deviceNumber: 'A1', maxOffsetSeconds: 3600 }],
        officerStatus: [{ officerId: '110201', status: 'left', since: '2026-03-01' }],
        workingDays: ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'],
        exemptions: [],
        overdueCases: [],
      }),
    );
    const o = Object.fromEntries(r.officers.map((l) => [l.officerId ?? 'none', l]));
    expect([o['110101']!.gaps, o['110101']!.gapsExplained, o['110101']!.late, o['110101']!.daysNotDocked]).toEqual([2, 1, 0, 0]);
    expect([o['110102']!.gaps, o['110102']!.gapsExplained, o['110102']!.late, o['110102']!.lateExplained, o['110102']!.daysNotDocked]).toEqual([1, 0, 1, 1, 2]);
    expect(o['110201']!.status).toBe('left');
    expect(r.units.find((u) => u.unit === '二队')!.activeOfficers).toBe(0);
    expect(r.staffing.activeOfficers).toBe(2);
    const a1 = r.devices.find((d) => d.deviceNumber === 'A1')!;
    expect([a1.gaps, a1.gapsExplained, a1.daysNotDocked, a1.clockDrift, a1.maxOffsetSeconds]).toEqual([3, 1, 2, 2, 3600]);
    expect([r.totals.gaps, r.totals.gapsExplained, r.totals.late, r.totals.daysNotDocked, r.totals.devicesWithClockDrift]).toEqual([3, 1, 1, 2, 1]);
    expect(r.period.workingDays).toBe(4);
    expect(r.calendar.filter((d) => d.working).map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(r.notAvailable).toEqual({});
  });

  it('takes Monday to Friday as working days when none are configured', () => {
    const r = buildInspection(input());
    expect(r.period).toMatchObject({ days: 7, workingDays: 5, through: null });
    expect(r.calendar.map((d) => d.docked)).toEqual([1, 1, 0, 1, 0, 0, 0]);
  });

  it('counts the working days of a period not yet ended only to the day before it is made (as days not docked are), and says so', () => {
    const r = buildInspection({ ...input(), today: '2026-03-04' });
    expect(r.period).toMatchObject({ days: 7, workingDays: 2, through: '2026-03-03' });
    expect(r.calendar.filter((d) => d.notYet).map((d) => d.date)).toEqual(['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
    expect(inspectionHtml(r)).not.toMatch(/2026-03-05: 0 台已交存/); // a day to come is never painted as missed
    expect(buildInspection({ ...input(), today: '2026-03-08' }).period).toMatchObject({ workingDays: 5, through: '2026-03-07' });
    expect(buildInspection({ ...input(), today: '2026-03-09' }).period).toMatchObject({ workingDays: 5, through: null });
    expect(buildInspection({ ...input(), today: '2026-03-09' }).calendar.some((d) => d.notYet)).toBe(false);
  });

  it('writes a CSV Excel opens in Chinese, with cells that cannot become formulas', () => {
    const r = buildInspection(input({ officers: [{ id: '110101', name: '=HYPERLINK("x")', unit: '一队,二' }] }));
    const csv = inspectionCsv(r);
    expect(csv.startsWith('\uFEFF# 期间 period')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain('"一队,二"');
  });

  it('red team 13: neutralises a formula behind a tab, a carriage return or blanks', () => {
    const r = buildInspection(input({ officers: [{ id: '110101', name: '\t=1+1', unit: '\r=2+2' }, { id: '110102', name: '\u3000=3+3', unit: ' @SUM(1)' }] }));
    const csv = inspectionCsv(r);
    expect(csv).toContain(`"'\t=1+1"`);
    expect(csv).toContain(`"'\r=2+2"`);
    expect(csv).toContain(`"'\u3000=3+3"`);
    expect(csv).toContain(`"' @SUM(1)"`);
  });

  it('escapes what people typed in the page', () => {
    const r = buildInspection(input({ officers: [{ id: '110101', name: '<script>alert(1)</script>', unit: null }] }));
    const html = inspectionHtml(r);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('inspection periods', () => {
  it('reads half-years and checks typed dates', () => {
    expect(halfYear('2026H1')).toEqual({ label: '2026H1', from: '2026-01-01', to: '2026-06-30' });
    expect(halfYear('2026h2')).toEqual({ label: '2026H2', from: '2026-07-01', to: '2026-12-31' });
    expect(() => halfYear('2026Q1')).toThrow(/half-year/);
    expect(() => periodOf('2026-02-30', '2026-06-30')).toThrow(/not a date/);
    expect(() => periodOf('2026-07-01', '2026-06-30')).toThrow(/after/);
    expect(datesOf({ from: '2026-02-27', to: '2026-03-01' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(datesOf(periodOf('2026-01-01', '2026-06-30'))).toHaveLength(181);
  });
});
