/** Retention through the built CLI: dry-run default, named approvers via the OS account, kill -9 mid-disposal. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/retention-policy.js';
import { openVaultParts } from '../src/wiring.js';
import { RETENTION_ACCESS, retentionRunAccess } from '../src/cli/commands/retention-commands.js';
import { HOLD_ACCESS } from '../src/cli/commands/hold-commands.js';
import { makeWorkspace, runCli, runJson, startCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';
import { killAndWait, waitFor } from './support/wait.js';

describe('retention commands', () => {
  const ws = makeWorkspace('ev-retention-cli-');
  const ids: Record<string, number> = {};
  const as = (user: string) => ({ SUDO_USER: user });

  beforeAll(async () => {
    // Old footage (past six months whatever day the tests run) and footage made today.
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    ids.old1 = seedRecording(v, '2020-03-01');
    ids.old2 = seedRecording(v, '2020-03-02');
    ids.old3 = seedRecording(v, '2020-03-03');
    ids.fresh = seedRecording(v, v.retention.today());
    await v.close();
    // The account running the tests becomes the first administrator and names the approvers.
    for (const [user, name] of [['sun', '孙七'], ['wang', '王五'], ['zhao', '赵六']]) {
      const r = runCli(['--config', ws.config, 'operator', 'add', user!, '--name', name!, '--role', 'approver', '--role', 'archivist']);
      expect(r.status, r.stderr).toBe(0);
    }
    expect(runCli(['--config', ws.config, 'operator', 'add', 'qian', '--name', '钱八', '--role', 'custodian']).status).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('refuses disposal to an operator without the approver role, and records the refusal', () => {
    const r = runCli(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '清理'], as('qian'));
    expect(r.status).toBe(77);
    expect(r.stderr).toMatch(/approver/);
    const refused = runJson<{ action: string; operator: string; outcome: string }[]>(['--config', ws.config, 'audit', 'log', '--outcome', 'refused']);
    expect(refused.some((e) => e.operator === 'qian' && e.action === 'retention.dispose')).toBe(true);
    expect(runJson<{ eligibleCount: number }>(['--config', ws.config, 'retention', 'run']).eligibleCount).toBe(3);
  });

  it('declares disposal and hold release approver-only', () => {
    expect(retentionRunAccess(true)).toEqual({ action: 'retention.dispose', roles: ['approver'] });
    expect(retentionRunAccess(false).roles).not.toContain('custodian');
    expect(RETENTION_ACCESS.dispose.roles).toEqual(['approver']);
    expect(HOLD_ACCESS.release.roles).toEqual(['approver']);
  });

  it('is a dry run by default: lists eligible ids, removes nothing', () => {
    const plan = runJson<{ dryRun: boolean; eligibleCount: number; eligible: { id: number; vaultPath: string }[] }>(['--config', ws.config, 'retention', 'run']);
    expect(plan.dryRun).toBe(true);
    expect(plan.eligible.map((r) => r.id)).toEqual([ids.old1, ids.old2, ids.old3]);
    expect(plan.eligibleCount).toBe(3);
    for (const r of plan.eligible) expect(fs.existsSync(path.join(ws.vault, r.vaultPath))).toBe(true);
    const counted = runJson<{ eligibleCount: number; eligible: unknown[]; truncated: boolean }>(['--config', ws.config, 'retention', 'run', '--limit', '1']);
    expect(counted).toMatchObject({ eligibleCount: 3, truncated: true });
    expect(counted.eligible).toHaveLength(1);
  });

  it('refuses disposal without a reason, and says so', () => {
    const r = runCli(['--config', ws.config, 'retention', 'run', '--execute'], as('zhao'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/disposal needs a reason/);
    expect(runJson<{ eligibleCount: number }>(['--config', ws.config, 'retention', 'run']).eligibleCount).toBe(3);
  });

  it('refuses to release a litigation hold to either of two named approvers (exit 77, R12(3))', () => {
    const hold = runJson<{ id: number }>(['--config', ws.config, 'hold', 'add', '--recording', String(ids.fresh), '--reason', 'litigation'], as('sun'));
    for (const [user, lang] of [['wang', 'zh'], ['zhao', 'en']]) {
      const r = runCli(['--config', ws.config, 'hold', 'release', String(hold.id), '--reason', '判决生效', '--lang', lang!], as(user!));
      expect(r.status).toBe(77);
      expect(r.stderr).toMatch(lang === 'zh' ? /应永久保存，不得解除（R12\(3\)）/ : /is kept for good and is never released \(R12\(3\)\)/);
      expect(r.stderr).toMatch(/hold correct/);
    }
    const refused = runJson<{ action: string; operator: string }[]>(['--config', ws.config, 'audit', 'log', '--outcome', 'refused']);
    expect(refused.filter((e) => e.action === 'hold.release').map((e) => e.operator)).toEqual(['wang', 'zhao']);
    // Corrected by two approvers (it was the wrong recording): kept six months from today, whatever its own date.
    expect(runJson<{ state: string }>(['--config', ws.config, 'hold', 'correct', String(hold.id), '--reason', '录入错误'], as('wang')).state).toBe('pending');
    expect(runCli(['--config', ws.config, 'hold', 'correct', String(hold.id), '--reason', '再签'], as('wang')).status).toBe(77);
    const done = runJson<{ state: string; correction: { firstBy: string; secondBy: string } }>(['--config', ws.config, 'hold', 'correct', String(hold.id), '--reason', '同意'], as('zhao'));
    expect(done).toMatchObject({ state: 'corrected', correction: { firstBy: 'wang', secondBy: 'zhao' } });
    const shown = runCli(['--config', ws.config, 'retention', 'show', String(ids.fresh)]);
    expect(shown.stdout).toMatch(/a hold on it was corrected: kept at least through \d{4}-\d{2}-\d{2}/);
  });

  it('finishes a disposal killed between tombstone and unlink, never leaving a catalogued file missing without its tombstone', async () => {
    const child = startCli(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '保存期满', '--limit', '1'], {
      ...as('wang'),
      EVIDENCE_VAULT_TEST_PAUSE_AFTER_TOMBSTONE: '1',
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor('the pause after the tombstone', () => stderr.includes('paused after tombstone') || child.exitCode !== null, 20_000, 20);
    await killAndWait(child);

    const db = new Database(ws.catalog, { readonly: true });
    const tomb = db.prepare('SELECT * FROM tombstones').all() as { recording_id: number; vault_path: string; approved_by: string; file_removed_at: string | null }[];
    db.close();
    expect(tomb).toHaveLength(1);
    expect(tomb[0]).toMatchObject({ recording_id: ids.old1, approved_by: 'wang', file_removed_at: null });
    expect(fs.existsSync(path.join(ws.vault, tomb[0]!.vault_path))).toBe(true);
    const verify = runJson<{ ok: boolean; problems: unknown[] }>(['--config', ws.config, 'verify']);
    expect(verify.problems).toEqual([]);

    const next = runJson<{ finished: number; eligible: { id: number }[] }>(['--config', ws.config, 'retention', 'run']);
    expect(next.finished).toBe(1);
    expect(next.eligible.map((r) => r.id)).toEqual([ids.old2, ids.old3]);
    expect(fs.existsSync(path.join(ws.vault, tomb[0]!.vault_path))).toBe(false);
    expect(runJson<{ ok: boolean }>(['--config', ws.config, 'verify']).ok).toBe(true);
    const status = runJson<{ disposed: number; unfinishedDisposals: number; eligible: number; insideMinimum: number }>(['--config', ws.config, 'retention', 'status']);
    expect(status).toMatchObject({ disposed: 1, unfinishedDisposals: 0, eligible: 2, insideMinimum: 1 });
  });

  it('disposes with --execute, named by the operator', () => {
    const r = runJson<{ approvedBy: string; disposed: { id: number }[] }>(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '季度清理'], as('zhao'));
    expect(r.approvedBy).toBe('zhao');
    expect(r.disposed.map((d) => d.id)).toEqual([ids.old2, ids.old3]);
    expect(runJson<{ eligibleCount: number }>(['--config', ws.config, 'retention', 'run']).eligibleCount).toBe(0);
    expect(fs.existsSync(path.join(ws.vault, runJson<{ vaultPath: string }>(['--config', ws.config, 'recordings', 'show', String(ids.fresh)]).vaultPath))).toBe(true);
  });

  it('shows a disposed recording as disposed in recordings list and show, not as one still there', () => {
    const listed = runJson<{ id: number; disposedAt: string | null }[]>(['--config', ws.config, 'recordings', 'list']);
    const disposed = listed.filter((r) => r.disposedAt !== null).map((r) => r.id).sort((a, b) => a - b);
    expect(disposed).toEqual([ids.old1, ids.old2, ids.old3]);
    expect(listed.find((r) => r.id === ids.fresh)!.disposedAt).toBeNull();
    const shown = runJson<{ disposedAt: string | null }>(['--config', ws.config, 'recordings', 'show', String(ids.old2)]);
    expect(shown.disposedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // The table's flags column says so, in the person's language.
    const table = (lang: string) => runCli(['--config', ws.config, '--lang', lang, 'recordings', 'list']).stdout.split('\n');
    const row = (lines: string[], id: number | undefined) => lines.find((l) => l.startsWith(`${id} `))!;
    expect(row(table('zh'), ids.old2)).toContain('已销毁');
    expect(row(table('en'), ids.old2)).toContain('disposed');
    expect(row(table('en'), ids.fresh)).not.toContain('disposed');
    const showZh = runCli(['--config', ws.config, '--lang', 'zh', 'recordings', 'show', String(ids.old2)]).stdout;
    expect(showZh).toMatch(/^销毁时间 +\d{4}-/m);
  });

  it('places "other" as permanent, and then nobody releases it', () => {
    const hold = runJson<{ id: number; permanent: boolean }>(['--config', ws.config, 'hold', 'add', '--recording', String(ids.fresh), '--reason', 'other', '--permanent', '--note', '纪检监察调取'], as('sun'));
    expect(hold.permanent).toBe(true);
    const r = runCli(['--config', ws.config, 'hold', 'release', String(hold.id), '--reason', '调取结束'], as('zhao'));
    expect(r.status).toBe(77);
    expect(r.stderr).toMatch(/placed as permanent/);
    const listed = runCli(['--config', ws.config, 'hold', 'list']);
    expect(listed.stdout).toMatch(new RegExp(`${hold.id} .*other .*for good`));
    expect(runCli(['--config', ws.config, 'hold', 'list', '--lang', 'zh']).stdout).toMatch(new RegExp(`${hold.id} .*other（其他） .*永久`));
  });

  it('standing disposal approvals through the CLI: two approvers, shown in status, listed, revoked; a custodian is refused', () => {
    const today = runJson<{ today: string }>(['--config', ws.config, 'retention', 'status']).today;
    const until = addDays(today, 90);
    const none = runCli(['--config', ws.config, 'status']);
    expect(none.stdout).toMatch(/Standing disposal approval: none, the daily sweep disposes of nothing/);
    const args = ['retention', 'standing', 'approve', '--scope', 'all', '--from', today, '--until', until, '--reason', '常规销毁'];
    const byCustodian = runCli(['--config', ws.config, ...args], as('qian'));
    expect(byCustodian.status).toBe(77);
    const proposed = runJson<{ id: number; state: string }>(['--config', ws.config, ...args], as('wang'));
    expect(proposed.state).toBe('pending');
    expect(runCli(['--config', ws.config, 'retention', 'standing', 'approve', String(proposed.id)], as('wang')).status).toBe(77);
    const mixed = runCli(['--config', ws.config, 'retention', 'standing', 'approve', String(proposed.id), '--scope', 'all'], as('zhao'));
    expect(mixed.status).toBe(2);
    const confirmed = runJson<{ state: string; firstBy: string; secondBy: string }>(['--config', ws.config, 'retention', 'standing', 'approve', String(proposed.id)], as('zhao'));
    expect(confirmed).toMatchObject({ state: 'live', firstBy: 'wang', secondBy: 'zhao' });
    const status = runJson<{ standingDisposal: { live: { id: number; approvers: string[] }[] } }>(['--config', ws.config, 'status']);
    expect(status.standingDisposal.live).toEqual([expect.objectContaining({ id: proposed.id, scope: 'all', validUntil: until, approvers: ['wang', 'zhao'] })]);
    expect(runCli(['--config', ws.config, 'status']).stdout).toMatch(new RegExp(`Standing disposal approval #${proposed.id}: all, ${today} to ${until}, signed by wang and zhao`));
    expect(runCli(['--config', ws.config, 'status', '--lang', 'zh']).stdout).toContain(`常设销毁批准 #${proposed.id}：all，${today} 至 ${until}，由 wang 和 zhao 签署`);
    expect(runCli(['--config', ws.config, 'retention', 'standing', 'revoke', String(proposed.id), '--reason', 'x'], as('qian')).status).toBe(77);
    const revoked = runJson<{ state: string; revokedBy: string }>(['--config', ws.config, 'retention', 'standing', 'revoke', String(proposed.id), '--reason', '暂停销毁'], as('sun'));
    expect(revoked).toMatchObject({ state: 'revoked', revokedBy: 'sun' });
    expect(runJson<{ id: number; state: string }[]>(['--config', ws.config, 'retention', 'standing', 'list'], as('qian'))).toEqual([expect.objectContaining({ id: proposed.id, state: 'revoked' })]);
    const acts = runJson<{ action: string; operator: string; outcome: string }[]>(['--config', ws.config, 'audit', 'log']).filter((e) => e.action.startsWith('retention.standing.'));
    expect(acts.map((e) => `${e.action} ${e.operator} ${e.outcome}`)).toEqual([
      'retention.standing.approve qian refused',
      'retention.standing.approve wang ok',
      'retention.standing.approve wang refused',
      'retention.standing.approve zhao failed', // both an id and --scope: a usage error
      'retention.standing.approve zhao ok',
      'retention.standing.revoke qian refused',
      'retention.standing.revoke sun ok',
      'retention.standing.list qian ok',
    ]);
  });

  it('refuses to start with a minimum below six months', () => {
    const bad = path.join(ws.dir, 'short.json');
    fs.writeFileSync(bad, JSON.stringify({ vaultRoot: ws.vault, catalogPath: ws.catalog, retention: { minimumMonths: 3 } }));
    const r = runCli(['--config', bad, 'retention', 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/retention\.minimumMonths.*at least 6/);
  });
});

describe('retention show', () => {
  const ws = makeWorkspace('ev-retention-show-');
  afterAll(() => ws.cleanup());

  it('says why a recording is kept, and what case it belongs to', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const id = seedRecording(v, '2026-05-31');
    v.cases.create({ number: '鞍自然执〔2026〕17号', title: '现场', category: 'mass-incident' });
    v.cases.link('鞍自然执〔2026〕17号', { ids: [id] });
    await v.close();
    const shown = runJson<{ state: string; keptThrough: string; eligibleFrom: string; heldBy: { reason: string }[]; cases: string[] }>(['--config', ws.config, 'retention', 'show', String(id)]);
    expect(shown).toMatchObject({ state: 'held', keptThrough: '2026-11-30', eligibleFrom: '2026-12-01', cases: ['鞍自然执〔2026〕17号'] });
    expect(shown.heldBy.map((h) => h.reason)).toEqual(['mass-incident']);
    const text = runCli(['--config', ws.config, 'case', 'show', '鞍自然执〔2026〕17号']);
    expect(text.stdout).toMatch(/mass-incident/);
    expect(text.stdout).toContain(`${id}`);
  });
});
