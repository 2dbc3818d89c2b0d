import { describe, expect, it } from 'vitest';
import { bagInfoText, parseBagInfo } from '../core/bagit.js';
import { archiveSetStatus } from './export-bag-files.js';
import { exportSetId } from './export.js';

describe('provisional archive sets', () => {
  it('have ids of their own series, never the quarter\'s or a supplement\'s', () => {
    const q = { year: 2026, q: 4 } as const;
    expect([0, 1].map((n) => exportSetId(q, false, n))).toEqual(['2026Q4', '2026Q4-S1']);
    expect([0, 1].map((n) => exportSetId(q, true, n))).toEqual(['2026Q4-provisional-1', '2026Q4-provisional-2']);
  });

  it('say in bag-info, in Chinese and English, that a final export must follow', () => {
    const info = parseBagInfo(bagInfoText(archiveSetStatus({ quarter: '2026Q4', provisional: true }, '2027-01-01', '2026-11-28')));
    expect(info[0]).toEqual(['Archive-Set-Status', 'provisional / 临时归档']);
    expect(info[1]![1]).toContain('2027-01-01 起须再做正式归档');
    expect(info[1]![1]).toContain('a final export must follow from 2027-01-01');
    expect(archiveSetStatus({ quarter: '2026Q3', provisional: false }, '2026-10-01', '2026-10-08')).toEqual([['Archive-Set-Status', 'final / 正式归档']]);
  });
});
