import { describe, expect, it } from 'vitest';
import { activeOn, staffingByUnit } from './staffing.js';
import { overdueCase } from './case-deadline.js';

describe('R3 per unit', () => {
  it('counts an officer who left only before the date', () => {
    expect(activeOn({ status: 'left', statusDate: '2026-06-01' }, '2026-05-31')).toBe(true);
    expect(activeOn({ status: 'left', statusDate: '2026-06-01' }, '2026-06-01')).toBe(false);
    expect(activeOn({ status: 'active', statusDate: null }, '2026-06-01')).toBe(true);
  });
  it('gives each unit its ratio and the whole its own', () => {
    const officers = [
      { unit: '一队', status: 'active' as const, statusDate: null },
      { unit: '一队', status: 'active' as const, statusDate: null },
      { unit: '一队', status: 'active' as const, statusDate: null },
      { unit: '一队', status: 'active' as const, statusDate: null },
      { unit: '二队', status: 'left' as const, statusDate: '2026-01-01' },
      { unit: '二队', status: 'active' as const, statusDate: null },
    ];
    const r = staffingByUnit(officers, ['一队', '二队', null], '2026-06-01', 4);
    expect(r.total).toMatchObject({ officers: 5, recorders: 3, meetsRule: true });
    expect(r.units.map((u) => [u.unit, u.officers, u.recorders, u.meetsRule])).toEqual([
      ['一队', 4, 1, true], // large staff from 4: one per 5
      ['二队', 1, 1, true],
      [null, 0, 1, true],
    ]);
    expect(staffingByUnit(officers, ['一队'], '2026-06-01', 100).units[0]).toMatchObject({ unit: '一队', meetsRule: false });
  });
});

describe('P25 case deadline', () => {
  const c = { number: 'X', title: 't', closedOn: '2026-05-01', recordings: [{ id: 1, archived: true }, { id: 2, archived: false }] };
  it('is overdue the day after the 30th day with a recording not archived', () => {
    expect(overdueCase(c, '2026-05-31')).toBeNull();
    expect(overdueCase(c, '2026-06-02')).toEqual({ number: 'X', title: 't', closedOn: '2026-05-01', deadline: '2026-05-31', daysOverdue: 2, missing: [2] });
    expect(overdueCase({ ...c, recordings: [{ id: 2, archived: true }] }, '2026-09-01')).toBeNull();
  });
});
