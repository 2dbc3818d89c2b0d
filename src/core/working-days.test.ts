import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, dockKey, isLocalDate, isWorkingDay, notDockedByRecorder, notDockedDays } from './working-days.js';

const day = (date: string): [number, number] => {
  const s = Date.parse(`${date}T00:00:00+08:00`);
  return [s, s + 86_400_000];
};
const ms = (t: string) => Date.parse(`${t}+08:00`);

describe('working days', () => {
  const cal = { ...DEFAULT_CALENDAR, holidays: ['2026-10-01'], extraWorkingDays: ['2026-09-27'] };
  it('takes weekends and holidays off, make-up Saturdays and Sundays on', () => {
    expect(isWorkingDay('2026-09-25', cal)).toBe(true); // Friday
    expect(isWorkingDay('2026-09-26', cal)).toBe(false); // Saturday
    expect(isWorkingDay('2026-09-27', cal)).toBe(true); // Sunday, 调休
    expect(isWorkingDay('2026-10-01', cal)).toBe(false); // Thursday, holiday
  });
  it('knows a real date', () => {
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-2-1')).toBe(false);
  });
  it('flags an assigned recorder not docked on a working day, only while assigned', () => {
    const assignments = [
      { deviceNumber: 'A', officerId: 'o1', fromMs: ms('2026-09-24T08:00:00'), toMs: ms('2026-09-29T00:00:00') },
      { deviceNumber: 'B', officerId: 'o2', fromMs: ms('2026-09-01T08:00:00'), toMs: null },
    ];
    const docked = new Set([dockKey('A', '2026-09-24'), dockKey('B', '2026-09-24'), dockKey('B', '2026-09-25'), dockKey('B', '2026-09-28')]);
    const days = notDockedDays('2026-09-23', '2026-09-29', cal, { assignments, docked, dayBounds: day });
    expect(days).toEqual([
      { date: '2026-09-23', deviceNumber: 'B', officerId: 'o2' },
      { date: '2026-09-25', deviceNumber: 'A', officerId: 'o1' },
      { date: '2026-09-27', deviceNumber: 'A', officerId: 'o1' },
      { date: '2026-09-27', deviceNumber: 'B', officerId: 'o2' },
      { date: '2026-09-28', deviceNumber: 'A', officerId: 'o1' },
      { date: '2026-09-29', deviceNumber: 'B', officerId: 'o2' },
    ]);
    expect(notDockedByRecorder(days)).toEqual([
      { deviceNumber: 'A', officerId: 'o1', days: 3, dates: ['2026-09-25', '2026-09-27', '2026-09-28'] },
      { deviceNumber: 'B', officerId: 'o2', days: 3, dates: ['2026-09-23', '2026-09-27', '2026-09-29'] },
    ]);
  });
});
