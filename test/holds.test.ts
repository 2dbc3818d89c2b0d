/**
 * Holds on a real catalogue (issue 14, R12(3), R6): permanent holds are never released, not by one
 * approver nor by two; a hold on the wrong recording is corrected by two approvers and the recording is
 * then kept at least six months from the correction; an evidence-use hold ends with its cases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { UserError } from '../src/core/errors.js';
import { PERMANENT_REASONS, type HoldReason } from '../src/core/retention-policy.js';
import type { Clock } from '../src/core/types.js';
import { PERMANENT_REASONS_SQL } from '../src/adapters/catalog/migrations-holds.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { makeWorkspace } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const NOW = '2026-11-27T04:00:00Z'; // 2026-11-27 in Shanghai

/** What a call threw: the person's error, with its exit status. */
function thrown(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('holds (issue 14)', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  const open: VaultWithParts[] = [];
  const vaultAs = (operator: string, clock = at(NOW)) => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', clock, actor: { operator, role: 'approver' } });
    open.push(v);
    return v;
  };
  const trail = (v: VaultWithParts) => [...v.audit.store.iterate({ afterSeq: 0 })];

  beforeEach(() => {
    ws = makeWorkspace('ev-holds-');
  });
  afterEach(async () => {
    for (const v of open.splice(0)) await v.close();
    ws.cleanup();
  });

  it('the SQL list of permanent reasons is the rule\'s list', () => {
    expect(PERMANENT_REASONS_SQL).toBe(`(${PERMANENT_REASONS.map((r) => `'${r}'`).join(', ')})`);
  });

  it('refuses to release every permanent hold, to one approver and to a second (exit 77, R12(3), audited)', () => {
    const wang = vaultAs('wang');
    const zhao = vaultAs('zhao');
    const placed = [
      ...PERMANENT_REASONS.map((reason) => ({ reason, permanent: false })),
      { reason: 'other' as HoldReason, permanent: true },
    ].map(({ reason, permanent }) => {
      const id = seedRecording(wang, '2025-01-10');
      return { id, hold: wang.holds.add({ recordingId: id, reason, permanent, note: reason === 'other' ? '纪检调取，永久保存' : null }) };
    });
    for (const { hold } of placed) {
      for (const v of [wang, zhao]) {
        const err = thrown(() => v.holds.release(hold.id, '复议决定维持'));
        expect(err.exitCode).toBe(77);
        expect(err.message).toMatch(/R12\(3\)/);
        expect(err.said.zh).toMatch(/应永久保存，不得解除（R12\(3\)）/);
        expect(err.message).not.toMatch(/[\u4e00-\u9fff]/);
        expect(err.message).toMatch(/never released/);
      }
    }
    expect(wang.retention.plan(100).eligibleCount).toBe(0);
    expect(wang.holds.list({ active: true })).toHaveLength(placed.length);
    const refused = trail(zhao).filter((e) => e.action === 'hold.release' && e.outcome === 'refused');
    expect(refused).toHaveLength(placed.length * 2);
    expect(new Set(refused.map((e) => e.operator))).toEqual(new Set(['wang', 'zhao']));
    expect(refused[0]!.details).toMatchObject({ rule: 'R12(3)', permanent: true });
  });

  it('the catalogue itself refuses to release a permanent hold, and keeps an old release as it was', () => {
    const v = vaultAs('wang');
    const id = seedRecording(v, '2025-01-10');
    const hold = v.holds.add({ recordingId: id, reason: 'litigation' });
    expect(() => v.db.prepare('UPDATE holds SET released_at = ? WHERE id = ?').run('2026-11-27T12:00:00+08:00', hold.id)).toThrow(/permanent hold is never released/);
    expect(() => v.db.prepare("UPDATE holds SET reason = 'evidence-use' WHERE id = ?").run(hold.id)).toThrow(/placed once/);
    expect(() => v.db.prepare('DELETE FROM holds WHERE id = ?').run(hold.id)).toThrow(/never deleted/);
    expect(v.holds.keeping(id).map((h) => h.id)).toEqual([hold.id]);
    // A litigation hold an earlier release let go: history is not edited, it stays released.
    const old = seedRecording(v, '2025-01-10');
    v.db.prepare("INSERT INTO holds (recording_id, reason, placed_at, placed_by, released_at) VALUES (?, 'litigation', '2026-01-01T09:00:00+08:00', 'sun', '2026-03-01T09:00:00+08:00')").run(old);
    expect(v.holds.list({ recordingId: old })).toMatchObject([{ reason: 'litigation', releasedAt: '2026-03-01T09:00:00+08:00', permanentByRule: true }]);
    expect(v.holds.keeping(old)).toEqual([]);
    expect(() => v.db.prepare('UPDATE holds SET released_at = NULL WHERE recording_id = ?').run(old)).toThrow(/stays released/);
  });

  it('a first signature left by the old two-person release can no longer be completed', async () => {
    const wang = vaultAs('wang');
    const id = seedRecording(wang, '2025-01-10');
    const hold = wang.holds.add({ recordingId: id, reason: 'coercive-measure' });
    // What the previous release wrote for its first approver.
    const db = new Database(ws.catalog);
    db.prepare('INSERT INTO hold_releases (hold_id, first_by, first_at, first_reason) VALUES (?, ?, ?, ?)').run(hold.id, 'wang', '2026-11-01T10:00:00+08:00', '判决生效');
    db.close();
    const err = thrown(() => vaultAs('zhao').holds.release(hold.id, '同意'));
    expect(err.exitCode).toBe(77);
    expect(wang.holds.keeping(id)).toHaveLength(1);
    expect(wang.holds.list({ active: true })[0]).toMatchObject({ id: hold.id, permanentByRule: true, releasedAt: null });
  });

  it('"other" without --permanent is released by one approver; evidence-use cannot be placed as permanent', () => {
    const v = vaultAs('wang');
    const id = seedRecording(v, '2025-01-10');
    const other = v.holds.add({ recordingId: id, reason: 'other', note: '待核实' });
    expect(other.permanent).toBe(false);
    expect(v.holds.release(other.id, '核实完毕').state).toBe('released');
    expect(thrown(() => v.holds.add({ recordingId: id, reason: 'evidence-use', permanent: true })).message).toMatch(/cannot be placed as permanent/);
    expect(v.retention.plan(10).eligible.map((r) => r.id)).toEqual([id]);
  });

  it('corrects a hold on the wrong recording with two approvers, then keeps it six months from the correction', () => {
    const wang = vaultAs('wang');
    const zhao = vaultAs('zhao');
    const wrong = seedRecording(wang, '2025-01-10');
    const hold = wang.holds.add({ recordingId: wrong, reason: 'complaint', note: '信访 2026-06-02' });
    const first = wang.holds.correct(hold.id, '录入错误：应为 813 号');
    expect(first).toMatchObject({ state: 'pending', keptAtLeastThrough: null });
    expect(wang.holds.keeping(wrong)).toHaveLength(1);
    const again = thrown(() => wang.holds.correct(hold.id, '再签'));
    expect(again.exitCode).toBe(77);
    expect(again.message).toMatch(/second, different approver/);
    const done = zhao.holds.correct(hold.id, '核实无误');
    expect(done).toMatchObject({ state: 'corrected', keptAtLeastThrough: '2027-05-27', correction: { firstBy: 'wang', secondBy: 'zhao', correctedOn: '2026-11-27' } });
    expect(zhao.holds.keeping(wrong)).toEqual([]);
    // Past its own six months long ago, but now kept six months from the correction.
    expect(zhao.retention.plan(10).eligibleCount).toBe(0);
    expect(zhao.retention.details(zhao.recordings.get(wrong)!)).toMatchObject({ state: 'inside-minimum', keptThrough: '2027-05-27', eligibleFrom: '2027-05-28', correctionFloor: '2027-05-27' });
    expect(vaultAs('li', at('2027-05-27T15:59:59Z')).retention.plan(10).eligibleCount).toBe(0);
    const later = vaultAs('li', at('2027-05-27T16:00:00Z'));
    expect(later.retention.plan(10).eligible.map((r) => r.id)).toEqual([wrong]);
    expect(later.retention.status().eligible).toBe(1);
    // Corrected once; not released afterwards, not corrected twice.
    expect(thrown(() => zhao.holds.correct(hold.id, 'x')).message).toMatch(/corrected on 2026-11-27 by wang and zhao/);
    expect(thrown(() => zhao.holds.release(hold.id, 'x')).message).toMatch(/released/);
    const entries = trail(zhao).filter((e) => e.action === 'hold.correct');
    expect(entries.map((e) => [e.operator, e.outcome])).toEqual([['wang', 'ok'], ['wang', 'refused'], ['zhao', 'ok'], ['zhao', 'refused']]);
    expect(entries[2]!.details).toMatchObject({ state: 'corrected', firstBy: 'wang', secondBy: 'zhao', keptAtLeastThrough: '2027-05-27' });
  });

  it('a corrected case hold keeps the case\'s recordings six months from the correction too', () => {
    const wang = vaultAs('wang');
    const a = seedRecording(wang, '2025-02-01');
    wang.cases.create({ number: 'A/1', title: 't', category: 'general' });
    wang.cases.link('A/1', { ids: [a] });
    const hold = wang.holds.add({ caseNumber: 'A/1', reason: 'reconsideration' });
    wang.holds.correct(hold.id, '应为 A/2 号案件');
    vaultAs('zhao').holds.correct(hold.id, '同意');
    expect(wang.retention.plan(10).eligibleCount).toBe(0);
    expect(wang.retention.decisionFor(wang.recordings.get(a)!).keptThrough).toBe('2027-05-27');
  });

  it('never corrects an R6 case\'s own hold: the case is long-term, not a hold put on the wrong recording (red team)', () => {
    const wang = vaultAs('wang');
    const a = seedRecording(wang, '2025-02-01');
    wang.cases.create({ number: 'R6/1', title: '群体性事件', category: 'mass-incident' });
    wang.cases.link('R6/1', { ids: [a] });
    const own = wang.holds.list({ caseNumber: 'R6/1' }).find((h) => h.reason === 'mass-incident')!;
    for (const who of ['wang', 'zhao']) {
      const err = thrown(() => (who === 'wang' ? wang : vaultAs('zhao')).holds.correct(own.id, '误设'));
      expect(err.exitCode).toBe(77);
      expect(err.message).toMatch(/R6 long-term category mass-incident/);
    }
    expect(wang.holds.keeping(a).map((h) => h.id)).toContain(own.id);
    expect(trail(wang).filter((e) => e.action === 'hold.correct').map((e) => e.outcome)).toEqual(['refused', 'refused']);
  });

  it('releases an evidence-use hold only once every case of the recording is closed', () => {
    const v = vaultAs('wang');
    const id = seedRecording(v, '2025-01-10');
    v.cases.create({ number: 'E/1', title: 't', category: 'general' });
    v.cases.create({ number: 'E/2', title: 't', category: 'general' });
    v.cases.link('E/1', { ids: [id] });
    v.cases.link('E/2', { ids: [id] });
    v.cases.setStatus('E/2', 'closed');
    const hold = v.holds.add({ recordingId: id, reason: 'evidence-use', note: 'disc #1' });
    const err = thrown(() => v.holds.release(hold.id, '案件办结'));
    expect(err.exitCode).toBe(77);
    expect(err.message).toMatch(/open: E\/1/);
    expect(err.message).not.toMatch(/E\/2/);
    expect(v.holds.keeping(id)).toHaveLength(1);
    v.cases.setStatus('E/1', 'closed');
    const r = v.holds.release(hold.id, '案件办结');
    expect(r).toMatchObject({ state: 'released', closedCases: ['E/1', 'E/2'] });
    const entries = trail(v).filter((e) => e.action === 'hold.release');
    expect(entries.map((e) => e.outcome)).toEqual(['refused', 'ok']);
    expect(entries[0]!.details).toMatchObject({ openCases: ['E/1'] });
    expect(entries[1]!.details).toMatchObject({ closedCases: ['E/1', 'E/2'], linkedToNoCase: false });
    // A recording in no case: allowed, and said so.
    const lone = seedRecording(v, '2025-01-10');
    const h2 = v.holds.add({ recordingId: lone, reason: 'evidence-use' });
    expect(v.holds.release(h2.id, '未立案').closedCases).toEqual([]);
    expect(trail(v).at(-1)!.details).toMatchObject({ linkedToNoCase: true });
  });
});
