/**
 * Who can read a working copy on the PC (R13): the requester, through their role's group, and nobody
 * else. The grant's folder and its files are handed to the group of the requester's role (a
 * custodian's copy to evidence-custodian), the files read-only; another account cannot even list it.
 * A copy of secret footage (R14) is the requester's own account's alone, by ACL: others of their
 * group may hold no clearance for it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/adapters/os-group.js';
import { accessWorkspace, as, asJson, seed, setClearance, setLevel, trail, type Workspace } from './support/access-fixtures.js';
import { runCli } from './support/cli.js';
import { openVaultParts } from '../src/wiring.js';

const NOBODY = 65534;
const asNobody = (gid: number, ...cmd: string[]) => spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${gid}`, '--clear-groups', ...cmd], { encoding: 'utf8' });

describe('a working copy is the requester\u2019s role group\u2019s to read', () => {
  let ws: Workspace;
  let ids: number[];
  let createdGroup = false;
  let custodianGid = 0;
  // A requester with an account of their own on this PC (the others here are names only).
  const account = `evsec${process.pid % 100000}`;
  let accountUid = 0;
  let copiesRoot = '';

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
    ids = seed(ws, ['2026-05-15', '2026-05-16']);
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', account], { encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    accountUid = Number(spawnSync('id', ['-u', account], { encoding: 'utf8' }).stdout.trim());
    const added = runCli(['--config', ws.config, 'operator', 'add', account, '--name', '保密员', '--role', 'custodian'], { SUDO_USER: 'boss' });
    expect(added.status, added.stderr).toBe(0);
  });

  afterAll(() => {
    spawnSync('userdel', [account]);
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
    // `access copy` of a copy already there opens it as `access open` does, on the record.
    expect(asJson<{ folder: string }>(ws, 'wang', 'access', 'copy', String(id)).folder).toBe(copy);
    expect(trail(ws, `access:${id}`).at(-1)).toMatchObject({ action: 'access.use', operator: 'wang', outcome: 'ok' });
    const outsider = asNobody(NOBODY, 'ls', copy);
    expect(outsider.status).not.toBe(0);
    expect(outsider.stderr).toMatch(/Permission denied/);
  });

  it('gives a working copy of secret footage to its requester alone: their group reads nothing', () => {
    setLevel(ws, ids[1]!, 'commercial-secret');
    setClearance(ws, account, 'commercial-secret');
    setClearance(ws, 'zhao', 'commercial-secret');
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'view', '--for', '办案人员', '--until', until);
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    const folder = fs.statSync(copy);
    // The service's own group, not evidence-custodian.
    expect(folder.gid).toBe(process.getgid!());
    const video = fs.readdirSync(copy).find((f) => f !== 'MANIFEST.json' && f !== 'SHA256SUMS')!;
    const asAccount = (...cmd: string[]) => spawnSync('setpriv', [`--reuid=${accountUid}`, `--regid=${NOBODY}`, '--clear-groups', ...cmd], { encoding: 'utf8' });
    const mine = asAccount('cat', path.join(copy, video));
    expect(mine.status, mine.stderr).toBe(0);
    expect(mine.stdout.length).toBe(fs.statSync(path.join(copy, video)).size);
    const sums = asAccount('sh', '-c', 'cd "$1" && sha256sum -c SHA256SUMS', 'sh', copy);
    expect(sums.status, sums.stderr).toBe(0);
    copiesRoot = path.dirname(copy);
    // A member of evidence-custodian without the clearance: nothing, not even the names.
    const member = asNobody(custodianGid, 'ls', copy);
    expect(member.status).not.toBe(0);
    expect(member.stderr).toMatch(/Permission denied/);
    expect(trail(ws, `access:${id}`).find((e) => e.action === 'access.copy' && e.outcome === 'ok')).toMatchObject({ details: { readers: `account:${account}` } });
    // The requester can neither write into it nor change its files.
    expect(asAccount('touch', path.join(copy, 'x')).status).not.toBe(0);
    expect(as(ws, account, 'access', 'open', String(id)).status).toBe(0);
    // A colleague, cleared or not, is not given the folder to open: it is the requester's alone.
    setClearance(ws, 'wang', 'commercial-secret');
    for (const how of ['open', 'copy']) {
      const colleague = as(ws, 'wang', 'access', how, String(id));
      expect(colleague.status).toBe(77);
      expect(colleague.stderr).toContain(`it is for ${account}, who asked for it, alone`);
    }
    setClearance(ws, 'wang', 'internal');
    // Their clearance lowered by a leader: the copy is withdrawn at once, on the record.
    const lowered = as(ws, 'zhao', 'operator', 'clearance', account, '--level', 'internal', '--reason', '调离涉企案件');
    expect(lowered.status, lowered.stderr).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.withdraw')).toEqual([
      expect.objectContaining({ operator: 'zhao', outcome: 'ok', details: { recordings: [ids[1]], why: 'above a clearance', approvedBy: 'zhao', requestedBy: account, removed: copy } }),
    ]);
    expect(as(ws, account, 'access', 'open', String(id)).status).toBe(77);
    setClearance(ws, account, 'commercial-secret');
  });

  it('makes no copy of secret footage for a requester with no account here: the grant stands, the failure is recorded', () => {
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    setClearance(ws, 'li', 'commercial-secret');
    const { id } = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'view', '--for', '办案人员', '--until', until);
    const r = asJson<{ copy: string | null; copyError?: string }>(ws, 'zhao', 'access', 'approve', String(id));
    expect(r.copy).toBeNull();
    expect(r.copyError).toContain('cannot make it readable by li alone: li has no account on this PC');
    expect(r.copyError).not.toContain('Invalid argument');
    // Nothing left readable by the service's group or anyone: the folder made is removed.
    expect(fs.existsSync(path.join(copiesRoot, `grant-${id}`))).toBe(false);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.copy').map((e) => e.outcome)).toEqual(['failed']);
    // In Chinese, the reason is Chinese and the way on is an account first, then the copy: not approving again.
    const second = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const zh = as(ws, 'zhao', '--lang', 'zh', 'access', 'approve', String(second));
    expect(zh.status).toBe(1);
    expect(zh.stdout).toContain('工作副本未能生成：无法仅供 li 读取：li 在本机没有账户');
    expect(zh.stdout).toContain('请系统管理员为其建立本机账户');
    expect(zh.stdout).toContain(`用 evidence-vault access copy ${second} 生成工作副本`);
    expect(zh.stdout).not.toMatch(/cannot|account on this PC/);
  });

  it('withdraws a copy its group reads once its footage becomes secret; made again, it is the requester’s alone', () => {
    const [rec] = seed(ws, ['2026-05-17']) as [number];
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until);
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    expect(fs.statSync(copy).gid).toBe(custodianGid);
    setClearance(ws, 'chen', 'commercial-secret');
    const classified = as(ws, 'chen', 'recordings', 'classify', String(rec), '--level', 'commercial-secret', '--reason', '涉企');
    expect(classified.status, classified.stderr).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.withdraw')).toEqual([
      expect.objectContaining({ operator: 'chen', outcome: 'ok', details: { recordings: [rec], why: 'secret, readable by a group', approvedBy: 'zhao', requestedBy: account, removed: copy } }),
    ]);
    const again = as(ws, account, 'access', 'copy', String(id));
    expect(again.status, again.stderr).toBe(0);
    expect(fs.statSync(copy).gid).toBe(process.getgid!());
    expect(asNobody(custodianGid, 'ls', copy).status).not.toBe(0);
    // Nothing withdrawn twice: the copy made again is the account's alone.
    expect(as(ws, account, 'access', 'list').status).toBe(0);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.withdraw')).toHaveLength(1);
  });

  it('ends a deactivated requester’s grant and removes its copy of secret footage at once; their clearance can still be lowered, and their open request is not approved', () => {
    const [rec, later] = seed(ws, ['2026-05-18', '2026-05-19']) as [number, number];
    setLevel(ws, rec, 'state-secret');
    setLevel(ws, later, 'state-secret');
    setClearance(ws, account, 'state-secret');
    setClearance(ws, 'zhao', 'state-secret');
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案', '--until', until);
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    const open = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', String(later), '--purpose', 'view', '--for', '办案', '--until', until).id;
    expect(fs.existsSync(copy)).toBe(true);
    const off = as(ws, 'boss', 'operator', 'deactivate', account);
    expect(off.status, off.stderr).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    // The grant ends with the requester's deactivation, its copy removed with it.
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.end' || e.action === 'access.expire')).toEqual([
      expect.objectContaining({ action: 'access.end', operator: 'boss', outcome: 'ok', details: expect.objectContaining({ requestedBy: account, why: 'requester deactivated' }) }),
      expect.objectContaining({ action: 'access.expire', operator: 'boss', outcome: 'ok', details: expect.objectContaining({ recordings: [rec], removed: copy }) }),
    ]);
    const approve = as(ws, 'zhao', 'access', 'approve', String(open));
    expect(approve.status).toBe(77);
    expect(approve.stderr).toContain(`${account}, who asked for access ${open}, is deactivated`);
    // Lowered, never raised, while deactivated.
    expect(as(ws, 'zhao', 'operator', 'clearance', account, '--level', 'internal', '--reason', '已调离').status).toBe(0);
    const raise = as(ws, 'zhao', 'operator', 'clearance', account, '--level', 'state-secret', '--reason', 'x');
    expect(raise.status).not.toBe(0);
    expect(raise.stderr).toContain('their clearance cannot be raised');
  });

  it('never hands a group a copy whose footage was classified while it was made: decided again when it is named', async () => {
    const [rec] = seed(ws, ['2026-05-20']) as [number];
    setClearance(ws, 'li', 'commercial-secret');
    setClearance(ws, 'zhao', 'commercial-secret');
    setClearance(ws, 'chen', 'commercial-secret');
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const { id } = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案', '--until', until);
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(id));
    fs.rmSync(copy, { recursive: true, force: true });
    // li remakes it in this process; it stops at its first wait, while chen classifies the footage.
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'li', role: 'custodian' } });
    try {
      const remake = v.access.copies.makeWorkingCopy(v.access.service.live(id, 'access.copy'));
      const classified = as(ws, 'chen', 'recordings', 'classify', String(rec), '--level', 'commercial-secret', '--reason', '涉企');
      expect(classified.status, classified.stderr).toBe(0);
      await expect(remake).rejects.toThrow(`the classification of access ${id}'s footage, or a clearance, changed while its copy was made`);
    } finally {
      await v.close();
    }
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.copy').map((e) => e.outcome)).toEqual(['ok', 'failed']);
  });
});
