/**
 * Two commands making the same grant's working copy at once (an approval and an `access copy`, or two
 * custodians remaking a failed one). Before, the second removed the first's folder half-made and one
 * of them failed with EEXIST or a moved folder. Now the making is claimed in the catalogue: the second
 * is refused (75, on the record) while the first is at it, and a claim whose process died no longer
 * holds anyone up: the next `access copy` makes the copy whole.
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, trail } from './support/access-fixtures.js';
import { startCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';
import { queryCatalogue } from './support/tamper.js';
import { exitOf, stopWhen } from './support/wait.js';
import { openVaultParts } from '../src/wiring.js';

describe('a working copy made by two commands at once', () => {
  const ws = accessWorkspace('ev-access-race-');
  afterAll(() => ws.cleanup());

  it('refuses the second while the first makes it, and a dead maker’s claim holds nobody up', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    // Recordings of some MiB: the approval's copy takes long enough to be caught half-made.
    const ids = [1, 2, 3].map(() => seedRecording(v, '2026-05-15', '0001234', { bytes: crypto.randomBytes(16 * 1024 * 1024) }));
    await v.close();
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', ids.join(','), '--purpose', 'view', '--for', '当事人 张某 (P27)', '--until', until);
    const folder = path.join(`${ws.vault}-access-copies`, `grant-${id}`);
    const heldBy = () => queryCatalogue<{ h: string | null }>(ws.catalog, `SELECT copy_held_by AS h FROM access_requests WHERE id = ${id}`)[0]!.h;

    // The approval, caught with its copy half-made.
    const approve = startCli(['--config', ws.config, 'access', 'approve', String(id)], { SUDO_USER: 'zhao' }, { ownGroup: true });
    const approved = exitOf(approve);
    await stopWhen(-approve.pid!, 'the approval making its copy, a recording placed', () => heldBy() !== null && fs.existsSync(folder) && fs.readdirSync(folder).some((n) => n.endsWith('.MP4')));
    const half = fs.readdirSync(folder).sort();

    const second = as(ws, 'li', 'access', 'copy', String(id));
    expect(second.status, second.stderr).toBe(75);
    expect(second.stderr).toContain(`access ${id}'s working copy is being made by another command now (process ${approve.pid})`);
    // The first's folder untouched.
    expect(fs.readdirSync(folder).sort()).toEqual(half);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.copy').map((e) => [e.operator, e.outcome])).toEqual([['li', 'refused']]);

    // The maker dies with its copy half-made: its claim no longer counts.
    process.kill(-approve.pid!, 'SIGKILL');
    await approved;
    expect(heldBy()).not.toBeNull();
    const remade = asJson<{ folder: string }>(ws, 'li', 'access', 'copy', String(id));
    expect(remade.folder).toBe(folder);
    expect(heldBy()).toBeNull();
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: folder, encoding: 'utf8' });
    expect(sums.status, sums.stderr).toBe(0);
    expect(sums.stdout.trim().split('\n')).toHaveLength(ids.length);
    expect(as(ws, 'li', 'access', 'open', String(id)).status).toBe(0);
  });
});
