import { describe, expect, it } from 'vitest';
import { attributeOfficer, officerAt, type Assignment } from './assignments.js';

const h: Assignment[] = [
  { deviceNumber: 'D', officerId: '110101', fromMs: 1000, toMs: 2000 },
  { deviceNumber: 'D', officerId: '110102', fromMs: 2000, toMs: null },
];

describe('assignment history', () => {
  it('names the officer assigned at a moment, with half-open periods', () => {
    expect(officerAt(h, 999)).toBeNull();
    expect(officerAt(h, 1000)).toBe('110101');
    expect(officerAt(h, 1999)).toBe('110101');
    expect(officerAt(h, 2000)).toBe('110102');
    expect(officerAt(h, 10 ** 13)).toBe('110102');
  });
  it('attributes to the assigned officer and flags a file name that says another', () => {
    expect(attributeOfficer('110101', '110101')).toEqual({ officerId: '110101', mismatch: false });
    expect(attributeOfficer('110101', '110999')).toEqual({ officerId: '110101', mismatch: true });
    expect(attributeOfficer('110101', null)).toEqual({ officerId: '110101', mismatch: false });
    expect(attributeOfficer(null, '110999')).toEqual({ officerId: '110999', mismatch: false });
  });
});
