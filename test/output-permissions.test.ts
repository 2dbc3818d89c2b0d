/**
 * What export quarter and disc build write into a shared --out is readable by the service user and
 * the group of the role the act was done in, by no one else: the built CLI runs under umask 000 (so
 * only the modes the program asks for count), the whole output tree is walked, and a member of the
 * group and a stranger (setpriv to uid nobody) try to read it. Runs as root, like the rest of the suite.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/adapters/os-group.js';
import { writeRecorderFiles } from './support/media.js';
import { CLI, makeWorkspace } from './support/cli.js';

interface Entry {
  rel: string;
  dir: boolean;
  mode: number;
  gid: number;
}

function walk(root: string): Entry[] {
  const out: Entry[] = [];
  const visit = (abs: string) => {
    const st = fs.lstatSync(abs);
    out.push({ rel: path.relative(root, abs) || '.', dir: st.isDirectory(), mode: st.mode & 0o7777, gid: st.gid });
    if (st.isDirectory()) for (const name of fs.readdirSync(abs)) visit(path.join(abs, name));
  };
  visit(root);
  return out;
}

const octal = (e: Entry) => `${e.rel} ${e.mode.toString(8)}`;

/** No world bits anywhere, files never group-writable, the exact modes asked for, and one group. */
function expectPrivate(root: string, gid: number, sealed: (e: Entry) => boolean): void {
  const entries = walk(root);
  expect(entries.filter((e) => !e.dir).length).toBeGreaterThan(3);
  expect(entries.filter((e) => (e.mode & 0o007) !== 0 || (!e.dir && (e.mode & 0o020) !== 0)).map(octal)).toEqual([]);
  expect(entries.filter((e) => e.dir && e.mode !== 0o750).map(octal)).toEqual([]);
  expect(entries.filter((e) => !e.dir && e.mode !== (sealed(e) ? 0o440 : 0o640)).map(octal)).toEqual([]);
  expect(entries.filter((e) => e.gid !== gid).map((e) => `${e.rel} gid ${e.gid}`)).toEqual([]);
}

const NOBODY = 65534;

