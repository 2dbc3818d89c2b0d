/**
 * A working copy of secret footage is its requester's own account's to read (R14), by an ACL, which
 * keeps the account's user id, not its name. An account deleted on the PC without `operator
 * deactivate` leaves that number to whoever is made next with it: the sweep (any access command, the
 * service's schedule) withdraws a copy whose requester no longer has the number it was given to,
 * on the record, and leaves alone one whose requester still does.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, accountOperator, asJson, seed, setClearance, setLevel, trail } from './support/access-fixtures.js';

const NOBODY = 65534;
const readAs = (uid: number, file: string) => spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${NOBODY}`, '--clear-groups', 'cat', file], { encoding: 'utf8' });

describe('a secret working copy whose requester’s account went', () => {
  const ws = accessWorkspace('ev-access-reuse-');
  const tag = process.pid % 100000;
  const left = accountOperator(ws, `evgone${tag}`, 'custodian', 'evidence-custodian');
  const stays = accountOperator(ws, `evstay${tag}`, 'custodian', 'evidence-custodian');
  const later = `evnext${tag}`;
  afterAll(() => {
    left.remove();
    stays.remove();
    spawnSync('userdel', [later]);
    ws.cleanup();
  });

  it('is withdrawn once the account’s user id is someone else’s; a copy whose requester keeps theirs stays', () => {
    const [rec] = seed(ws, ['2026-05-15']) as [number];
    setLevel(ws, rec, 'commercial-secret');
    setClearance(ws, 'zhao', 'commercial-secret');
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const copies = [left, stays].map((who) => {
      const name = who === left ? `evgone${tag}` : `evstay${tag}`;
      setClearance(ws, name, 'commercial-secret');
      const { id } = asJson<{ id: number }>(ws, name, 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until);
      const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
      const video = path.join(copy, fs.readdirSync(copy).find((f) => f !== 'MANIFEST.json' && f !== 'SHA256SUMS')!);
      expect(readAs(who.uid, video).status).toBe(0);
      return { id, copy, video };
    });
    // A sweep with both accounts as they were withdraws nothing.
    expect(asJson<{ ended: unknown[] }>(ws, 'li', 'access', 'expire-now').ended).toEqual([]);
    for (const c of copies) expect(fs.existsSync(c.copy)).toBe(true);

    // The first requester's account is deleted (no `operator deactivate`), and the next account made gets its number.
    expect(spawnSync('userdel', [`evgone${tag}`]).status).toBe(0);
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-u', String(left.uid), later], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    // What the ACL gives that number, the newcomer reads.
    expect(readAs(left.uid, copies[0]!.video).status).toBe(0);

    asJson(ws, 'li', 'access', 'expire-now');
    expect(fs.existsSync(copies[0]!.copy)).toBe(false);
    expect(fs.existsSync(copies[1]!.copy)).toBe(true);
    expect(readAs(stays.uid, copies[1]!.video).status).toBe(0);
    expect(trail(ws, `access:${copies[0]!.id}`).filter((e) => e.action === 'access.withdraw')).toEqual([
      expect.objectContaining({ operator: 'li', outcome: 'ok', details: { why: "the requester's account no longer has the user id the copy was given to", approvedBy: 'zhao', requestedBy: `evgone${tag}`, removed: copies[0]!.copy } }),
    ]);
    expect(trail(ws, `access:${copies[1]!.id}`).some((e) => e.action === 'access.withdraw')).toBe(false);
  });
});
