/**
 * R14 after the fact: an archive set and a disc made by an archivist while their footage was ordinary
 * are readable by the group evidence-archivist. Once a leader classifies a recording on them as secret,
 * or links one to a secret case, everything of them is the service account's alone (its group, no ACL
 * entries), on the record; a member of the group reads them no more. One on a disk mounted read-only
 * is named as failed, with what to do, and exit status 1; the classification stands. Real CLI, real files, a real
 * read-only bind mount; runs as root.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/adapters/os-group.js';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { writeRecorderFiles } from './support/media.js';
import { asOperators, makeWorkspace } from './support/cli.js';

const NOBODY = 65534;
const asMemberOf = (gid: number, cmd: string[]): SpawnSyncReturns<string> => spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${gid}`, '--clear-groups', ...cmd], { encoding: 'utf8' });

/** Every file and folder under `root` with its group, as `rel gid`. */
function groups(root: string): string[] {
  const out: string[] = [];
  const visit = (abs: string) => {
    const st = fs.lstatSync(abs);
    out.push(`${path.relative(root, abs) || '.'} ${st.gid}`);
    if (st.isDirectory()) for (const name of fs.readdirSync(abs)) visit(path.join(abs, name));
  };
  visit(root);
  return out;
}

/** Paths under `target` that carry ACL entries beyond the mode (getfacl -s lists only those). */
const extendedAcls = (target: string) => spawnSync('getfacl', ['-R', '-P', '-s', '-p', target], { encoding: 'utf8' }).stdout.trim();

