/**
 * A copy onto removable media whose owner swaps the grant's folder for a link while the copy is
 * written (their own USB stick, or the tmpfs systemd mounts for each user: they can rename and link
 * there). Before, the service went on writing by the folder's name: the copies, MANIFEST.json and
 * SHA256SUMS landed wherever the link pointed, the vault's own day folder here, and the command said
 * it had copied. Now it writes through the folder as it made it and refuses a folder no longer at its
 * name: nothing reaches the vault, what it wrote is taken back out, and no media copy is recorded.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, setClearance, trail } from './support/access-fixtures.js';
import { startCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';
import { queryCatalogue } from './support/tamper.js';
import { exitOf, stopWhen } from './support/wait.js';
import { openVaultParts } from '../src/wiring.js';

describe('a copy onto media whose folder is swapped for a link meanwhile', () => {
  const ws = accessWorkspace('ev-media-swap-');
  const medium = path.join(ws.dir, 'medium');
  fs.mkdirSync(medium);
  // A medium its owner (nobody) can write, as a stick of their own.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=192m,uid=65534,gid=65534,mode=0755', 'tmpfs', medium]);
  afterAll(() => {
    execFileSync('umount', [medium]);
    ws.cleanup();
  });

  it('writes nothing through the link, refuses the copy, and records no media copy; a medium too small is named full', async () => {
    // Recordings of some MiB: reading each back once placed leaves a moment to catch between two files.
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    const ids = [1, 2, 3, 4, 5].map(() => seedRecording(v, '2026-05-15', '0001234', { bytes: crypto.randomBytes(32 * 1024 * 1024) }));
    const dayFolder = path.join(ws.vault, path.dirname(v.recordings.get(ids[0]!)!.vaultPath));
    await v.close();
    const request = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', ids.join(','), '--purpose', 'copy', '--for', '当事人 张某 (P27)', '--until', new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10));
    expect(as(ws, 'zhao', 'access', 'approve', String(request.id)).status).toBe(0);
    const before = fs.readdirSync(dayFolder).sort();

    const folder = path.join(medium, `access-grant-${request.id}`);
    const child = startCli(['--config', ws.config, 'access', 'copy', String(request.id), '--to', medium], { SUDO_USER: 'li' }, { ownGroup: true });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = exitOf(child);
    // Caught between two files (one placed and being read back, the next not begun, the manifest not
    // yet written), the owner swaps the folder: before, every later file went through the link.
    const between = () => {
      const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
      return names.some((n) => n.endsWith('.MP4')) && !names.some((n) => n.startsWith('.')) && !names.includes('MANIFEST.json');
    };
    // A run that ends before the moment is caught says how it ended (its exit code and words).
    await stopWhen(-child.pid!, 'a recording placed on the medium, the next not begun', between).catch(async (err: Error) => {
      const how = err.message.startsWith('the process ended') ? `exit ${await exited}` : 'still running';
      throw new Error(`${err.message} (${how}: ${stderr.slice(-2000)})`);
    });
    fs.renameSync(folder, `${folder}.aside`);
    fs.symlinkSync(dayFolder, folder);
    process.kill(-child.pid!, 'SIGCONT');

    const code = await exited;
    expect(fs.readdirSync(dayFolder).sort()).toEqual(before);
    expect(code, stderr).not.toBe(0);
    expect(stderr).toContain('was moved or replaced while the copy was written');
    // Not blamed on the vault's original (what the old code said when the swap came mid-file).
    expect(stderr).not.toContain('does not match the catalogue or is missing');
    // What was written went into the folder the service made (moved aside by the owner), and was taken
    // back out of it as for any failed copy; the link is left as the owner made it.
    expect(fs.readdirSync(`${folder}.aside`)).toEqual([]);
    expect(fs.readlinkSync(folder)).toBe(dayFolder);
    const entries = trail(ws, `access:${request.id}`).filter((e) => e.action === 'access.copy');
    expect(entries.map((e) => e.outcome)).toEqual(['failed']);
    expect(queryCatalogue(ws.catalog, 'SELECT folder FROM access_media_copies WHERE request_id = ?', request.id)).toEqual([]);

    // The same grant onto a medium too small for it: the medium is named full, not the vault's disk.
    const small = path.join(ws.dir, 'small');
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    try {
      const full = as(ws, 'li', 'access', 'copy', String(request.id), '--to', small);
      expect(full.status, full.stderr).toBe(74);
      expect(full.stderr).toContain(`the medium at ${small} is full: nothing was copied`);
      expect(full.stderr).not.toContain(ws.vault);
      expect(fs.readdirSync(small)).toEqual([]);
      expect(trail(ws, `access:${request.id}`).filter((e) => e.action === 'access.copy').map((e) => e.outcome)).toEqual(['failed', 'failed']);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it('takes back a copy onto media whose footage was classified above the copier while it was written', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    const rec = seedRecording(v, '2026-05-16', '0001234', { bytes: crypto.randomBytes(1024 * 1024) });
    await v.close();
    const until = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(rec), '--purpose', 'copy', '--for', '当事人 李某 (P27)', '--until', until);
    expect(as(ws, 'zhao', 'access', 'approve', String(id)).status).toBe(0);
    setClearance(ws, 'chen', 'commercial-secret');
    // li copies in this process; it stops at its first wait, while chen classifies the footage above li.
    const li = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'li', role: 'custodian' } });
    try {
      const copying = li.access.copies.copyToMedia(li.access.service.live(id, 'access.copy', { to: medium }), medium);
      const classified = as(ws, 'chen', 'recordings', 'classify', String(rec), '--level', 'commercial-secret', '--reason', '涉企');
      expect(classified.status, classified.stderr).toBe(0);
      await expect(copying).rejects.toThrow(`the classification of access ${id}'s footage, or a clearance, changed while its copy was made`);
    } finally {
      await li.close();
    }
    expect(fs.existsSync(path.join(medium, `access-grant-${id}`))).toBe(false);
    expect(queryCatalogue(ws.catalog, 'SELECT folder FROM access_media_copies WHERE request_id = ?', id)).toEqual([]);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.copy').map((e) => e.outcome)).toEqual(['failed']);
  });
});
