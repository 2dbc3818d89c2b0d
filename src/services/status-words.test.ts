/**
 * Issue 16: the fixity lines, the export receipt's next step and a check's finding details are said in
 * both languages for a person, while what --json prints (the English) stays as it was.
 */
import { describe, expect, it } from 'vitest';
import type { FixityRun } from '../adapters/catalog/fixity-store.js';
import { checkDetailMessages } from '../core/i18n/check-detail-messages.js';
import { detailSaid, withDetail } from '../core/i18n/detail-said.js';
import { nextStep, stepOf, withNext, type ExportReceipt } from './export-receipt.js';
import { fixityStatusLines, fixityStatusSaid } from './fixity-status.js';

const CJK = /[\u3400-\u9fff]/;
const settings = { at: '02:30', periodDays: 7 };
const run = (over: Partial<FixityRun>): FixityRun => ({
  id: 1, startedAt: '2026-10-01T02:30:00+08:00', finishedAt: '2026-10-01T02:31:00+08:00', trigger: 'schedule',
  filesChecked: 12, bytesChecked: 1, chainOk: true, outcome: 'ok', findings: [], error: null, ...over,
});
const storeOf = (runs: FixityRun[]) => ({ recentRuns: () => runs, lastFinished: () => runs.find((r) => r.outcome === 'ok' || r.outcome === 'problems') });

describe('the fixity lines', () => {
  it('keep the English --json printed before, and say the same in Chinese', () => {
    const alert = run({ outcome: 'problems', findings: [{ check: 'files', kind: 'mismatch', vaultPath: '2026/10/01/a.mp4', detail: 'hash differs' }] });
    const cases: [FixityRun[], RegExp, RegExp][] = [
      [[], /^fixity: no check has run yet \(nightly at 02:30, every file within 7 days\)$/, /^完整性校验：尚未运行/],
      [[run({})], /^fixity: ok — last check 2026-10-01T02:31:00\+08:00: 12 files re-read, audit chain intact$/, /^完整性校验：正常/],
      [[run({ outcome: 'running', finishedAt: null })], /^fixity: a check started 2026-10-01T02:30:00\+08:00 is running \(or was interrupted\)$/, /正在运行/],
      [[run({ outcome: 'failed', error: 'EIO' })], /^FIXITY CHECK FAILED at 2026-10-01T02:31:00\+08:00: EIO$/, /^完整性校验未能完成.*EIO$/],
      [[alert], /^FIXITY ALERT at 2026-10-01T02:31:00\+08:00: 1 problems — run evidence-vault audit verify$/, /^完整性校验告警.*1 个问题/],
    ];
    for (const [runs, en, zh] of cases) {
      const said = fixityStatusSaid(storeOf(runs), settings);
      expect(fixityStatusLines(storeOf(runs), settings)[0]).toMatch(en);
      expect(said[0]!.zh).toMatch(zh);
      expect(said[0]!.en).not.toMatch(CJK);
    }
    expect(fixityStatusLines(storeOf([alert]), settings)[1]).toContain('2026/10/01/a.mp4');
  });

  it('keep the alarm behind a later run that was killed midway or failed: only a finished run lowers it', () => {
    const alert = run({ outcome: 'problems', findings: [{ check: 'files', kind: 'mismatch', vaultPath: '2026/10/01/a.mp4', detail: 'hash differs' }] });
    for (const later of [run({ id: 2, outcome: 'running', finishedAt: null }), run({ id: 2, outcome: 'failed', error: 'EIO' })]) {
      const lines = fixityStatusLines(storeOf([later, alert]), settings);
      expect(lines[1]).toMatch(/^FIXITY ALERT at .*: 1 problems/);
      expect(lines[2]).toContain('2026/10/01/a.mp4');
    }
    expect(fixityStatusLines(storeOf([run({ id: 3 }), alert]), settings)).toHaveLength(1);
  });
});

describe('the export receipt\'s next step', () => {
  it('is the English in the receipt (and its JSON), both languages beside it', () => {
    const receipt = { setId: '2026Q3', next: null } as unknown as ExportReceipt;
    const said = stepOf({ zh: '磁盘已满', en: 'the disk is full' }, { zh: '请换一块磁盘', en: 'Use another disk' });
    withNext(receipt, said);
    expect(JSON.stringify(receipt)).toBe('{"setId":"2026Q3","next":"the disk is full. Use another disk"}');
    expect(nextStep(receipt)).toEqual({ zh: '磁盘已满。请换一块磁盘', en: 'the disk is full. Use another disk' });
    expect(nextStep(withNext({ next: 'x' } as unknown as ExportReceipt, null))).toBeNull();
  });
});

describe('a finding\'s detail', () => {
  it('is the English in the finding (and its JSON), both languages beside it', () => {
    const p = withDetail({ kind: 'malformed', path: 'bag-info.txt' }, checkDetailMessages.badOxum, { text: '12' });
    expect(JSON.stringify(p)).toBe('{"kind":"malformed","path":"bag-info.txt","detail":"Payload-Oxum \\"12\\" is not <bytes>.<files>"}');
    expect(detailSaid(p)!.zh).toBe('Payload-Oxum“12”不是 <字节数>.<文件数>');
    expect(detailSaid({ detail: 'EIO: i/o error' })).toEqual({ zh: 'EIO: i/o error', en: 'EIO: i/o error' });
    expect(detailSaid({})).toBeNull();
  });
});