/** Run a command as uid nobody with exactly one group. */
function asNobody(gid: number, cmd: string[], cwd?: string): SpawnSyncReturns<string> {
  return spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${gid}`, '--clear-groups', ...cmd], { cwd, encoding: 'utf8' });
}

describe('outputs of export and disc build are not world-readable', () => {
  const ws = makeWorkspace('ev-perm-');
  const shared = path.join(ws.dir, 'shared');
  const media = path.join(ws.dir, 'media');
  let createdGroup = false;
  let archivistGid = -1;
  let ids: string[] = [];

  /** The built CLI as a child of `sh` with umask 000, as root unless `sudoUser` says who is behind sudo. */
  const cli = (args: string[], sudoUser = '') =>
    spawnSync('sh', ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, CLI, '--config', ws.config, ...args], { encoding: 'utf8', env: { ...process.env, SUDO_USER: sudoUser } });

  beforeAll(() => {
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ws.config, JSON.stringify({ ...config, unitName: '鞍山市自然资源局执法支队' }));
    // A shared --out anyone on the PC can reach (like /tmp or a common archive folder).
    fs.chmodSync(ws.dir, 0o711);
    fs.mkdirSync(shared, { mode: 0o1777 });
    fs.chmodSync(shared, 0o1777);
    const dcim = path.join(media, 'DCIM', '100MEDIA');
    writeRecorderFiles(dcim, [
      { name: '0001234_110101_20260210090000_0001.MP4' }, // 2026Q1
      { name: '0001234_110101_20260515073000_0002.MP4' }, // 2026Q2
      { name: '0001234_110101_20260515080000_0003.MP4', seconds: 2 },
    ]);
    for (const args of [
      ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8'],
      ['officer', 'add', '--id', '110101', '--name', '张三'],
      ['ingest', media, '--device', '0001234'],
      ['operator', 'add', 'clerk', '--name', '档案员', '--role', 'archivist'],
    ]) {
      const r = cli(args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    ids = (JSON.parse(cli(['recordings', 'list', '--json']).stdout) as { id: number }[]).map((r) => String(r.id));
    expect(ids).toHaveLength(3);
    if (groupId('evidence-archivist') === null) {
      const r = spawnSync('groupadd', ['evidence-archivist'], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      createdGroup = true;
    }
    archivistGid = groupId('evidence-archivist')!;
  });

  afterAll(() => {
    if (createdGroup) spawnSync('groupdel', ['evidence-archivist']);
    ws.cleanup();
  });

  const discArgs = (out: string) => ['disc', 'build', '--recording', ...ids, '--case-number', '鞍自然执〔2026〕9号', '--case-title', '违法占地案', ...ids.map((id) => `--place=${id}=千山区某村`), '--medium', 'cd', '--out', out, '--json'];

  it('under umask 000, every file and folder made is 0640/0440/0750 and the verifiers still pass', () => {
    // The harness really runs the child under umask 000: a file touch makes is 0666.
    spawnSync('sh', ['-c', 'umask 000 && exec "$0" "$@"', 'touch', path.join(ws.dir, 'probe')]);
    expect(fs.statSync(path.join(ws.dir, 'probe')).mode & 0o777).toBe(0o666);
    // Run as root in the role admin: evidence-admin's group where the machine has it, else root's own.
    const adminGid = groupId('evidence-admin') ?? process.getegid!();

    const exp = path.join(shared, 'archive');
    const r = cli(['export', 'quarter', '2026Q2', '--out', exp, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const bag = path.join(exp, '2026Q2');
    expect((JSON.parse(r.stdout) as { complete: boolean }).complete).toBe(true);
    expectPrivate(exp, adminGid, (e) => e.rel.startsWith('2026Q2/data/'));
    expect(cli(['export', 'verify', bag]).status).toBe(0);
    expect(spawnSync('sha256sum', ['--quiet', '-c', 'manifest-sha256.txt'], { cwd: bag }).status).toBe(0);
    expect(spawnSync('sha256sum', ['--quiet', '-c', 'tagmanifest-sha256.txt'], { cwd: bag }).status).toBe(0);

    const out = path.join(shared, 'discs');
    const d = cli(discArgs(out));
    expect(d.status, d.stdout.slice(0, 2000) + d.stderr).toBe(0);
    const image = (JSON.parse(d.stdout) as { discs: { image: string }[] }).discs[0]!.image;
    expectPrivate(out, adminGid, () => false);
    expect(cli(['disc', 'verify', image]).status).toBe(0);

    // Someone in neither group gets nothing: not the bag, not the image, not the register.
    expect(asNobody(NOBODY, ['cat', path.join(bag, 'bagit.txt')]).status).not.toBe(0);
    expect(asNobody(NOBODY, ['ls', exp]).status).not.toBe(0);
    expect(asNobody(NOBODY, ['head', '-c1', image]).status).not.toBe(0);
  });

  it('an archivist\'s export and disc get the group evidence-archivist, whose members can read and check them', () => {
    const exp = path.join(shared, 'archivist-archive');
    const r = cli(['export', 'quarter', '2026Q1', '--out', exp, '--json'], 'clerk');
    expect(r.status, r.stderr).toBe(0);
    const bag = path.join(exp, '2026Q1');
    expectPrivate(exp, archivistGid, (e) => e.rel.startsWith('2026Q1/data/'));

    const out = path.join(shared, 'archivist-discs');
    const d = cli(discArgs(out), 'clerk');
    expect(d.status, d.stdout.slice(0, 2000) + d.stderr).toBe(0);
    const disc = (JSON.parse(d.stdout) as { discs: { image: string; files: { register: { pdf: string } } }[] }).discs[0]!;
    expectPrivate(out, archivistGid, () => false);

    // A member of the group (and nothing else) checks the bag with plain tools and reads the disc.
    const member = asNobody(archivistGid, ['sha256sum', '--quiet', '-c', 'manifest-sha256.txt'], bag);
    expect(member.status, member.stdout + member.stderr).toBe(0);
    expect(asNobody(archivistGid, ['sha256sum', disc.image, disc.files.register.pdf]).status).toBe(0);
    expect(asNobody(NOBODY, ['cat', path.join(bag, 'manifest-sha256.txt')]).status).not.toBe(0);
    expect(asNobody(NOBODY, ['head', '-c1', disc.files.register.pdf]).status).not.toBe(0);
  });
});
