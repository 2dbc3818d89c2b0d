import { describe, expect, it } from 'vitest';
import { caseDayIndexPath, caseIndexPath, caseIndexText, isCaseViewPath } from './case-view.js';

describe('case view', () => {
  it('puts a case index in the case folder and in each day folder', () => {
    expect(caseIndexPath('鞍自然执〔2026〕17号')).toBe('现场执法记录仪影像资料/案件-cases/鞍自然执〔2026〕17号.txt');
    expect(caseDayIndexPath('A/B', '2026-05-15')).toBe('现场执法记录仪影像资料/2026/05/15/案件-cases/A_B.txt');
  });

  it('tells the derived view from footage', () => {
    expect(isCaseViewPath('现场执法记录仪影像资料/2026/05/15/案件-cases/x.txt')).toBe(true);
    expect(isCaseViewPath('现场执法记录仪影像资料/案件-cases/x.txt')).toBe(true);
    expect(isCaseViewPath('现场执法记录仪影像资料/2026/05/15/0001234/案件-cases.MP4')).toBe(false);
    // A source named 案件-cases gets a quarantine folder of that name: footage, not the case view.
    expect(isCaseViewPath('现场执法记录仪影像资料/2026/05/15/未识别设备-quarantine/案件-cases/x.MP4')).toBe(false);
    expect(isCaseViewPath('现场执法记录仪影像资料/2026/05/15/0001234/案件-cases/x.MP4')).toBe(false);
  });

  it('lists recordings by day, marking disposed ones', () => {
    const text = caseIndexText({ number: 'N1', title: 'T', category: 'general', status: 'open' }, [
      { recordingId: 2, localDate: '2026-05-16', startedAt: '2026-05-16T08:00:00+08:00', vaultPath: '现场执法记录仪影像资料/2026/05/16/D/b.MP4', sha256: 'b'.repeat(64), size: 5, deviceNumber: 'D', officerId: null, disposedAt: '2026-12-01' },
      { recordingId: 1, localDate: '2026-05-15', startedAt: '2026-05-15T08:00:00+08:00', vaultPath: '现场执法记录仪影像资料/2026/05/15/D/a.MP4', sha256: 'a'.repeat(64), size: 4, deviceNumber: 'D', officerId: '7', disposedAt: null },
    ], '2026-12-02T00:00:00+08:00');
    expect(text.indexOf('[2026-05-15]')).toBeLessThan(text.indexOf('[2026-05-16]'));
    expect(text).toContain('2026/05/15/D/a.MP4');
    expect(text).toMatch(/#2 .*已销毁 disposed 2026-12-01/);
  });
});
