/**
 * The daily sweep (issue 14: disposal always has a person): it disposes of nothing without a live
 * standing disposal approval signed by two approvers, only inside its scope and period, and names the
 * approval and both approvers; started and stopped on a real node-cron schedule.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/retention-policy.js';
import type { Clock } from '../src/core/types.js';
import type { Logger } from '../src/adapters/logger.js';
import { scheduleJob } from '../src/adapters/cron-schedule.js';
import { RetentionSweep, standingApprover } from '../src/services/retention-sweep.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { makeWorkspace } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';
import { waitFor } from './support/wait.js';

const at = (iso: string): Clock => ({ now: () => new Date(iso) });
const NOW = at('2026-11-27T04:00:00Z'); // 2026-11-27 in Shanghai

describe('retention sweep', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  const open: VaultWithParts[] = [];
  const configure = (retention: Record<string, unknown>) => {
    const cfg = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    fs.writeFileSync(ws.config, JSON.stringify({ ...cfg, retention }));
  };
  /** The daemon's own account runs the sweep; approvers sign as themselves. */
  const vaultAs = (operator: string, clock: Clock = NOW) => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', clock, actor: { operator, role: operator === 'evidence-vault' ? null : 'approver' } });
    open.push(v);
    return v;
  };
  const daemon = (clock: Clock = NOW) => vaultAs('evidence-vault', clock);
  const exists = (v: VaultWithParts, id: number) => fs.existsSync(path.join(ws.vault, v.recordings.get(id)!.vaultPath));
  const trail = (v: VaultWithParts) => [...v.audit.store.iterate({ afterSeq: 0 })];
  /** A standing approval proposed by wang and confirmed by zhao. */
  const approve = (scope: string, from = '2026-11-01', until = '2027-04-30') => {
    const p = vaultAs('wang').standingApprovals.propose({ scope, from, until, reason: '到期录像常规销毁' });
    return vaultAs('zhao').standingApprovals.confirm(p.id);
  };

  beforeEach(() => {
    ws = makeWorkspace('ev-sweep-');
  });
  afterEach(async () => {
    for (const v of open.splice(0)) {
      await v.retentionSweep.stop();
      await v.close();
    }
    ws.cleanup();
  });

  it('disposes of nothing without a standing approval, and says so in status', async () => {
    const v = daemon();
    const id = seedRecording(v, '2020-01-01');
    const report = await v.retentionSweep.runOnce();
    expect(report).toMatchObject({ disposed: 0, standing: [], status: { eligible: 1 } });
    expect(exists(v, id)).toBe(true);
    expect(trail(v).filter((e) => e.action === 'retention.sweep').at(-1)!.details).toMatchObject({ disposed: 0, standingApprovals: [] });
    expect(v.status.report().standingDisposal).toEqual({ live: [] });
  });

  it('disposes of nothing under a proposal only one approver signed', async () => {
    const v = daemon();
    const id = seedRecording(v, '2020-01-01');
    const p = vaultAs('wang').standingApprovals.propose({ scope: 'all', from: '2026-11-01', until: '2027-04-30', reason: '常规销毁' });
    expect(p.state).toBe('pending');
    expect(() => vaultAs('wang').standingApprovals.confirm(p.id)).toThrow(/second, different approver/);
    expect((await v.retentionSweep.runOnce()).disposed).toBe(0);
    expect(exists(v, id)).toBe(true);
  });

  it('disposes under a live standing approval, naming it and both approvers; held footage stays', async () => {
    const v = daemon();
    const id = seedRecording(v, '2020-01-01');
    const kept = seedRecording(v, '2020-01-01');
    const young = seedRecording(v, '2026-11-01');
    vaultAs('li').holds.add({ recordingId: kept, reason: 'reconsideration' });
    const a = approve('all');
    expect(a).toMatchObject({ state: 'live', firstBy: 'wang', secondBy: 'zhao' });
    expect(v.status.report().standingDisposal).toEqual({ live: [{ id: a.id, scope: 'all', validFrom: '2026-11-01', validUntil: '2027-04-30', approvers: ['wang', 'zhao'] }] });
    const report = await v.retentionSweep.runOnce();
    expect(report).toMatchObject({ disposed: 1, standing: [{ id: a.id, scope: 'all', approvers: ['wang', 'zhao'], disposed: 1 }] });
    expect(exists(v, id)).toBe(false);
    expect(exists(v, kept)).toBe(true);
    expect(exists(v, young)).toBe(true);
    const shown = v.retention.details(v.recordings.get(id)!);
    expect(shown.tombstone).toMatchObject({ approvedBy: standingApprover({ id: a.id, firstBy: 'wang', secondBy: 'zhao' }) });
    expect(shown.tombstone!.approvedBy).toBe(`standing approval #${a.id} (wang, zhao)`);
    expect(shown.tombstone!.reason).toMatch(new RegExp(`standing approval #${a.id}`));
    const entry = trail(v).find((e) => e.action === 'retention.dispose' && e.target === `recording:${id}`);
    expect(entry?.details).toMatchObject({ standingApproval: { id: a.id, scope: 'all', approvers: ['wang', 'zhao'] } });
  });

  it('keeps to the scope: a category covers only recordings whose cases are all of it', async () => {
    configure({ categoryMonths: { penalty: 24 } });
    const v = daemon();
    const li = vaultAs('li');
    const [pen, both, none] = [seedRecording(v, '2020-01-01'), seedRecording(v, '2020-01-01'), seedRecording(v, '2020-01-01')];
    li.cases.create({ number: 'P/1', title: 'p', category: 'penalty' });
    li.cases.create({ number: 'G/1', title: 'g', category: 'general' });
    li.cases.link('P/1', { ids: [pen, both] });
    li.cases.link('G/1', { ids: [both] });
    approve('category:penalty');
    expect((await v.retentionSweep.runOnce()).disposed).toBe(1);
    expect([pen, both, none].map((id) => exists(v, id))).toEqual([false, true, true]);
  });

  it('disposes of nothing once revoked, before its first day or after its last', async () => {
    const v = daemon();
    const id = seedRecording(v, '2020-01-01');
    const a = approve('all', '2026-12-01', '2026-12-31');
    expect(a.state).toBe('not-yet');
    expect((await v.retentionSweep.runOnce()).disposed).toBe(0);
    expect((await daemon(at('2027-01-01T04:00:00Z')).retentionSweep.runOnce()).disposed).toBe(0);
    vaultAs('li').standingApprovals.revoke(a.id, '收到新的投诉，暂停');
    expect((await daemon(at('2026-12-15T04:00:00Z')).retentionSweep.runOnce()).disposed).toBe(0);
    expect(exists(v, id)).toBe(true);
    expect(vaultAs('li').standingApprovals.list().map((x) => x.state)).toEqual(['revoked']);
  });

  it('refuses a scope, period or category that cannot be approved, and records each refusal', () => {
    const w = vaultAs('wang');
    const p = (scope: string, from: string, until: string, reason = 'r') => () => w.standingApprovals.propose({ scope, from, until, reason });
    expect(p('everything', '2026-12-01', '2026-12-31')).toThrow(/neither "all" nor "category:NAME"/);
    expect(p('category:mass-incident', '2026-12-01', '2026-12-31')).toThrow(/R6 category/);
    expect(p('all', '2026-12-31', '2026-12-01')).toThrow(/after --until/);
    expect(p('all', '2026-02-30', '2026-12-01')).toThrow(/not a date/);
    expect(p('all', '2026-01-01', '2026-11-26')).toThrow(/already past/);
    expect(p('all', '2026-12-01', addDays('2026-12-01', 400))).toThrow(/longer than a year/);
    expect(p('all', '2026-12-01', '2026-12-31', '  ')).toThrow(/needs a reason/);
    expect(trail(w).filter((e) => e.action === 'retention.standing.approve' && e.outcome === 'refused')).toHaveLength(7);
    expect(w.standingApprovals.list()).toEqual([]);
  });

  it('an old config naming autoDispose is accepted, disposes of nothing, and the sweep warns naming the replacement', async () => {
    configure({ autoDispose: true });
    const v = daemon();
    expect(v.config.retired).toEqual({ autoDispose: true });
    const id = seedRecording(v, '2020-01-01');
    const warnings: string[] = [];
    const log = { warn: (_o: unknown, msg: string) => warnings.push(msg), info: () => undefined, error: () => undefined } as unknown as Logger;
    const sweep = new RetentionSweep(v.retention, v.standingApprovals, v.audit, { schedule: '0 0 1 1 *', retiredAutoDispose: true }, scheduleJob, v.clock, log);
    sweep.start();
    await sweep.stop();
    expect(warnings.join('\n')).toMatch(/retention\.autoDispose is retired and disposes of nothing.*retention standing approve/);
    expect((await v.retentionSweep.runOnce()).disposed).toBe(0);
    expect(exists(v, id)).toBe(true);
  });

  it('runs on its schedule between start and stop', async () => {
    configure({ sweepSchedule: '* * * * * *' });
    const v = daemon();
    v.retentionSweep.start();
    const sweeps = () => trail(v).filter((e) => e.action === 'retention.sweep').length;
    await waitFor('a sweep on the schedule', () => sweeps() > 0, 5000, 50);
    await v.retentionSweep.stop();
  });

  it('refuses a schedule that is not a cron expression', () => {
    configure({ sweepSchedule: 'every day' });
    expect(() => daemon().retentionSweep.start()).toThrow(/not a cron expression/);
  });
});
