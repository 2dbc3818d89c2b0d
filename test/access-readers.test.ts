/**
 * Who can read a working copy on the PC (R13): the requester, through their role's group, and nobody
 * else. The grant's folder and its files are handed to the group of the requester's role (a
 * custodian's copy to evidence-custodian), the files read-only; another account cannot even list it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/adapters/os-group.js';
import { accessWorkspace, asJson, seed, type Workspace } from './support/access-fixtures.js';

const NOBODY = 65534;
const asNobody = (gid: number, ...cmd: string[]) => spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${gid}`, '--clear-groups', ...cmd], { encoding: 'utf8' });

describe('a working copy is the requester\u2019s role group\u2019s to read', () => {
  let ws: Workspace;
  let ids: number[];
  let createdGroup = false;
  let custodianGid = 0;

  beforeAll(() => {
    if (groupId('evidence-custodian') === null) {
      const r = spawnSync('groupadd', ['evidence-custodian'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      createdGroup = true;
    }
    custodianGid = groupId('evidence-custodian')!;
    ws = accessWorkspace('ev-access-readers-');
    // The folders above the copies are passable (not listable) by others, as /var/lib is.
    fs.chmodSync(ws.dir, 0o711);
    ids = seed(ws, ['2026-05-15']);
  });

  afterAll(() => {
    ws.cleanup();
    if (createdGroup) spawnSync('groupdel', ['evidence-custodian']);
  });

  it('hands the folder (0750) and its files (0440) to evidence-custodian: its members read them, others nothing', () => {
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(ids[0]), '--purpose', 'view', '--for', '当事人 李某', '--until', until);
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    // The copies' root lets others pass, not list.
    expect(fs.statSync(path.dirname(copy)).mode & 0o777).toBe(0o711);
    const folder = fs.statSync(copy);
    expect([folder.gid, folder.mode & 0o777]).toEqual([custodianGid, 0o750]);
    const files = fs.readdirSync(copy);
    expect(files).toContain('MANIFEST.json');
    for (const f of files) {
      const st = fs.statSync(path.join(copy, f));
      expect([f, st.gid, st.mode & 0o777]).toEqual([f, custodianGid, 0o440]);
    }
    const video = files.find((f) => f !== 'MANIFEST.json' && f !== 'SHA256SUMS')!;
    const member = asNobody(custodianGid, 'cat', path.join(copy, video));
    expect(member.status, member.stderr).toBe(0);
    const outsider = asNobody(NOBODY, 'ls', copy);
    expect(outsider.status).not.toBe(0);
    expect(outsider.stderr).toMatch(/Permission denied/);
  });
});
