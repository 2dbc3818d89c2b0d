/**
 * Who reads a working copy of secret footage (R14), beyond its requester's number (red team): a
 * default ACL naming a group on a folder above is not inherited by a copy (only its requester is
 * named), a copy named to someone else since is withdrawn by the next sweep, and an account the
 * accounts' database cannot answer for (a directory server unreachable) is not taken for a deleted one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, accountOperator, asJson, seed, setClearance, setLevel, trail } from './support/access-fixtures.js';
import { CLI } from './support/cli.js';

const NOBODY = 65534;
const readAs = (uid: number, gid: number, file: string) => spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', 'cat', file], { encoding: 'utf8' });
const until = () => new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
const videoIn = (copy: string) => path.join(copy, fs.readdirSync(copy).find((f) => f !== 'MANIFEST.json' && f !== 'SHA256SUMS')!);

describe('a secret working copy and the ACL entries around it', () => {
  const ws = accessWorkspace('ev-access-reading-');
  const tag = process.pid % 100000;
  const name = `evread${tag}`;
  const requester = accountOperator(ws, name, 'custodian', 'evidence-custodian');
  const etc = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-access-reading-etc-'));
  afterAll(() => {
    requester.remove();
    ws.cleanup();
    fs.rmSync(etc, { recursive: true, force: true });
  });

  /** A secret recording's view grant for the requester, approved: its copy and the copy's video. */
  function secretCopy(date: string): { id: number; copy: string; video: string } {
    const [rec] = seed(ws, [date]) as [number];
    setLevel(ws, rec, 'commercial-secret');
    setClearance(ws, 'zhao', 'commercial-secret');
    setClearance(ws, name, 'commercial-secret');
    const { id } = asJson<{ id: number }>(ws, name, 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until());
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    return { id, copy, video: videoIn(copy) };
  }
  const withdrawals = (id: number) => trail(ws, `access:${id}`).filter((e) => e.action === 'access.withdraw');

  it('names the requester alone, whatever default ACL the copies folder has; a group named later gets the copy withdrawn', () => {
    // An administrator lets custodians browse the copies folder (harmless for group copies, they think).
    const root = path.join(ws.dir, 'vault-access-copies');
    fs.mkdirSync(root, { mode: 0o711 });
    const d = spawnSync('setfacl', ['-d', '-m', 'g:evidence-custodian:rX', root], { encoding: 'utf8' });
    expect(d.status, d.stderr).toBe(0);
    const { id, copy, video } = secretCopy('2026-05-15');
    // A member of evidence-custodian without the clearance reads nothing; the requester reads it.
    expect(readAs(NOBODY, requester.gid, video).status).not.toBe(0);
    expect(readAs(requester.uid, NOBODY, video).status).toBe(0);
    asJson(ws, 'li', 'access', 'expire-now');
    expect(withdrawals(id)).toEqual([]);

    // Someone names the group on the copy by hand: the next sweep withdraws it.
    const added = spawnSync('setfacl', ['-R', '-m', 'g:evidence-custodian:rX', copy], { encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    expect(readAs(NOBODY, requester.gid, video).status).toBe(0);
    asJson(ws, 'li', 'access', 'expire-now');
    expect(fs.existsSync(copy)).toBe(false);
    expect(withdrawals(id)).toEqual([expect.objectContaining({ outcome: 'ok', details: expect.objectContaining({ why: 'readable by others than the requester', removed: copy }) })]);
  });

  it('keeps the copy while the accounts’ database cannot answer for the requester (their number is nobody else’s)', () => {
    const { id, copy, video } = secretCopy('2026-05-16');
    expect(readAs(requester.uid, NOBODY, video).status).toBe(0);
    // The account is a directory server's ("passwd: files ldap") and the server is unreachable for this
    // sweep: in a mount namespace of the sweep's own, the local files without the account, no ldap module.
    fs.writeFileSync(path.join(etc, 'passwd'), fs.readFileSync('/etc/passwd', 'utf8').split('\n').filter((l) => !l.startsWith(`${name}:`)).join('\n'));
    fs.writeFileSync(path.join(etc, 'nsswitch.conf'), 'passwd: files ldap\ngroup: files\nshadow: files\n');
    const sweep = spawnSync(
      'unshare',
      ['-m', 'sh', '-c', `mount --bind ${etc}/passwd /etc/passwd && mount --bind ${etc}/nsswitch.conf /etc/nsswitch.conf && exec "$0" "$@"`, process.execPath, CLI, '--config', ws.config, 'access', 'expire-now', '--json'],
      { encoding: 'utf8', env: { ...process.env, SUDO_USER: 'li' } },
    );
    expect(sweep.status, sweep.stderr).toBe(0);
    expect(withdrawals(id)).toEqual([]);
    expect(fs.existsSync(copy)).toBe(true);
  });
});
