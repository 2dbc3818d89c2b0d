/**
 * `repair` end to end through the built CLI: recordings damaged (a flipped byte) or deleted in the
 * vault are put back from an archive-set bag, from a disc image (xorriso) and from the places the
 * catalogue knows; a look-alike copy is never taken; a lesser role and a --from inside the vault are
 * refused on the record; two repairs at once restore each recording once.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { makeWorkspace, runCli, startCli, type RecordingJson } from './support/cli.js';
import { flipByte, tamperCatalogue } from './support/tamper.js';
import { killAndWait, waitFor } from './support/wait.js';

interface RepairJson {
  restored: { id: number; vaultPath: string; from: string; problem: string; damagedCopy: string | null }[];
  unresolved: { id: number; vaultPath: string; problem: string; reason: string }[];
  ok: { id: number; vaultPath: string; note?: string }[];
  sources: { path: string; kind: string | null; status: string }[];
}
interface VerifyJson {
  ok: boolean;
  problems: { vaultPath: string; kind: string }[];
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const parse = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

describe('repair', () => {
  const ws = makeWorkspace('ev-repair-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const card = path.join(ws.dir, 'card', 'DCIM');
  const archive = path.join(ws.dir, 'archive');
  const bag = path.join(archive, '2026Q3');
  const discs = path.join(ws.dir, 'discs');
  let iso: string;
  const recs = new Map<number, RecordingJson>();
  const idOf = (seq: number) => [...recs.values()].find((r) => r.originalName.endsWith(`_000${seq}.MP4`) || r.originalName.endsWith(`_00${seq}.MP4`))!.id;
  const inVault = (id: number) => path.join(ws.vault, recs.get(id)!.vaultPath);
  const verify = () => parse<VerifyJson>(cli('verify', '--json'));
  const trail = (...filters: string[]) => parse<AuditEntry[]>(cli('audit', 'log', '--action', 'repair', ...filters, '--json'));
  const damagedCopies = () =>
    fs.existsSync(path.join(ws.vault, '.repair', 'damaged'))
      ? (fs.readdirSync(path.join(ws.vault, '.repair', 'damaged'), { recursive: true }) as string[]).filter((f) => f.endsWith('.MP4'))
      : [];

  beforeAll(() => {
    fs.mkdirSync(card, { recursive: true });
    // Random bytes (nothing compresses), each of its own size; 7 and 8 big enough that two repairs overlap.
    for (let i = 1; i <= 8; i++) {
      const size = i >= 7 ? 24 * 1024 * 1024 + i : 200 * 1024 + i * 1000;
      fs.writeFileSync(path.join(card, `0001234_110101_2026080${i}090000_000${i}.MP4`), randomBytes(size));
    }
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('ingest', path.join(ws.dir, 'card')).status).toBe(0);
    for (const r of parse<RecordingJson[]>(cli('recordings', 'list', '--json'))) recs.set(r.id, r);
    expect(recs.size).toBe(8);
    const exp = cli('export', 'quarter', '2026Q3', '--out', archive);
    expect(exp.status, exp.stderr).toBe(0);
    expect(fs.existsSync(path.join(bag, 'manifest-sha256.txt'))).toBe(true);
    const built = cli('disc', 'build', '--recording', String(idOf(3)), String(idOf(4)), String(idOf(6)), '--case-number', '鞍自然执〔2026〕17号', '--case-title', '违法占地案', '--out', discs, '--json');
    expect([0, 3]).toContain(built.status); // 3: the register lacks places; the image is made either way
    iso = parse<{ discs: { image: string }[] }>(built).discs[0]!.image;
    expect(verify().ok).toBe(true);
  });

  afterAll(() => ws.cleanup());

  it('restores a flipped byte and a deleted file from an archive-set bag, keeps the damaged copy aside, and verify is clean', () => {
    const [flipped, deleted, fine] = [idOf(1), idOf(2), idOf(5)];
    flipByte(inVault(flipped), 1000);
    const damagedBytes = sha256(inVault(flipped));
    fs.rmSync(inVault(deleted));
    expect(verify().problems.map((p) => p.kind).sort()).toEqual(['mismatch', 'missing']);

    const r = cli('repair', String(flipped), String(deleted), String(fine), '--from', bag, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = parse<RepairJson>(r);
    expect(out.restored.map((x) => [x.id, x.problem]).sort()).toEqual([[flipped, 'mismatch'], [deleted, 'missing']].sort());
    for (const x of out.restored) {
      expect(x.vaultPath).toBe(recs.get(x.id)!.vaultPath);
      expect(x.from).toBe(path.join(bag, 'data', x.vaultPath));
    }
    expect(out.unresolved).toEqual([]);
    expect(out.ok).toEqual([{ id: fine, vaultPath: recs.get(fine)!.vaultPath }]);

    expect(verify()).toMatchObject({ ok: true, problems: [] });
    for (const id of [flipped, deleted]) {
      expect(sha256(inVault(id))).toBe(recs.get(id)!.sha256);
      expect(fs.statSync(inVault(id)).mode & 0o777).toBe(0o444);
    }
    // The damaged file is kept, byte for byte, inside the vault, where no listing takes it for footage.
    const aside = out.restored.find((x) => x.id === flipped)!.damagedCopy!;
    expect(aside).toMatch(/^\.repair\/damaged\/.+\/现场执法记录仪影像资料\//);
    expect(sha256(path.join(ws.vault, aside))).toBe(damagedBytes);
    expect(out.restored.find((x) => x.id === deleted)!.damagedCopy).toBeNull();
    expect(parse<RecordingJson[]>(cli('recordings', 'list', '--json')).map((x) => x.vaultPath).sort()).toEqual([...recs.values()].map((x) => x.vaultPath).sort());

    const restores = trail('--outcome', 'ok').filter((e) => e.action === 'repair.restore');
    expect(restores.map((e) => e.target).sort()).toEqual([recs.get(flipped)!.vaultPath, recs.get(deleted)!.vaultPath].sort());
    expect(restores[0]).toMatchObject({ role: 'admin', details: expect.objectContaining({ source: bag, sourceKind: 'folder' }) });
  });

  it('restores from a disc image, without ids: every damaged or missing recording', () => {
    const [flipped, deleted] = [idOf(3), idOf(4)];
    flipByte(inVault(flipped), 10);
    fs.rmSync(inVault(deleted));
    const out = parse<RepairJson>(cli('repair', '--from', iso, '--json'));
    expect(out.restored.map((x) => x.id).sort()).toEqual([flipped, deleted].sort());
    for (const x of out.restored) expect(x.from).toBe(`${iso}:/${x.vaultPath}`);
    expect(out.unresolved).toEqual([]);
    expect(out.sources).toEqual([{ path: iso, kind: 'image', status: 'available' }]);
    expect(verify().ok).toBe(true);
    expect(damagedCopies()).toHaveLength(2);
  });

  it('a disc whose file name holds a line break: that file is listed as unreadable, never extracted, and the next source is tried', () => {
    // The name cut xorriso's listing line in two; read as an empty path, it unpacked the whole disc
    // into the staging name, and the folder left there stopped repair from trying the next source.
    const id = idOf(1);
    const crafted = path.join(ws.dir, 'crafted');
    fs.mkdirSync(crafted);
    fs.copyFileSync(path.join(bag, 'data', recs.get(id)!.vaultPath), path.join(crafted, 'a\nb.MP4'));
    const image = path.join(ws.dir, 'crafted.iso');
    execFileSync('xorriso', ['-outdev', image, '-joliet', 'on', '-rockridge', 'on', '-map', crafted, '/', '-commit'], { stdio: 'ignore' });
    flipByte(inVault(id), 100);
    const r = cli('repair', String(id), '--from', image, '--from', bag, '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = parse<RepairJson>(r);
    expect(out.restored.map((x) => [x.id, x.from])).toEqual([[id, path.join(bag, 'data', recs.get(id)!.vaultPath)]]);
    expect(out.sources).toContainEqual(expect.objectContaining({ path: `${image}:/a`, kind: 'image', status: 'unreadable' }));
    expect(verify().ok).toBe(true);
    expect(fs.readdirSync(path.join(ws.vault, '.incoming'), { recursive: true }).filter((f) => !String(f).endsWith('.lock'))).toEqual([]);
  });

  it('without --from looks where the catalogue wrote bags and disc images, and where verify last saw them, skipping those gone', () => {
    const [inBag, onDisc] = [idOf(5), idOf(6)];
    fs.rmSync(inVault(inBag));
    flipByte(inVault(onDisc), 0);
    const moved = `${discs}-moved`;
    fs.renameSync(discs, moved);
    try {
      const out = parse<RepairJson>(cli('repair', '--json'));
      expect(out.restored.map((x) => x.id).sort()).toEqual([inBag, onDisc].sort());
      expect(out.restored.every((x) => x.from.startsWith(bag))).toBe(true);
      expect(out.sources).toEqual([
        { path: bag, kind: 'folder', status: 'available' },
        { path: iso, kind: 'image', status: 'gone' },
      ]);
    } finally {
      fs.renameSync(moved, discs);
    }
    // The bag gone too: the disc image alone is found where disc build wrote it.
    fs.rmSync(inVault(onDisc), { force: true });
    fs.renameSync(archive, `${archive}-moved`);
    try {
      const out = parse<RepairJson>(cli('repair', '--json'));
      expect(out.restored).toEqual([expect.objectContaining({ id: onDisc, from: `${iso}:/${recs.get(onDisc)!.vaultPath}` })]);
    } finally {
      fs.renameSync(`${archive}-moved`, archive);
    }
    // Both moved: the bag is found where export verify last saw it whole.
    fs.rmSync(inVault(inBag));
    const elsewhere = path.join(ws.dir, 'archive-disk-2');
    fs.renameSync(archive, elsewhere);
    fs.renameSync(discs, moved);
    try {
      expect(cli('export', 'verify', path.join(elsewhere, '2026Q3')).status).toBe(0);
      const out = parse<RepairJson>(cli('repair', '--json'));
      expect(out.restored).toEqual([expect.objectContaining({ id: inBag, from: path.join(elsewhere, '2026Q3', 'data', recs.get(inBag)!.vaultPath) })]);
    } finally {
      fs.renameSync(elsewhere, archive);
      fs.renameSync(moved, discs);
    }
    expect(verify().ok).toBe(true);
  });

  it('never takes a same-named file with other bytes: unresolved, exit 1, the damaged file left in place, on the record', () => {
    const id = idOf(1);
    const rec = recs.get(id)!;
    flipByte(inVault(id), 5);
    const damaged = sha256(inVault(id));
    const decoy = path.join(ws.dir, 'decoy');
    fs.mkdirSync(path.join(decoy, 'data', path.dirname(rec.vaultPath)), { recursive: true });
    fs.writeFileSync(path.join(decoy, 'data', rec.vaultPath), randomBytes(rec.size)); // same name, same size
    fs.writeFileSync(path.join(decoy, rec.originalName), Buffer.alloc(rec.size + 1)); // same name, other size
    fs.writeFileSync(path.join(decoy, 'manifest-sha256.txt'), `${rec.sha256}  data/${rec.vaultPath}\n`); // a manifest that lies

    const r = cli('repair', String(id), '--from', decoy, '--json');
    expect(r.status).toBe(1);
    const out = parse<RepairJson>(r);
    expect(out.restored).toEqual([]);
    expect(out.unresolved).toEqual([expect.objectContaining({ id, vaultPath: rec.vaultPath, problem: 'mismatch' })]);
    expect(sha256(inVault(id))).toBe(damaged);
    const text = cli('repair', String(id), '--from', decoy);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('NOT restored');
    expect(text.stdout).toContain(`evidence-vault repair ${id} --from PATH`);
    expect(trail('--outcome', 'failed').filter((e) => e.action === 'repair.restore' && e.target === rec.vaultPath)).toHaveLength(2);
    const zh = cli('repair', String(id), '--from', decoy, '--lang', 'zh');
    expect(zh.stdout).toContain('未恢复');
    expect(zh.stdout).toContain('个来源中没有完全相同的副本'); // the reason in Chinese, and the source's state
    expect(zh.stdout).toMatch(/可用\s+\S+decoy（文件夹）/);
    expect(zh.stdout).not.toMatch(/no identical copy|available/);
    expect(zh.stdout).toContain(`请找到副本（归档磁盘、证据光盘）后运行：evidence-vault repair ${id} --from PATH`);

    // The good copy given after the look-alike: found, whatever comes first.
    const fixed = parse<RepairJson>(cli('repair', String(id), '--from', decoy, '--from', bag, '--json'));
    expect(fixed.restored).toEqual([expect.objectContaining({ id, from: path.join(bag, 'data', rec.vaultPath) })]);
    expect(verify().ok).toBe(true);
  });

  it('refuses a lesser role, a --from inside the vault, unknown ids and a source that is not there, each on the record', () => {
    expect(cli('operator', 'add', 'li', '--name', '李四', '--role', 'archivist').status).toBe(0);
    expect(cli('operator', 'add', 'zhang', '--name', '张三', '--role', 'custodian').status).toBe(0);
    const custodian = runCli(['--config', ws.config, 'repair', String(idOf(5)), '--from', bag], { SUDO_USER: 'zhang' });
    expect(custodian.status, custodian.stderr).toBe(0);
    expect(trail('--operator', 'zhang')).toEqual([expect.objectContaining({ action: 'repair', outcome: 'ok', role: 'custodian' })]);
    const lesser = runCli(['--config', ws.config, 'repair', '--from', bag], { SUDO_USER: 'li' });
    expect(lesser.status).toBe(77);
    expect(lesser.stderr).toContain('custodian or admin needed for "repair"');
    expect(trail('--operator', 'li')).toEqual([expect.objectContaining({ action: 'repair', outcome: 'refused', role: null })]);

    const link = path.join(ws.dir, 'looks-harmless');
    fs.symlinkSync(path.join(ws.vault, '现场执法记录仪影像资料'), link);
    // The vault shown at a second path by a bind mount: no path comparison sees it, its inode does.
    const bound = path.join(ws.dir, 'bound');
    fs.mkdirSync(bound);
    execFileSync('mount', ['--bind', ws.vault, bound]);
    try {
      for (const from of [ws.vault, link, path.dirname(ws.catalog), bound, path.join(bound, '现场执法记录仪影像资料')]) {
        const r = cli('repair', '--from', from);
        expect([r.status, r.stderr]).toEqual([77, expect.stringContaining('refused: --from')]);
      }
    } finally {
      execFileSync('umount', [bound]);
    }
    const unknown = cli('repair', '999999', '--from', bag);
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('no recording 999999')]);
    const typo = cli('repair', '--from', path.join(ws.dir, 'archvie'));
    expect([typo.status, typo.stderr]).toEqual([2, expect.stringContaining('nothing there')]);
    // An empty folder: most often a drive's mount point with nothing mounted.
    const unmounted = path.join(ws.dir, 'cdrom');
    fs.mkdirSync(unmounted);
    const empty = cli('repair', '--from', unmounted);
    expect([empty.status, empty.stderr]).toEqual([2, expect.stringContaining('the folder holds no file (is the archive disk or disc mounted there?)')]);
    const notIso = path.join(ws.dir, 'notes.txt');
    fs.writeFileSync(notIso, 'not a disc');
    expect(cli('repair', '--from', notIso).status).toBe(2);
    expect(cli('repair', 'abc').status).toBe(2);
    expect(trail('--outcome', 'refused').length).toBeGreaterThanOrEqual(8);
  });

  it('never brings back a lawfully disposed recording: skipped without ids, refused by id', () => {
    const id = idOf(2);
    const rec = recs.get(id)!;
    // What disposal leaves (services/retention.ts): a tombstone with the hash, and the file gone.
    tamperCatalogue(
      ws.catalog,
      `INSERT INTO tombstones (recording_id, sha256, size, vault_path, local_date, metadata, approved_by, reason, disposed_at, file_removed_at)
       VALUES (${id}, '${rec.sha256}', ${rec.size}, '${rec.vaultPath}', '${rec.localDate}', '{}', 'approver', 'retention expired', '2026-11-01T00:00:00+08:00', '2026-11-01T00:00:01+08:00')`,
    );
    fs.rmSync(inVault(id), { force: true });
    const all = cli('repair', '--from', bag, '--json');
    expect(all.status, all.stderr).toBe(0);
    expect(parse<RepairJson>(all)).toMatchObject({ restored: [], unresolved: [] });
    expect(fs.existsSync(inVault(id))).toBe(false);
    const byId = cli('repair', String(id), '--from', bag);
    expect([byId.status, byId.stderr]).toEqual([2, expect.stringContaining('lawfully disposed')]);
    expect(fs.existsSync(inVault(id))).toBe(false);
    expect(verify().ok).toBe(true);
  });

  it('a restore killed between its link and its seal left the right bytes writable: the next repair seals them, on the record', () => {
    const id = idOf(5);
    const file = inVault(id);
    // As a run killed in the read-back of its copy leaves the vault: the copy linked in place, mode 0600.
    fs.rmSync(file);
    fs.copyFileSync(path.join(bag, 'data', recs.get(id)!.vaultPath), file);
    fs.chmodSync(file, 0o600);
    const r = cli('repair', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = parse<RepairJson>(r);
    expect(out.ok).toEqual([{ id, vaultPath: recs.get(id)!.vaultPath, note: expect.stringContaining('made read-only') }]);
    expect(out.sources.every((x) => !('detailSaid' in x))).toBe(true); // --json keeps the English alone
    expect(out.restored).toEqual([]);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    expect(sha256(file)).toBe(recs.get(id)!.sha256);
    expect(trail().filter((e) => e.action === 'repair.seal').map((e) => [e.target, e.details.recordingId])).toEqual([[recs.get(id)!.vaultPath, id]]);
  });

  it('two repairs at once restore each recording once and keep one damaged copy of each', async () => {
    const ids = [idOf(7), idOf(8)];
    for (const id of ids) flipByte(inVault(id), 4096);
    const before = damagedCopies().length;
    const runs = [0, 1].map(() => {
      const child = startCli(['--config', ws.config, 'repair', ...ids.map(String), '--from', bag, '--json']);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
    });
    const results = await Promise.all(runs);
    expect(results.map((r) => [r.status, r.stderr.includes('failure')])).toEqual([[0, false], [0, false]]);
    const [a, b] = results.map((r) => JSON.parse(r.stdout) as RepairJson);
    const restored = [...a!.restored, ...b!.restored].map((x) => x.id).sort();
    expect(restored).toEqual([...ids].sort());
    for (const out of [a!, b!]) expect(out.unresolved).toEqual([]);
    expect(verify().ok).toBe(true);
    expect(damagedCopies().length - before).toBe(2);
    const entries = trail('--outcome', 'ok').filter((e) => e.action === 'repair.restore' && ids.includes(e.details.recordingId as number));
    expect(entries).toHaveLength(2);
  });
});

describe('repair under faults', () => {
  let small = '';
  // The vault on a small disk of its own, so that it can be filled; archive and catalogue elsewhere.
  const ws = makeWorkspace('ev-repair-faults-', {
    beforeInit: ({ vault }) => {
      small = vault;
      fs.mkdirSync(small);
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160m', 'tmpfs', small]);
    },
  });
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const archive = path.join(ws.dir, 'archive');
  const bag = path.join(archive, '2026Q3');
  let recs: RecordingJson[] = [];
  const inVault = (r: RecordingJson) => path.join(ws.vault, r.vaultPath);
  const verifyOk = () => (JSON.parse(cli('verify', '--json').stdout) as VerifyJson).ok;
  const asideFiles = () =>
    fs.existsSync(path.join(ws.vault, '.repair', 'damaged'))
      ? (fs.readdirSync(path.join(ws.vault, '.repair', 'damaged'), { recursive: true }) as string[]).map((f) => path.join(ws.vault, '.repair', 'damaged', f)).filter((f) => fs.statSync(f).isFile())
      : [];

  beforeAll(() => {
    const card = path.join(ws.dir, 'card');
    fs.mkdirSync(card);
    fs.writeFileSync(path.join(card, '0001234_110101_20260810090000_0001.MP4'), randomBytes(8 * 1024 * 1024));
    fs.writeFileSync(path.join(card, '0001234_110101_20260811090000_0002.MP4'), randomBytes(40 * 1024 * 1024));
    expect(cli('device', 'add', '--number', '0001234', '--brand', 'X', '--model', 'Y').status).toBe(0);
    expect(cli('ingest', card).status).toBe(0);
    recs = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => a.size - b.size);
    expect(cli('export', 'quarter', '2026Q3', '--out', archive).status).toBe(0);
  });

  afterAll(() => {
    spawnSync('umount', ['-l', small]);
    ws.cleanup();
  });

  it('a full vault disk: a clear message, exit 1, the damaged file left in place; repaired once there is room', () => {
    const rec = recs[0]!;
    flipByte(inVault(rec), 77);
    const damaged = sha256(inVault(rec));
    const filler = path.join(ws.vault, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      const block = Buffer.alloc(1024 * 1024);
      for (;;) fs.writeSync(fd, block);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    try {
      const r = cli('repair', '--from', bag, '--json');
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(/unexpected failure|    at /);
      const out = parse<RepairJson>(r);
      expect(out.unresolved).toEqual([expect.objectContaining({ id: rec.id, reason: expect.stringContaining('cannot take more (ENOSPC)') })]);
      expect(sha256(inVault(rec))).toBe(damaged);
      expect(fs.readdirSync(path.join(ws.vault, '.incoming'))).toEqual([]);
    } finally {
      fs.rmSync(filler);
    }
    const again = parse<RepairJson>(cli('repair', '--from', bag, '--json'));
    expect(again.restored).toEqual([expect.objectContaining({ id: rec.id })]);
    expect(verifyOk()).toBe(true);
    expect(asideFiles().map(sha256)).toEqual([damaged]);
  });

  it('takes over the lock of a repair that died, and a run killed midway leaves nothing a rerun cannot finish', async () => {
    const rec = recs[1]!;
    // A lock left by a process that is gone.
    const dead = spawnSync('true').pid!;
    fs.mkdirSync(path.join(ws.vault, '.repair', 'locks'), { recursive: true });
    fs.writeFileSync(path.join(ws.vault, '.repair', 'locks', `${rec.id}.lock`), String(dead));
    flipByte(inVault(rec), 123);
    const damaged = sha256(inVault(rec));
    const before = asideFiles().length;

    const child = startCli(['--config', ws.config, 'repair', String(rec.id), '--from', bag]);
    const lock = path.join(ws.vault, '.repair', 'locks', `${rec.id}.lock`);
    // Killed once it holds the recording (its own pid in the lock), wherever in the restore that is.
    // The lock may go between two looks (the repair done already): read it once, gone or not.
    const holder = () => {
      try {
        return fs.readFileSync(lock, 'utf8');
      } catch {
        return null;
      }
    };
    await waitFor('the repair to hold its lock', () => child.exitCode !== null || holder() === String(child.pid), 30_000, 2);
    await killAndWait(child);

    const out = parse<RepairJson>(cli('repair', String(rec.id), '--from', bag, '--json'));
    expect(out.unresolved, JSON.stringify(out)).toEqual([]);
    expect([...out.restored, ...out.ok].map((x) => x.id)).toEqual([rec.id]);
    expect(cli('verify').stdout).toContain('all match');
    expect(sha256(inVault(rec))).toBe(rec.sha256);
    // The damaged bytes are kept exactly once, whatever moment the kill came at.
    expect(asideFiles().length - before).toBe(1);
    expect(asideFiles().map(sha256)).toContain(damaged);
    expect(fs.readdirSync(path.join(ws.vault, '.incoming'))).toEqual([]);
  });
});
