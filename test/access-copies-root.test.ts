/**
 * Working copies outlive a move of their folder (R13): an administrator who sets access.copiesRoot
 * somewhere else leaves the copies already made where they were, and each still ends with its grant
 * (removed, `access.expire` naming it). A catalogue value that names a folder the service did not make
 * for that grant is never removed, only named on the record as left.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, asJson, seed, trail, vaultAs } from './support/access-fixtures.js';

describe('working copies made before access.copiesRoot moved', () => {
  const ws = accessWorkspace('ev-access-root-');
  afterAll(() => ws.cleanup());

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
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ws.config, JSON.stringify({ ...config, access: { copiesRoot: path.join(ws.dir, 'copies-moved') } }, null, 2));

    const out = asJson<{ ended: { id: number; removed: string | null }[] }>(ws, 'li', 'access', 'expire-now');
    expect(out.ended).toEqual(expect.arrayContaining([{ id: moved.id, removed: moved.copy }, { id: forged.id, removed: null }]));
    expect(fs.existsSync(moved.copy)).toBe(false);
    expect(fs.readFileSync(path.join(theirs, 'keep.txt'), 'utf8')).toBe('keep');
    const expiry = (id: number) => trail(ws, `access:${id}`).find((e) => e.action === 'access.expire')!;
    expect(expiry(moved.id)).toMatchObject({ outcome: 'ok', details: { removed: moved.copy, left: null } });
    expect(expiry(forged.id)).toMatchObject({ outcome: 'ok', details: { removed: null, left: theirs } });
  });
});