describe('discs and archive sets made before their footage became secret (R14)', () => {
  const ws = makeWorkspace('ev-class-out-', { admin: 'boss' });
  const { as, json } = asOperators(ws.config);
  const ok = (r: { status: number | null; stderr: string }) => expect(r.status, r.stderr).toBe(0);
  /** The change made and recorded, some output left as it was: a script must not take the footage for protected. */
  const partly = (r: { status: number | null; stderr: string }) => expect(r.status, r.stderr).toBe(1);
  const log = (action: string) => json<AuditEntry[]>('boss', 'audit', 'log', '--action', action);
  const shared = path.join(ws.dir, 'shared');
  let readOnly = '';
  let archivistGid = -1;
  let ids: number[] = [];
  let bag = '';
  let image = '';
  let discFolder = '';
  let roBag = '';

  beforeAll(() => {
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ws.config, JSON.stringify({ ...config, unitName: '鞍山市自然资源局执法支队' }));
    fs.chmodSync(ws.dir, 0o711);
    fs.mkdirSync(shared, { mode: 0o755 });
    const media = path.join(ws.dir, 'media');
    writeRecorderFiles(path.join(media, 'DCIM', '100MEDIA'), [
      { name: '0001234_110101_20260210090000_0001.MP4' }, // 2026Q1
      { name: '0001234_110101_20260515073000_0002.MP4' }, // 2026Q2
      { name: '0001234_110101_20260515080000_0003.MP4', seconds: 2 },
    ]);
    // Left in place afterwards, as the install test leaves the role groups: test files running beside
    // this one may be using it.
    if (groupId('evidence-archivist') === null) {
      const r = spawnSync('groupadd', ['evidence-archivist'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    archivistGid = groupId('evidence-archivist')!;
    ok(as('boss', 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8'));
    ok(as('boss', 'officer', 'add', '--id', '110101', '--name', '张三'));
    ok(as('boss', 'ingest', media, '--device', '0001234'));
    for (const [user, role] of [['arch', 'archivist'], ['lead1', 'approver']]) ok(as('boss', 'operator', 'add', user!, '--name', user!, '--role', role!));
    ok(as('boss', 'operator', 'clearance', 'lead1', '--level', 'state-secret', '--reason', '分管保密工作'));
    // Links footage into cases too (an archivist's act).
    ok(as('boss', 'operator', 'roles', 'lead1', '--role', 'approver', '--role', 'archivist'));
    ids = json<{ id: number; localDate: string }[]>('boss', 'recordings', 'list').sort((a, b) => a.localDate.localeCompare(b.localDate) || a.id - b.id).map((r) => r.id);
    expect(ids).toHaveLength(3);

    // The archivist's quarter set and disc, made while everything is ordinary: their group's to read.
    const exp = path.join(shared, 'archive');
    ok(as('arch', 'export', 'quarter', '2026Q2', '--out', exp));
    bag = path.join(exp, '2026Q2');
    const out = path.join(shared, 'discs');
    const d = as('arch', 'disc', 'build', '--recording', String(ids[1]), String(ids[2]), '--case-number', '鞍自然执〔2026〕9号', '--case-title', '违法占地案', `--place=${ids[1]}=千山区某村`, `--place=${ids[2]}=千山区某村`, '--medium', 'cd', '--out', out, '--json');
    ok(d);
    image = (JSON.parse(d.stdout) as { discs: { image: string }[] }).discs[0]!.image;
    discFolder = image.replace(/\.iso$/, '');
    // The first quarter's set, on a disk that is read-only by the time footage on it becomes secret.
    readOnly = path.join(shared, 'ro-archive');
    ok(as('arch', 'export', 'quarter', '2026Q1', '--out', readOnly));
    roBag = path.join(readOnly, '2026Q1');
    for (const args of [['--bind', readOnly, readOnly], ['-o', 'remount,ro,bind', readOnly]]) ok(spawnSync('mount', args, { encoding: 'utf8' }));
  }, 180_000);

  afterAll(() => {
    if (readOnly) spawnSync('umount', [readOnly]);
    ws.cleanup();
  });

  it('are the group\'s to read while their footage is ordinary', () => {
    for (const p of [bag, image, discFolder]) expect(groups(p).filter((e) => !e.endsWith(` ${archivistGid}`))).toEqual([]);
    expect(asMemberOf(archivistGid, ['head', '-c1', image]).status).toBe(0);
    expect(asMemberOf(archivistGid, ['cat', path.join(bag, 'bagit.txt')]).status).toBe(0);
  });

  it('become the service account\'s alone once a recording on them is classified secret, on the record', () => {
    const r = as('lead1', 'recordings', 'classify', String(ids[2]), '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺');
    ok(r);
    expect(r.stderr).toContain('readable by the service account alone');
    const root = process.getgid!();
    for (const p of [bag, image, discFolder]) {
      expect(groups(p).filter((e) => !e.endsWith(` ${root}`)), p).toEqual([]);
      expect(extendedAcls(p), p).toBe('');
    }
    expect(asMemberOf(archivistGid, ['head', '-c1', image]).status).not.toBe(0);
    expect(asMemberOf(archivistGid, ['cat', path.join(bag, 'bagit.txt')]).status).not.toBe(0);
    // One entry, written before anything was changed: what and why.
    const entries = log('classification.outputs');
    expect(entries.map((e) => [e.operator, e.outcome])).toEqual([['lead1', 'ok']]);
    const restricting = (entries[0]!.details.restricting as { name: string; path: string }[]).map((x) => x.path).sort();
    expect(restricting).toEqual([bag, discFolder, image].sort());
    // The first quarter's set holds no secret footage: left as it was.
    expect(groups(roBag).filter((e) => !e.endsWith(` ${archivistGid}`))).toEqual([]);
  });

  it('names a set it cannot restrict (its disk read-only) as failed, with what to do, exit status 1, and the level stands', () => {
    ok(as('boss', 'case', 'create', '鞍自然执〔2026〕1号', '--title', '涉密案'));
    ok(as('lead1', 'case', 'classify', '鞍自然执〔2026〕1号', '--level', 'state-secret', '--reason', '涉及军事设施'));
    const r = as('lead1', 'case', 'link', '鞍自然执〔2026〕1号', '--recording', String(ids[0]));
    partly(r);
    expect(r.stderr).toContain('could not be made the service account\'s alone');
    expect(r.stderr).toContain(roBag);
    expect(r.stderr).toMatch(/Read-only file system \(and \d+ more\)\).*FAT\? read-only\?/s);
    const entries = log('classification.outputs').slice(1);
    expect(entries.map((e) => e.outcome)).toEqual(['ok', 'failed']);
    expect(entries[0]!.details.restricting).toEqual([{ kind: 'bag', name: '2026Q1/1', path: roBag }]);
    expect(entries[1]!.details.failed).toEqual([expect.objectContaining({ name: '2026Q1/1', path: roBag, error: expect.stringMatching(/Read-only file system/) })]);
    expect(asMemberOf(archivistGid, ['cat', path.join(roBag, 'bagit.txt')]).status).toBe(0);
    // The link and the level stand.
    expect(json<{ level: string }>('lead1', 'recordings', 'show', String(ids[0])).level).toBe('state-secret');
  });

  it('leaves what it restricted as it is; only what it could not is tried, and recorded, again', () => {
    const before = log('classification.outputs').length;
    partly(as('lead1', 'recordings', 'classify', String(ids[1]), '--level', 'commercial-secret', '--reason', '同一批次'));
    // The read-only set still fails (on the record again: its group still reads it); the others are left as they are.
    const after = log('classification.outputs').slice(before);
    expect(after.map((e) => e.outcome)).toEqual(['ok', 'failed']);
    expect(after[0]!.details.restricting).toEqual([{ kind: 'bag', name: '2026Q1/1', path: roBag }]);
  });

  it('never changes what someone else made where an output was (red teams\' links into a folder of their own, a hard link)', () => {
    // The disc's folder taken away, and a folder of that name made by another account, holding a link
    // to a file outside every output: found again at the next classification, it is not the service's.
    const victim = path.join(ws.dir, 'victim.txt');
    fs.writeFileSync(victim, 'not an output');
    fs.chownSync(victim, 0, archivistGid);
    fs.rmSync(discFolder, { recursive: true });
    fs.mkdirSync(discFolder);
    fs.chownSync(discFolder, NOBODY, archivistGid);
    fs.mkdirSync(path.join(discFolder, 'sub'));
    fs.chownSync(path.join(discFolder, 'sub'), NOBODY, archivistGid);
    fs.symlinkSync(victim, path.join(discFolder, 'sub', 'target'));
    fs.symlinkSync(path.dirname(victim), path.join(discFolder, 'up'));
    // And the image's name given to another root file of the group's, as a hard link (its owner is root's).
    const other = path.join(ws.dir, 'other.txt');
    fs.writeFileSync(other, 'not an output either');
    fs.chownSync(other, 0, archivistGid);
    fs.rmSync(image);
    fs.linkSync(other, image);
    const before = log('classification.outputs').length;
    const r = as('lead1', 'case', 'link', '鞍自然执〔2026〕1号', '--recording', String(ids[1]));
    partly(r);
    expect(r.stderr).toContain(`${discFolder}: ${discFolder} is not the service's (owned by uid ${NOBODY}`);
    expect(fs.statSync(victim).gid).toBe(archivistGid);
    expect(r.stderr).toContain(`${image}: ${image} has 1 other name(s) (hard links)`);
    expect(fs.statSync(other).gid).toBe(archivistGid);
    expect(fs.lstatSync(path.join(discFolder, 'sub')).gid).not.toBe(process.getgid!());
    const failed = log('classification.outputs').slice(before).find((e) => e.outcome === 'failed');
    expect((failed!.details.failed as { path: string }[]).map((f) => f.path).sort()).toEqual([discFolder, image, roBag].sort());
  });
});
