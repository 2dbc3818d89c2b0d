/** Retention on a real catalogue and vault: periods, holds, cases, disposal. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caseDayIndexPath, caseIndexPath } from '../src/core/case-view.js';
import { HOLD_REASONS } from '../src/core/retention-policy.js';
import type { Clock } from '../src/core/types.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { makeWorkspace } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });

describe('retention engine', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  const open: VaultWithParts[] = [];
  const vaultAs = (operator: string, clock = at('2026-11-27T04:00:00Z')) => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', clock, actor: { operator, role: 'approver' } });
    open.push(v);
    return v;
  };
  const fileOf = (v: VaultWithParts, id: number) => path.join(ws.vault, v.recordings.get(id)!.vaultPath);

  beforeEach(() => {
    ws = makeWorkspace('ev-retention-');
  });
  afterEach(async () => {
    for (const v of open.splice(0)) await v.close();
    ws.cleanup();
  });

  it('keeps a recording through its date plus six months, month ends clamped', () => {
    const v = vaultAs('li');
    const mid = seedRecording(v, '2026-05-15');
    const end = seedRecording(v, '2026-05-31');
    const eligibleOn = (iso: string) => {
      const w = vaultAs('li', at(iso));
      return w.retention.plan(10).eligible.map((r) => r.id);
    };
    // Shanghai local midnights: 11-16 00:00 +08:00 is 11-15 16:00 UTC.
    expect(eligibleOn('2026-11-15T15:59:59Z')).toEqual([]);
    expect(eligibleOn('2026-11-15T16:00:00Z')).toEqual([mid]);
    expect(eligibleOn('2026-11-30T15:59:59Z')).toEqual([mid]);
    expect(eligibleOn('2026-11-30T16:00:00Z')).toEqual([mid, end]);
    expect(v.retention.decisionFor(v.recordings.get(end)!)).toMatchObject({ keptThrough: '2026-11-30', eligibleFrom: '2026-12-01' });
  });

  it('every hold reason blocks disposal; nothing held is removed', async () => {
    const v = vaultAs('li');
    const held = HOLD_REASONS.map((reason) => {
      const id = seedRecording(v, '2025-01-10');
      v.holds.add({ recordingId: id, reason, note: reason === 'other' ? '纪检调取' : null });
      return id;
    });
    const free = seedRecording(v, '2025-01-10');
    const s = v.retention.status();
    expect(s.eligible).toBe(1);
    expect(v.retention.plan(1000).eligible).toHaveLength(s.eligible);
    expect(s.held.total).toBe(HOLD_REASONS.length);
    for (const reason of HOLD_REASONS) expect(s.held.byReason[reason]).toBe(1);
    const r = await v.retention.dispose({ reason: 'period over', approver: 'li' });
    expect(r.disposed.map((d) => d.id)).toEqual([free]);
    for (const id of held) expect(fs.existsSync(fileOf(v, id))).toBe(true);
    expect(fs.existsSync(fileOf(v, free))).toBe(false);
  });

  it('"other" needs a written reason', () => {
    const v = vaultAs('li');
    const id = seedRecording(v, '2025-01-10');
    expect(() => v.holds.add({ recordingId: id, reason: 'other' })).toThrow(/written reason/);
    expect(() => v.holds.add({ recordingId: id, reason: 'whim' })).toThrow(/unknown hold reason/);
    expect(v.holds.list({ active: true })).toEqual([]);
  });

  it('a case-level hold covers recordings linked later; an R6 case is held from the start', () => {
    const v = vaultAs('li');
    const [a, b, c] = [seedRecording(v, '2025-02-01'), seedRecording(v, '2025-02-02'), seedRecording(v, '2025-02-03')];
    v.cases.create({ number: '鞍自然执〔2026〕17号', title: '现场检查', category: 'general' });
    v.holds.add({ caseNumber: '鞍自然执〔2026〕17号', reason: 'complaint', note: '信访' });
    v.cases.link('鞍自然执〔2026〕17号', { ids: [a] });
    const r6 = v.cases.create({ number: '鞍自然执〔2026〕18号', title: '强制措施', category: 'coercive-measure' });
    expect(r6.autoHold).not.toBeNull();
    v.cases.link('鞍自然执〔2026〕18号', { ids: [b] });
    expect(v.retention.plan(10).eligible.map((r) => r.id)).toEqual([c]);
    expect(v.retention.status()).toMatchObject({ eligible: 1, held: { total: 2, byReason: { complaint: 1, 'coercive-measure': 1 } } });
    expect(() => v.cases.unlink('鞍自然执〔2026〕17号', [a])).toThrow(/is held/);
    // Closing a case releases nothing.
    expect(v.cases.setStatus('鞍自然执〔2026〕18号', 'closed').status).toBe('closed');
    expect(v.retention.plan(10).eligible.map((r) => r.id)).toEqual([c]);
  });

  it('links by recorder and time range, and shows the case day by day in the vault', () => {
    const v = vaultAs('li');
    const a = seedRecording(v, '2026-05-15', '0009999');
    const b = seedRecording(v, '2026-05-16', '0009999');
    seedRecording(v, '2026-05-16', '0001234');
    v.cases.create({ number: 'A/17', title: 't', category: 'general' });
    const r = v.cases.link('A/17', { filter: { deviceNumber: '0009999', fromMs: Date.parse('2026-05-14T16:00:00Z'), toMs: Date.parse('2026-05-16T16:00:00Z') } });
    expect(r.linked).toEqual([a, b]);
    const index = fs.readFileSync(path.join(ws.vault, caseIndexPath('A/17')), 'utf8');
    expect(index).toContain(`#${a} `);
    expect(index).toContain(`#${b} `);
    const day = fs.readFileSync(path.join(ws.vault, caseDayIndexPath('A/17', '2026-05-16')), 'utf8');
    expect(day).toContain(`#${b} `);
    expect(day).not.toContain(`#${a} `);
    v.cases.unlink('A/17', [b]);
    expect(fs.existsSync(path.join(ws.vault, caseDayIndexPath('A/17', '2026-05-16')))).toBe(false);
  });

  it('a longer category period keeps linked recordings past the minimum', () => {
    const cfg = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    fs.writeFileSync(ws.config, JSON.stringify({ ...cfg, retention: { categoryMonths: { penalty: 24 } } }));
    const v = vaultAs('li');
    const linked = seedRecording(v, '2025-06-01');
    const other = seedRecording(v, '2025-06-01');
    v.cases.create({ number: 'P1', title: 'penalty', category: 'penalty' });
    v.cases.link('P1', { ids: [linked] });
    expect(v.retention.plan(10).eligible.map((r) => r.id)).toEqual([other]);
    expect(v.retention.decisionFor(v.recordings.get(linked)!).keptThrough).toBe('2027-06-01');
  });

  it('a litigation or R6 hold is released by nobody; a plain "other" hold by one approver (issue 14)', () => {
    const wang = vaultAs('wang');
    const id = seedRecording(wang, '2025-03-01');
    const lit = wang.holds.add({ recordingId: id, reason: 'litigation' });
    expect(() => wang.holds.release(lit.id, '判决生效')).toThrow(/R12\(3\)/);
    expect(() => vaultAs('zhao').holds.release(lit.id, '同意')).toThrow(/R12\(3\)/);
    expect(wang.retention.plan(10).eligibleCount).toBe(0);
    const other = seedRecording(wang, '2025-03-01');
    const h = wang.holds.add({ recordingId: other, reason: 'other', note: '临时调取' });
    expect(wang.holds.release(h.id, '调取结束').state).toBe('released');
    expect(wang.retention.plan(10).eligible.map((r) => r.id)).toEqual([other]);
  });

  it('disposal leaves a tombstone and audit entry, and verify counts it neither missing nor unexpected', async () => {
    const v = vaultAs('li');
    const id = seedRecording(v, '2025-04-01');
    const keep = seedRecording(v, '2026-11-01');
    v.cases.create({ number: 'C9', title: 't', category: 'general' });
    v.cases.link('C9', { ids: [id, keep] });
    const rec = v.recordings.get(id)!;
    await v.retention.dispose({ reason: '保存期满', approver: 'li' });
    const tomb = new (await import('../src/adapters/catalog/retention-store.js')).RetentionStore(v.db).tombstone(id)!;
    expect(tomb).toMatchObject({ sha256: rec.sha256, size: rec.size, vaultPath: rec.vaultPath, approvedBy: 'li', reason: '保存期满' });
    expect(tomb.fileRemovedAt).not.toBeNull();
    expect(tomb.metadata).toMatchObject({ deviceNumber: '0001234', localDate: '2025-04-01' });
    expect(fs.existsSync(path.join(ws.vault, rec.vaultPath))).toBe(false);
    const entries = [...v.audit.store.iterate({ afterSeq: 0 })];
    expect(entries.find((e) => e.action === 'retention.dispose' && e.target === `recording:${id}`)?.details).toMatchObject({ approvedBy: 'li', sha256: rec.sha256 });
    expect(fs.readFileSync(path.join(ws.vault, caseIndexPath('C9')), 'utf8')).toMatch(new RegExp(`#${id} .*已销毁 disposed`));
    const problems: unknown[] = [];
    const report = await v.verify.verify({ findUnexpected: true, onProblem: (p) => void problems.push(p) });
    expect(problems).toEqual([]);
    expect(report.problemCount).toBe(0);
    expect(report.checked).toBe(1);
    expect(v.retention.status()).toMatchObject({ total: 2, disposed: 1, eligible: 0, insideMinimum: 1 });
  });
});
