/**
 * The nightly fixity rotation and catch-up, on a real catalogue and vault, with a fixed clock.
 * Integration tier: the copy workers it starts run from the build (`dist/`).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/types.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { FixityScheduler } from '../src/services/fixity-scheduler.js';
import { HeldScheduler } from './support/held-scheduler.js';

/** A clock the test moves by hand. */
class FixedClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return this.current;
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}


const opened: { vault: VaultWithParts; dir: string }[] = [];
afterEach(async () => {
  for (const { vault, dir } of opened.splice(0)) {
    await vault.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A vault with `n` stored recordings, each catalogued with its ingest entry, opened at `clock`. */
function vaultWith(n: number, clock: FixedClock, fixity: Record<string, unknown> = {}): VaultWithParts {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-fixity-'));
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, JSON.stringify({ vaultRoot: 'vault', catalogPath: 'catalog.sqlite', timezone: 'Asia/Shanghai', fixity }));
  const vault = openVaultParts({ configFile, create: true, logLevel: 'silent', clock, actor: { operator: 'evidence-vault', role: 'service' } });
  opened.push({ vault, dir });
  for (let i = 1; i <= n; i++) {
    const rel = `现场执法记录仪影像资料/2026/07/01/0001234/f${i}.MP4`;
    const abs = path.join(vault.config.vaultRoot, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const bytes = Buffer.from(`recording ${i} `.repeat(100 * i));
    fs.writeFileSync(abs, bytes, { mode: 0o444 });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    vault.audit.run({ action: 'ingest.file', target: rel, details: { sha256, size: bytes.length } }, () =>
      vault.recordings.insert({
        sha256, size: bytes.length, vaultPath: rel, originalName: `f${i}.MP4`, sourcePath: `DCIM/f${i}.MP4`, deviceNumber: '0001234', officerId: null,
        startedAt: '2026-07-01T08:00:00+08:00', startedAtEpochMs: Date.parse('2026-07-01T00:00:00Z') + i, startedAtSource: 'file-name', localDate: '2026-07-01',
        durationSeconds: null, format: null, videoCodec: null, audioCodec: null, width: null, height: null, probeError: null,
        sourceMtime: null, ingestedAt: '2026-07-01T09:00:00+08:00', sessionId: null, flags: [],
      }),
    );
  }
  return vault;
}

const runs = (vault: VaultWithParts) =>
  vault.db.prepare('SELECT trigger, files_checked AS files, outcome FROM fixity_runs ORDER BY id').all() as { trigger: string; files: number; outcome: string }[];

describe('FixityScheduler', () => {
  it('re-reads every file within the period, a rotating share each night', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z')); // 20:00 in Shanghai
    const vault = vaultWith(10, clock, { periodDays: 7 });
    const cron = new HeldScheduler();
    const scheduler = new FixityScheduler(vault.fixity, cron, vault.log);
    scheduler.start();
    expect(cron.jobs).toEqual([expect.objectContaining({ name: 'fixity', expression: '30 2 * * *', timezone: 'Asia/Shanghai' })]);
    expect(runs(vault)).toEqual([]); // a first start sets the baseline and checks nothing yet

    const seen = new Map<number, number>();
    for (let night = 1; night <= 7; night++) {
      clock.advanceDays(1);
      cron.jobs[0]!.run();
      const r = await scheduler.trigger('schedule'); // the run in flight, not a second one
      expect(r.recordingIds).toHaveLength(2);
      for (const id of r.recordingIds) seen.set(id, (seen.get(id) ?? 0) + 1);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Math.max(...seen.values())).toBe(2); // 14 reads over 10 files: the rotation wrapped round
    expect(runs(vault).every((r) => r.trigger === 'schedule' && r.outcome === 'ok' && r.files === 2)).toBe(true);
    expect(vault.fixity.statusLines()[0]).toMatch(/^fixity: ok — last check .*: 2 files re-read, audit chain intact$/);
    await scheduler.stop();
    expect(cron.jobs[0]!.stopped).toBe(true);
  });

  it('catches up the nights missed while the PC was off, at start-up', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(14, clock, { periodDays: 7, at: '02:30' });
    vault.fixity.setBaseline();
    clock.advanceDays(3); // 02:30 on the 2nd, 3rd and 4th passed with nothing running
    const scheduler = new FixityScheduler(vault.fixity, new HeldScheduler(), vault.log);
    scheduler.start();
    await scheduler.idle();
    expect(runs(vault)).toEqual([{ trigger: 'catch-up', files: 6, outcome: 'ok' }]);
    expect(vault.fixity.runsDue()).toBe(0);
    const entry = vault.db.prepare("SELECT operator, outcome, details FROM audit_log WHERE action = 'fixity.run'").get() as { operator: string; outcome: string; details: string };
    expect(entry).toMatchObject({ operator: 'evidence-vault', outcome: 'ok' });
    expect(JSON.parse(entry.details)).toMatchObject({ trigger: 'catch-up', filesChecked: 6, chainOk: true });
    await scheduler.stop();
  });

  it('raises a loud status line the night a file no longer matches', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(3, clock, { periodDays: 1 });
    const damaged = path.join(vault.config.vaultRoot, '现场执法记录仪影像资料/2026/07/01/0001234/f2.MP4');
    fs.chmodSync(damaged, 0o644);
    fs.appendFileSync(damaged, 'x');
    const r = await vault.fixity.runShare('manual');
    expect(r.outcome).toBe('problems');
    expect(r.findings).toEqual([expect.objectContaining({ check: 'files', kind: 'size-changed', vaultPath: expect.stringContaining('f2.MP4') })]);
    const status = vault.fixity.statusLines();
    expect(status[0]).toMatch(/^FIXITY ALERT at .*: 1 problems/);
    expect(status[1]).toContain('f2.MP4');
  });

  it('keeps the alarm up while the damage stands: the next night re-reads what the last found, whatever its share', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(10, clock, { periodDays: 5 }); // two files a night
    const damaged = path.join(vault.config.vaultRoot, '现场执法记录仪影像资料/2026/07/01/0001234/f1.MP4');
    fs.chmodSync(damaged, 0o644);
    fs.appendFileSync(damaged, 'x');
    const first = await vault.fixity.runShare('schedule');
    expect(first.findings).toEqual([expect.objectContaining({ kind: 'size-changed', recordingId: 1 })]);
    for (let night = 2; night <= 3; night++) {
      // Runs killed midway (left 'running') and failed ones in between forget nothing, however many.
      for (let i = 0; i < 25; i++) vault.db.prepare("INSERT INTO fixity_runs (started_at, trigger, outcome) VALUES ('2026-07-01T03:00:00+08:00', 'manual', ?)").run(i % 2 ? 'running' : 'failed');
      expect(vault.fixity.statusLines()[1]).toMatch(/^FIXITY ALERT at .*: 1 problems/);
      const r = await vault.fixity.runShare('schedule');
      expect(r.recordingIds).toContain(1); // not in this night's share, still open
      expect(r.outcome).toBe('problems');
      expect(vault.fixity.statusLines()[0]).toMatch(/^FIXITY ALERT at .*: 1 problems/);
    }
    // Put right (as repair would): the next run finds it whole and the alarm is down.
    fs.truncateSync(damaged, fs.statSync(damaged).size - 1);
    fs.chmodSync(damaged, 0o444);
    const after = await vault.fixity.runShare('schedule');
    expect(after.outcome).toBe('ok');
    expect(vault.fixity.statusLines()[0]).toMatch(/^fixity: ok/);
    const next = await vault.fixity.runShare('schedule');
    expect(next.recordingIds).not.toContain(1);
  });

  it('finds a file altered together with its catalogue row, against the entry that stored it', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(2, clock, { periodDays: 1 });
    const doctored = path.join(vault.config.vaultRoot, '现场执法记录仪影像资料/2026/07/01/0001234/f2.MP4');
    fs.chmodSync(doctored, 0o644);
    fs.writeFileSync(doctored, 'other footage');
    fs.chmodSync(doctored, 0o444);
    const sha = createHash('sha256').update('other footage').digest('hex');
    const raw = new Database(vault.config.catalogPath);
    raw.prepare('UPDATE recordings SET sha256 = ?, size = ? WHERE id = 2').run(sha, 13);
    raw.close();
    const r = await vault.fixity.runShare('schedule');
    expect(r.outcome).toBe('problems');
    expect(r.findings).toEqual([expect.objectContaining({ check: 'catalogue-vs-trail', kind: 'hash-differs-from-trail', recordingId: 2, found: sha })]);
  });

  it('gives each night\'s share to recordings still kept: a disposed one takes no file\'s place', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(4, clock, { periodDays: 2 }); // two files a night
    const rel = '现场执法记录仪影像资料/2026/07/01/0001234/f1.MP4';
    vault.db.prepare(`INSERT INTO tombstones (recording_id, sha256, size, vault_path, local_date, metadata, approved_by, reason, disposed_at, file_removed_at)
      SELECT id, sha256, size, vault_path, local_date, '{}', 'leader', 'retention ended', '2027-01-02T00:00:00+08:00', '2027-01-02T00:00:00+08:00' FROM recordings WHERE id = 1`).run();
    fs.rmSync(path.join(vault.config.vaultRoot, rel), { force: true });
    const first = await vault.fixity.runShare('schedule');
    expect([first.recordingIds, first.filesChecked, first.outcome]).toEqual([[2, 3], 2, 'ok']);
    expect((await vault.fixity.runShare('schedule')).recordingIds).toEqual([4, 2]);
  });

  it('reports a check that cannot run without throwing', async () => {
    const clock = new FixedClock(new Date('2026-07-01T12:00:00Z'));
    const vault = vaultWith(2, clock);
    // Break the catalogue under it, as a damaged table would.
    const raw = new Database(vault.config.catalogPath);
    raw.exec('DROP TABLE scheduled_jobs');
    raw.close();
    const r = await vault.fixity.runShare('schedule');
    expect(r.outcome).toBe('failed');
    expect(r.error).toContain('scheduled_jobs');
    expect(vault.fixity.statusLines()[0]).toMatch(/^FIXITY CHECK FAILED at /);
    expect(vault.db.prepare("SELECT outcome FROM audit_log WHERE action = 'fixity.run'").get()).toEqual({ outcome: 'failed' });
  });
});
