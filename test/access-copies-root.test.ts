/**
 * Working copies outlive a move of their folder (R13): an administrator who sets access.copiesRoot
 * somewhere else leaves the copies already made where they were, and each still ends with its grant
 * (removed, `access.expire` naming it). A catalogue value that names a folder the service did not make
 * for that grant is never removed, only named on the record as left; so is a copy that cannot be
 * removed (a read-only disk) or that others could change while it is removed (a folder above it
 * writable by custodians), and neither holds up the other grants' ends (red team).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, accountOperator, asJson, seed, trail, vaultAs } from './support/access-fixtures.js';

describe('working copies made before access.copiesRoot moved', () => {
  const ws = accessWorkspace('ev-access-root-');
  const tag = process.pid % 100000;
  const custodian = accountOperator(ws, `evroot${tag}`, 'custodian', 'evidence-custodian');
  const asCustodian = (script: string) => spawnSync('setpriv', [`--reuid=${custodian.uid}`, `--regid=${custodian.gid}`, '--clear-groups', 'sh', '-ec', script], { encoding: 'utf8' });
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts.reverse()) spawnSync('umount', [m]);
    custodian.remove();
    ws.cleanup();
  });
  const moveCopiesRoot = (to: string) => {
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ws.config, JSON.stringify({ ...config, access: { copiesRoot: to } }, null, 2));
  };
  const expiry = (id: number) => trail(ws, `access:${id}`).find((e) => e.action === 'access.expire')!;

  /** A view grant approved twelve days ago for two days: ended by the real clock, its copy still there. */
  async function endedGrant(dates: string[]): Promise<{ id: number; copy: string }> {
    const ids = seed(ws, dates);
    const then = new Date(Date.now() - 12 * 86_400_000);
    const clock = { now: () => then };
    const until = new Date(then.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const li = vaultAs(ws, 'li', 'custodian', clock);
    const { id } = li.access.service.request({ recordingIds: ids, purpose: 'view', beneficiary: '当事人 张某 (P27)', until });
    await li.close();
    const zhao = vaultAs(ws, 'zhao', 'approver', clock);
    const granted = await zhao.access.service.approve(id);
    await zhao.close();
    expect(fs.existsSync(granted.copy!)).toBe(true);
    return { id, copy: granted.copy! };
  }

  it('removes an ended grant’s copy from the folder it was made in, and leaves a folder it did not make', async () => {
    const moved = await endedGrant(['2026-05-15']);
    const forged = await endedGrant(['2026-05-16']);
    // Someone with the catalogue in hand points the second grant's copy at a folder of theirs.
    const theirs = path.join(ws.dir, 'not-a-copy');
    fs.mkdirSync(theirs);
    fs.writeFileSync(path.join(theirs, 'keep.txt'), 'keep');
    const db = new Database(ws.catalog);
    db.prepare('UPDATE access_requests SET copy_path = ? WHERE id = ?').run(theirs, forged.id);
    db.close();
    fs.rmSync(forged.copy, { recursive: true, force: true });

    // The administrator moves the copies folder.
    moveCopiesRoot(path.join(ws.dir, 'copies-moved'));

    const out = asJson<{ ended: { id: number; removed: string | null }[] }>(ws, 'li', 'access', 'expire-now');
    expect(out.ended).toEqual(expect.arrayContaining([{ id: moved.id, removed: moved.copy }, { id: forged.id, removed: null }]));
    expect(fs.existsSync(moved.copy)).toBe(false);
    expect(fs.readFileSync(path.join(theirs, 'keep.txt'), 'utf8')).toBe('keep');
    expect(expiry(moved.id)).toMatchObject({ outcome: 'ok', details: { removed: moved.copy, left: null } });
    expect(expiry(forged.id)).toMatchObject({ outcome: 'ok', details: { removed: null, left: theirs } });
  });

  it('leaves a copy on a disk made read-only, on the record, and ends the other grants all the same', async () => {
    moveCopiesRoot(path.join(ws.dir, 'copies-a'));
    const old = await endedGrant(['2026-05-17']);
    moveCopiesRoot(path.join(ws.dir, 'copies-b'));
    const fresh = await endedGrant(['2026-05-18']);
    // The administrator retires the old folder read-only.
    const oldRoot = path.dirname(old.copy);
    expect(spawnSync('mount', ['--bind', oldRoot, oldRoot]).status).toBe(0);
    mounts.push(oldRoot);
    const ro = spawnSync('mount', ['-o', 'remount,bind,ro', oldRoot], { encoding: 'utf8' });
    expect(ro.status, ro.stderr).toBe(0);

    const out = asJson<{ ended: { id: number; removed: string | null }[] }>(ws, 'li', 'access', 'expire-now');
    expect(out.ended).toEqual(expect.arrayContaining([{ id: fresh.id, removed: fresh.copy }, { id: old.id, removed: null }]));
    expect(fs.existsSync(fresh.copy)).toBe(false);
    expect(fs.existsSync(old.copy)).toBe(true);
    expect(expiry(old.id)).toMatchObject({ outcome: 'ok', details: { removed: null, left: old.copy, notRemoved: expect.stringContaining('EROFS') } });
  });

  it('never removes a copy in a folder custodians can write: their folder at its name stays, and so does the vault', async () => {
    // The custodians' exchange folder, where the copies first went.
    const shared = path.join(ws.dir, 'shared');
    fs.mkdirSync(shared);
    fs.chownSync(shared, 0, custodian.gid);
    fs.chmodSync(shared, 0o770);
    moveCopiesRoot(path.join(shared, 'ev-copies'));
    const old = await endedGrant(['2026-05-19']);
    moveCopiesRoot(path.join(ws.dir, 'copies-c'));
    // A custodian moves the old copies folder aside and puts a grant-N of their own at its name: a
    // recursive removal of it, walking names, could be sent anywhere by a link swapped in meanwhile.
    const prep = asCustodian(`cd ${shared}; mv ev-copies stash; mkdir -p ${path.relative(shared, old.copy)}; echo x > ${path.relative(shared, old.copy)}/x`);
    expect(prep.status, prep.stderr).toBe(0);
    const before = fs.readdirSync(ws.vault, { recursive: true }).length;

    const out = asJson<{ ended: { id: number; removed: string | null }[] }>(ws, 'li', 'access', 'expire-now');
    expect(out.ended).toEqual(expect.arrayContaining([{ id: old.id, removed: null }]));
    expect(fs.readFileSync(path.join(old.copy, 'x'), 'utf8')).toBe('x\n');
    expect(fs.readdirSync(ws.vault, { recursive: true }).length).toBe(before);
    expect(expiry(old.id)).toMatchObject({ outcome: 'ok', details: { removed: null, left: old.copy, notRemoved: expect.stringContaining(`${shared} can be written by others`) } });
  });
});
