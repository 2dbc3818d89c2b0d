/**
 * Access by approval (R13, P27, R14) through the built CLI as different people: requests, decisions
 * never by the requester and within clearance, verified working copies, copies onto a real FAT32
 * volume, and every step on the trail with its grant and recordings.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFatImage, mountFat, type Mounted } from './support/fat-volume.js';
import { accessWorkspace, as, asJson, seed, setClearance, setLevel, trail, type Workspace } from './support/access-fixtures.js';
import { flipByte, queryCatalogue } from './support/tamper.js';
import { runCli } from './support/cli.js';

interface Listing {
  id: number;
  state: string;
  purpose: string;
  recordings: { id: number; name: string; officerId: string | null }[];
  hidden: number;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const until = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('access by approval', () => {
  let ws: Workspace;
  let ids: number[];
  const catalogueSha = (id: number) => queryCatalogue<{ sha256: string; vault_path: string }>(ws.catalog, `SELECT sha256, vault_path FROM recordings WHERE id = ${id}`)[0]!;
  const request = (user: string, ...args: string[]) => asJson<{ id: number }>(ws, user, 'access', 'request', ...args).id;

  beforeAll(() => {
    ws = accessWorkspace('ev-access-');
    ids = seed(ws, ['2026-05-15', '2026-05-15', '2026-05-16']);
  });
  afterAll(() => ws.cleanup());

  it('refuses approval and refusal by the requester, on the record', () => {
    const id = request('wang', '--recordings', `${ids[0]},${ids[1]}`, '--purpose', 'view', '--for', '当事人 张某 (P27)', '--until', until(30));
    const self = as(ws, 'wang', 'access', 'approve', String(id));
    expect(self.status).toBe(77);
    expect(self.stderr).toContain(`wang filed access request ${id} and cannot decide it`);
    expect(as(ws, 'wang', 'access', 'refuse', String(id), '--reason', 'x').status).toBe(77);
    // A custodian without the approver role is refused by the role table.
    expect(as(ws, 'li', 'access', 'approve', String(id)).status).toBe(77);
    const entries = trail(ws, `access:${id}`);
    expect(entries.map((e) => [e.action, e.outcome, e.operator])).toEqual([
      ['access.request', 'ok', 'wang'],
      ['access.approve', 'refused', 'wang'],
      ['access.refuse', 'refused', 'wang'],
    ]);
    for (const e of entries) expect(e.details.recordings).toEqual([ids[0], ids[1]]);
    expect(asJson<Listing[]>(ws, 'li', 'access', 'list')).toEqual([expect.objectContaining({ id, state: 'open' })]);
  });

  it('approves with a working copy whose hashes are the originals\u2019, originals untouched, each use recorded', () => {
    const before = ids.map((id) => fs.statSync(path.join(ws.vault, catalogueSha(id).vault_path)));
    const id = request('li', '--recordings', `${ids[0]},${ids[2]}`, '--purpose', 'view', '--for', '当事人 李某', '--until', until(10));
    const ok = asJson<{ copy: string; endsAt: string }>(ws, 'zhao', 'access', 'approve', String(id));
    expect(ok.copy).toBe(path.join(ws.dir, `vault-access-copies/grant-${id}`));
    const manifest = JSON.parse(fs.readFileSync(path.join(ok.copy, 'MANIFEST.json'), 'utf8'));
    expect(manifest).toMatchObject({ grantId: id, purpose: 'view', beneficiary: '当事人 李某', requestedBy: 'li', approvedBy: 'zhao', until: until(10) });
    expect(manifest.files.map((f: { recordingId: number }) => f.recordingId)).toEqual([ids[0], ids[2]]);
    for (const f of manifest.files as { recordingId: number; name: string; sha256: string }[]) {
      const copy = path.join(ok.copy, f.name);
      const original = catalogueSha(f.recordingId);
      expect(sha(copy)).toBe(original.sha256);
      expect(f.sha256).toBe(original.sha256);
      expect(sha(path.join(ws.vault, original.vault_path))).toBe(original.sha256);
      expect(fs.statSync(copy).mode & 0o777).toBe(0o440); // read-only, for the requester's role group (access-readers.test.ts)
    }
    expect(fs.readFileSync(path.join(ok.copy, 'SHA256SUMS'), 'utf8').trim().split('\n')).toHaveLength(2);
    ids.forEach((id, i) => {
      const now = fs.statSync(path.join(ws.vault, catalogueSha(id).vault_path));
      expect([now.mtimeMs, now.ino, now.mode]).toEqual([before[i]!.mtimeMs, before[i]!.ino, before[i]!.mode]);
    });
    const opened = asJson<{ folder: string }>(ws, 'li', 'access', 'open', String(id));
    expect(opened.folder).toBe(ok.copy);
    expect(trail(ws, `access:${id}`).map((e) => `${e.action}:${e.outcome}`)).toEqual(['access.request:ok', 'access.approve:ok', 'access.copy:ok', 'access.use:ok']);
    // A decided request is not decided again.
    expect(as(ws, 'wang', 'access', 'approve', String(id)).status).toBe(77);
  });

  it('refuses a request with a reason; the refused request is never opened', () => {
    const id = request('li', '--recordings', String(ids[1]), '--purpose', 'public-use', '--for', '新闻发布', '--until', until(5));
    expect(as(ws, 'zhao', 'access', 'refuse', String(id)).status).toBe(2); // --reason is required
    const r = as(ws, 'zhao', 'access', 'refuse', String(id), '--reason', '涉及个人隐私');
    expect(r.status).toBe(0);
    expect(as(ws, 'wang', 'access', 'approve', String(id)).status).toBe(77);
    const open = as(ws, 'li', 'access', 'open', String(id));
    expect(open.status).toBe(77);
    expect(open.stderr).toContain('refused by zhao');
    expect(fs.existsSync(path.join(ws.dir, `vault-access-copies/grant-${id}`))).toBe(false);
    const entries = trail(ws, `access:${id}`);
    expect(entries.map((e) => `${e.action}:${e.outcome}`)).toEqual(['access.request:ok', 'access.refuse:ok', 'access.approve:refused', 'access.use:refused']);
    expect(entries[1]!.details).toMatchObject({ recordings: [ids[1]], why: '涉及个人隐私' });
    expect(asJson<Listing[]>(ws, 'li', 'access', 'list').map((l) => l.id)).not.toContain(id);
    expect(asJson<Listing[]>(ws, 'li', 'access', 'list', '--all')).toContainEqual(expect.objectContaining({ id, state: 'refused' }));
  });

  it('refuses a state-secret recording to a requester and an approver without that clearance, and hides it from listings', () => {
    setLevel(ws, ids[2]!, 'state-secret');
    // R14: what a request grants is handed to its requester, who must be cleared for it: nothing is filed.
    const filed = () => queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM access_requests')[0]!.n;
    const before = filed();
    const uncleared = as(ws, 'li', 'access', 'request', '--recordings', `${ids[1]},${ids[2]}`, '--purpose', 'view', '--for', '办案人员', '--until', until(3));
    expect(uncleared.status).toBe(77);
    expect(uncleared.stderr).toContain(`recording ${ids[2]} is state secret, above your clearance (internal)`);
    expect(filed()).toBe(before);
    const refusedRequest = asJson<{ outcome: string; details: Record<string, unknown> }[]>(ws, 'boss', 'audit', 'log', '--action', 'access.request', '--outcome', 'refused').at(-1)!;
    expect(refusedRequest.details).toMatchObject({ recordings: [ids[1], ids[2]], purpose: 'view', clearance: 'internal', needed: 'state-secret', above: [{ id: ids[2], level: 'state-secret' }] });
    setClearance(ws, 'li', 'state-secret');
    const id = request('li', '--recordings', `${ids[1]},${ids[2]}`, '--purpose', 'view', '--for', '办案人员', '--until', until(3));
    const r = as(ws, 'zhao', 'access', 'approve', String(id));
    expect(r.status).toBe(77);
    expect(r.stderr).toContain(`recording ${ids[2]} is state secret`);
    expect(r.stderr).toContain('needs a state secret clearance, zhao holds internal');
    expect(r.stderr).not.toMatch(/[\u4e00-\u9fff]/);
    // The same refusal in Chinese, with no English sentence in it; the trail keeps the English.
    const zh = as(ws, 'zhao', 'access', 'approve', String(id), '--lang', 'zh');
    expect(zh.status).toBe(77);
    expect(zh.stderr).toContain(`拒绝：审批人密级权限不足：影像 ${ids[2]} 为国家秘密`);
    expect(zh.stderr).not.toMatch(/refused|clearance|recording/);
    expect(trail(ws, `access:${id}`).at(-1)!.details.reason).toMatch(/^refused: .*needs a state secret clearance/);
    expect(trail(ws, `access:${id}`).at(-1)).toMatchObject({ action: 'access.approve', outcome: 'refused', details: { recordings: [ids[1], ids[2]], needed: 'state-secret', clearance: 'internal' } });
    // Another custodian's listing names the ordinary recording only and counts the other.
    const theirs = asJson<Listing[]>(ws, 'wang', 'access', 'list').find((l) => l.id === id)!;
    expect(theirs.recordings.map((x) => x.id)).toEqual([ids[1]]);
    expect(theirs.hidden).toBe(1);
    const text = as(ws, 'wang', 'access', 'list').stdout;
    expect(text).toContain('2 recording(s) above your clearance'); // this request's and the live grant's
    expect(text).not.toContain(catalogueSha(ids[2]!).vault_path.split('/').pop());
    setClearance(ws, 'zhao', 'state-secret');
    // Approved; the working copy of secret footage is li's own account's alone, and li has none here (exit 1).
    const approved = as(ws, 'zhao', 'access', 'approve', String(id));
    expect(approved.status).toBe(1);
    expect(approved.stdout).toContain('cannot make it readable by li alone');
    expect(asJson<Listing[]>(ws, 'zhao', 'access', 'list').find((l) => l.id === id)!.hidden).toBe(0);
  });

  it('refuses bad requests clearly and files nothing', () => {
    const bad = (...args: string[]) => as(ws, 'li', 'access', 'request', ...args);
    expect(bad('--recordings', '99999', '--purpose', 'view', '--for', 'x', '--until', until(1)).stderr).toContain('no recording 99999');
    expect(bad('--recordings', String(ids[0]), '--purpose', 'look', '--for', 'x', '--until', until(1)).stderr).toContain('--purpose look is not a purpose');
    expect(bad('--recordings', String(ids[0]), '--purpose', 'look', '--for', 'x', '--until', until(1), '--lang', 'zh').stderr).toContain('--purpose look 不是有效用途');
    expect(bad('--recordings', String(ids[0]), '--purpose', 'view', '--for', 'x', '--until', '2020-01-01', '--lang', 'zh').stderr).toContain('早于今天');
    expect(bad('--recordings', String(ids[0]), '--purpose', 'view', '--for', 'x', '--until', '2020-01-01').stderr).toContain('is before today');
    expect(bad('--recordings', String(ids[0]), '--purpose', 'view', '--for', '  ', '--until', until(1)).stderr).toContain('--for is empty');
    expect(bad('--purpose', 'view', '--for', 'x', '--until', until(1)).status).toBe(2);
    // An approver may not file one (R13: the keepers of the footage ask).
    expect(as(ws, 'zhao', 'access', 'request', '--recordings', String(ids[0]), '--purpose', 'view', '--for', 'x', '--until', until(1)).status).toBe(77);
    expect(queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM access_requests')[0]!.n).toBe(4);
    // Each failure on the record with what was asked, not only its error.
    const failed = asJson<{ details: { error: string; options: Record<string, unknown> } }[]>(ws, 'boss', 'audit', 'log', '--action', 'access.request', '--outcome', 'failed');
    expect(failed.find((e) => e.details.error.includes('no recording 99999'))!.details.options).toMatchObject({ recordings: '99999', purpose: 'view', for: 'x' });
  });

  it('never hands out a damaged original: the grant stands, no copy is left, the failure is recorded', () => {
    const [bad] = seed(ws, ['2026-05-17']);
    const file = path.join(ws.vault, catalogueSha(bad!).vault_path);
    const id = request('li', '--recordings', String(bad), '--purpose', 'view', '--for', '当事人', '--until', until(4));
    flipByte(file, 0);
    const r = as(ws, 'zhao', 'access', 'approve', String(id));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('does not match the catalogue');
    // What to do first (repair the original), then the copy again: the approval stands.
    expect(r.stdout).toMatch(new RegExp(`try: Run evidence-vault verify, then evidence-vault repair .*make the copy with evidence-vault access copy ${id}\\)`));
    expect(fs.existsSync(path.join(ws.dir, `vault-access-copies/grant-${id}`))).toBe(false);
    expect(as(ws, 'li', 'access', 'open', String(id)).stderr).toContain('has no working copy now');
    expect(trail(ws, `access:${id}`).map((e) => `${e.action}:${e.outcome}`)).toEqual(['access.request:ok', 'access.approve:ok', 'access.copy:failed', 'access.use:refused']);
    // Put right (as repair would), the copy is made again from the original.
    flipByte(file, 0);
    expect(as(ws, 'li', 'access', 'copy', String(id)).status).toBe(0);
    expect(as(ws, 'li', 'access', 'open', String(id)).status).toBe(0);
  });

  it('never puts working copies inside the vault, whatever the configuration says', () => {
    const bad = path.join(ws.dir, 'bad-config.json');
    fs.writeFileSync(bad, JSON.stringify({ ...JSON.parse(fs.readFileSync(ws.config, 'utf8')), access: { copiesRoot: path.join(ws.vault, 'copies') } }));
    const r = runCli(['--config', bad, 'access', 'list'], { SUDO_USER: 'li' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('key "access.copiesRoot"');
    expect(r.stderr).toContain('overlaps');
  });

  describe('purpose copy onto removable media', () => {
    let fat: Mounted;
    beforeAll(() => {
      const image = path.join(ws.dir, 'usb.img');
      buildFatImage(image, [], 40, 'USBDISK');
      fat = mountFat(image, path.join(ws.dir, 'usb'), 'rw+');
    });
    afterAll(() => fat.unmount());

    it('writes the copy and manifest onto a FAT32 volume, and nowhere else', () => {
      const id = request('li', '--recordings', `${ids[0]},${ids[1]}`, '--purpose', 'copy', '--for', '当事人 张某 (P27)', '--until', until(2));
      expect(asJson<{ copy: string | null }>(ws, 'zhao', 'access', 'approve', String(id)).copy).toBeNull();
      const plain = path.join(ws.dir, 'not-media');
      fs.mkdirSync(plain);
      const refused = as(ws, 'li', 'access', 'copy', String(id), '--to', plain);
      expect(refused.status).toBe(77);
      expect(refused.stderr).toContain('is not the mount point of removable media');
      fs.symlinkSync(fat.mountPoint, path.join(ws.dir, 'usb-link'));
      expect(as(ws, 'li', 'access', 'copy', String(id), '--to', path.join(ws.dir, 'usb-link')).stderr).toContain('is a link');
      expect(as(ws, 'li', 'access', 'copy', String(id), '--to', ws.vault).status).toBe(77);
      const shm = as(ws, 'li', 'access', 'copy', String(id), '--to', '/dev/shm');
      expect(shm.status).toBe(77);
      expect(shm.stderr).toContain('is a file system of the system itself, not removable media');
      expect(fs.readdirSync(plain)).toEqual([]);

      const r = asJson<{ folder: string; files: { recordingId: number; name: string; sha256: string }[] }>(ws, 'li', 'access', 'copy', String(id), '--to', fat.mountPoint);
      expect(r.folder).toBe(path.join(fat.mountPoint, `access-grant-${id}`));
      for (const f of r.files) expect(sha(path.join(r.folder, f.name))).toBe(catalogueSha(f.recordingId).sha256);
      expect(JSON.parse(fs.readFileSync(path.join(r.folder, 'MANIFEST.json'), 'utf8'))).toMatchObject({ grantId: id, approvedBy: 'zhao', purpose: 'copy' });
      expect(fs.readdirSync(fat.mountPoint).filter((n) => n.startsWith('.'))).toEqual([]);
      // Once per medium; and a view grant does not copy onto media.
      expect(as(ws, 'li', 'access', 'copy', String(id), '--to', fat.mountPoint).stderr).toContain('already on this medium');
      const copyEntries = trail(ws, `access:${id}`).filter((e) => e.action === 'access.copy');
      expect(copyEntries.map((e) => e.outcome)).toEqual(['refused', 'refused', 'refused', 'refused', 'ok', 'failed']);
      for (const e of copyEntries) expect(e.details.recordings).toEqual([ids[0], ids[1]]);
    });
  });
});
