import { describe, expect, it } from 'vitest';
import { notDockedToday, staffingRatio } from './dock-report.js';

describe('end-of-day report', () => {
  it('lists in-service recorders not docked today', () => {
    expect(notDockedToday(['B', 'A', 'C'], new Set(['B']))).toEqual(['A', 'C']);
  });
  it('checks R3: 1 recorder per 3 officers, per 5 for a large staff', () => {
    expect(staffingRatio(7, 2)).toMatchObject({ officersPerRecorder: 3.5, meetsRule: false });
    expect(staffingRatio(6, 2)).toMatchObject({ officersPerRecorder: 3, meetsRule: true });
    expect(staffingRatio(150, 30)).toMatchObject({ meetsRule: true, rule: 'at least 1 recorder per 5 officers (R3)' });
    expect(staffingRatio(3, 0)).toMatchObject({ officersPerRecorder: null, meetsRule: false });
  });
});
