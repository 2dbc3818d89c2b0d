import { describe, expect, it } from 'vitest';
import { localDateIn } from './zoned-time.js';
import {
  addDays,
  addMonths,
  decideRetention,
  eligibleFrom,
  forecastDiskFull,
  HOLD_REASONS,
  keptThrough,
  lastEligibleLocalDate,
  periodFor,
  isPermanentHold,
  parseStandingScope,
} from './retention-policy.js';

describe('retention period', () => {
  it('keeps a recording through its local date plus six calendar months', () => {
    expect(keptThrough('2026-05-15', 6)).toBe('2026-11-15');
    expect(eligibleFrom('2026-05-15', 6)).toBe('2026-11-16');
  });

  it('clamps to the last day of a shorter month', () => {
    expect(keptThrough('2026-05-31', 6)).toBe('2026-11-30');
    expect(eligibleFrom('2026-05-31', 6)).toBe('2026-12-01');
    expect(keptThrough('2025-08-31', 6)).toBe('2026-02-28');
    expect(keptThrough('2027-08-31', 6)).toBe('2028-02-29'); // leap year
    expect(addMonths('2026-12-31', 2)).toBe('2027-02-28');
    expect(addMonths('2026-07-10', 18)).toBe('2028-01-10');
  });

  it('is not eligible on its last kept day, and is from the next', () => {
    const facts = { localDate: '2026-05-15', months: 6, holds: [], disposed: false };
    expect(decideRetention(facts, '2026-11-15').state).toBe('inside-minimum');
    expect(decideRetention(facts, '2026-11-16').state).toBe('eligible');
    const endOfMonth = { ...facts, localDate: '2026-05-31' };
    expect(decideRetention(endOfMonth, '2026-11-30').state).toBe('inside-minimum');
    expect(decideRetention(endOfMonth, '2026-12-01').state).toBe('eligible');
  });

  it('lets the timezone decide the local date', () => {
    // 2026-05-31T17:00Z is 06-01 01:00 in Shanghai but still 05-31 in UTC.
    const instant = new Date('2026-05-31T17:00:00Z');
    const shanghai = localDateIn(instant, 'Asia/Shanghai');
    const utc = localDateIn(instant, 'UTC');
    expect(shanghai).toBe('2026-06-01');
    expect(utc).toBe('2026-05-31');
    expect(decideRetention({ localDate: utc, months: 6, holds: [], disposed: false }, '2026-12-01').state).toBe('eligible');
    expect(decideRetention({ localDate: shanghai, months: 6, holds: [], disposed: false }, '2026-12-01').state).toBe('inside-minimum');
  });

  it('every hold reason keeps an old recording', () => {
    for (const reason of HOLD_REASONS) {
      expect(decideRetention({ localDate: '2020-01-01', months: 6, holds: [reason], disposed: false }, '2026-12-01').state).toBe('held');
    }
  });

  it('a category period longer than the minimum wins', () => {
    expect(periodFor(['general', 'penalty'], 6, { penalty: 24 })).toBe(24);
    expect(periodFor([], 6, { penalty: 24 })).toBe(6);
  });

  it('R12(3) and R6 holds are permanent; "other" only when marked; evidence-use never', () => {
    for (const r of ['complaint', 'reconsideration', 'litigation', 'mass-incident', 'coercive-measure', 'major-complex'] as const) {
      expect(isPermanentHold(r, false)).toBe(true);
    }
    expect(isPermanentHold('other', false)).toBe(false);
    expect(isPermanentHold('other', true)).toBe(true);
    expect(isPermanentHold('evidence-use', false)).toBe(false);
  });

  it('a correction floor keeps a recording past its normal date, never shorter', () => {
    const facts = { localDate: '2025-01-10', months: 6, holds: [], disposed: false };
    expect(decideRetention({ ...facts, floor: '2027-05-20' }, '2026-11-27')).toMatchObject({ state: 'inside-minimum', keptThrough: '2027-05-20', eligibleFrom: '2027-05-21' });
    expect(decideRetention({ ...facts, floor: '2025-02-01' }, '2026-11-27')).toMatchObject({ state: 'eligible', keptThrough: '2025-07-10' });
  });

  it('a standing approval scope is "all" or "category:NAME"', () => {
    expect(parseStandingScope('all')).toEqual({ kind: 'all' });
    expect(parseStandingScope(' category:penalty ')).toEqual({ kind: 'category', category: 'penalty' });
    for (const bad of ['', 'ALL', 'category:', 'category:Penalty', 'cat:penalty', 'category:a b']) expect(parseStandingScope(bad)).toBeNull();
  });
});

describe('lastEligibleLocalDate agrees with the per-recording rule', () => {
  it('for every made-on day against every today over three years, for 6, 7 and 13 months', () => {
    for (const months of [6, 7, 13]) {
      for (let today = '2026-01-01'; today < '2028-12-31'; today = addDays(today, 5)) {
        const cutoff = lastEligibleLocalDate(today, months);
        // Check the days around the cutoff (the rule is monotone, so the edges are what matter).
        for (let i = -40; i <= 40; i++) {
          const made = addDays(cutoff, i);
          const eligible = decideRetention({ localDate: made, months, holds: [], disposed: false }, today).state === 'eligible';
          expect(eligible, `made ${made}, today ${today}, ${months} months`).toBe(made <= cutoff);
        }
      }
    }
  });

  it('names the boundary days of the rules text', () => {
    expect(lastEligibleLocalDate('2026-11-16', 6)).toBe('2026-05-15');
    expect(lastEligibleLocalDate('2026-11-30', 6)).toBe('2026-05-29');
    expect(lastEligibleLocalDate('2026-12-01', 6)).toBe('2026-05-31');
  });
});

describe('disk forecast', () => {
  it('divides free space by the ingest rate', () => {
    expect(forecastDiskFull(1000, 100, '2026-11-27')).toEqual({ freeBytes: 1000, bytesPerDay: 100, daysLeft: 10, fullOn: '2026-12-07' });
    expect(forecastDiskFull(1000, 0, '2026-11-27').daysLeft).toBeNull();
  });
});
