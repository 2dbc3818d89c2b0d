import { describe, expect, it } from 'vitest';
import { bagInfoText, parseBagInfo } from '../core/bagit.js';
import { archiveSetStatus, setDescription } from './export-bag-files.js';
import { exportSetId } from './export.js';

describe('provisional archive sets', () => {
  it('have ids of their own series, never the quarter\'s or a supplement\'s', () => {
    const q = { year: 2026, q: 4 } as const;
    expect([0, 1].map((n) => exportSetId(q, false, n))).toEqual(['2026Q4', '2026Q4-S1']);
    expect([0, 1].map((n) => exportSetId(q, true, n))).toEqual(['2026Q4-provisional-1', '2026Q4-provisional-2']);
  });

  it('say in bag-info, in the vault\'s language (Chinese unless configured), that a final export must follow', () => {
    const info = parseBagInfo(bagInfoText(archiveSetStatus({ quarter: '2026Q4', provisional: true }, '2027-01-01', '2026-11-28')));
    expect(info[0]).toEqual(['Archive-Set-Status', '临时归档']);
    expect(info[1]![1]).toContain('2027-01-01 起须再做正式归档');
    expect(info[1]![1]).not.toMatch(/[a-z]{3}/i);
    const en = archiveSetStatus({ quarter: '2026Q4', provisional: true }, '2027-01-01', '2026-11-28', 'en');
    expect(en[0]).toEqual(['Archive-Set-Status', 'provisional']);
    expect(en[1]![1]).toContain('a final export must follow from 2027-01-01');
    expect(en[1]![1]).not.toMatch(/[\u4e00-\u9fff]/);
    expect(archiveSetStatus({ quarter: '2026Q3', provisional: false }, '2026-10-01', '2026-10-08')).toEqual([['Archive-Set-Status', '正式归档']]);
    expect(archiveSetStatus({ quarter: '2026Q3', provisional: false }, '2026-10-01', '2026-10-08', 'en')).toEqual([['Archive-Set-Status', 'final']]);
  });

  it('describe the set in the vault\'s language', () => {
    expect(setDescription('zh', '2026Q3', '2026-07-01', '2026-10-01', 'Asia/Shanghai')).toBe('现场执法记录仪影像资料季度归档集 2026Q3：摄录于 2026-07-01 至 2026-10-01（不含）的影像，按 Asia/Shanghai 当地日期');
    expect(setDescription('en', '2026Q3', '2026-07-01', '2026-10-01', 'Asia/Shanghai')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
