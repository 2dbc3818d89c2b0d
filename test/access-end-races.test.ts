/**
 * A deactivated requester's grants (R13, R14) where the deactivation's own sweep has not ended them:
 * found by a red team. The grant gate (disc build, export) counted the grant of a requester deactivated
 * by a command that ended before its sweep; and an approval still writing its working copy when the
 * deactivation ended the grant named its copy on the ended grant afterwards, where no sweep looks again.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { startCli } from './support/cli.js';
import { accessWorkspace, as, asJson, setLevel, trail } from './support/access-fixtures.js';
import { seedRecording } from './support/seed-recordings.js';

const until = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the grants of a requester deactivated before a sweep ends them', () => {
  const ws = accessWorkspace('ev-access-end-races-');
  afterAll(() => ws.cleanup());
  const seedOne = async (date: string, bytes?: Buffer) => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    try {
      return seedRecording(v, date, '0001234', bytes ? { bytes } : {});
    } finally {
      await v.close();
    }
  };
  /** `operator deactivate` whose process ended after the deactivation committed, before its sweep. */
  const deactivateWithoutSweep = async (who: string) => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    try {
      v.operators.deactivate(who);
    } finally {
      await v.close();
    }
  };

  it('are counted by no disc build: refused, no disc, no use on the record', async () => {
    const rec = await seedOne('2026-08-03');
    setLevel(ws, rec, 'internal');
    expect(as(ws, 'boss', 'operator', 'add', 'sun', '--name', 'sun', '--role', 'custodian').status).toBe(0);
    const grant = asJson<{ id: number }>(ws, 'sun', 'access', 'request', '--recordings', String(rec), '--purpose', 'evidence', '--for', '法制审核', '--until', until(5)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(grant)).status).toBe(0);
    await deactivateWithoutSweep('sun');
    const out = path.join(ws.dir, 'discs');
    const built = as(ws, 'chen', 'disc', 'build', '--recording', String(rec), '--case-number', '鞍自然执〔2026〕40号', '--out', out, '--json');
    expect(built.status).toBe(77);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.use')).toEqual([]);
  });

  it('leave no working copy named on a grant the deactivation ended while the copy was written', async () => {
    // Large enough that the copy is still being written when the approval is stopped (ordinary footage).
    const rec = await seedOne('2026-05-20', Buffer.alloc(256 * 1024 * 1024, 7));
    expect(as(ws, 'boss', 'operator', 'add', 'zhou', '--name', 'zhou', '--role', 'custodian').status).toBe(0);
    const grant = asJson<{ id: number }>(ws, 'zhou', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until(30)).id;
    const folder = `${ws.vault}-access-copies/grant-${grant}`;
    const approve = startCli(['--config', ws.config, 'access', 'approve', String(grant), '--json'], { SUDO_USER: 'zhao' }, { ownGroup: true });
    const exited = new Promise<number | null>((resolve) => approve.on('exit', (code) => resolve(code)));
    let stopped = false;
    try {
      // Waited on: the copy's folder appears as it starts.
      while (!fs.existsSync(folder) && approve.exitCode === null) await new Promise((r) => setImmediate(r));
      expect(fs.existsSync(folder), 'the approval began its copy').toBe(true);
      process.kill(-approve.pid!, 'SIGSTOP');
      stopped = true;
      const off = as(ws, 'boss', 'operator', 'deactivate', 'zhou');
      expect(off.status, off.stderr).toBe(0);
    } finally {
      if (stopped) process.kill(-approve.pid!, 'SIGCONT');
    }
    // The approval stands; its copy does not (told so: exit 1).
    expect(await exited).toBe(1);
    expect(as(ws, 'boss', 'access', 'list').status).toBe(0);
    const db = new Database(ws.catalog, { readonly: true });
    const row = db.prepare('SELECT expired_at AS expiredAt, copy_path AS copyPath FROM access_requests WHERE id = ?').get(grant) as { expiredAt: string | null; copyPath: string | null };
    db.close();
    expect(row.expiredAt).not.toBeNull();
    expect({ folderLeft: fs.existsSync(folder), copyPath: row.copyPath }).toEqual({ folderLeft: false, copyPath: null });
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.copy').map((e) => e.outcome)).not.toContain('ok');
  }, 120_000);
});
