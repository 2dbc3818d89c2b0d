/**
 * Red team for issue 15 (grouped catalogue commits, in-process still probing, disk read-back, cached
 * statements): holes found by attacking what was built, each kept as a test.
 */
import type { Expected } from '../src/adapters/read-check.js';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhoto } from './support/media.js';
import { withExif } from './support/exif.js';
import { makeWorkspace, PROJECT_ROOT, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { filesBelow } from './support/files.js';
import { ingestOnRealParts } from './support/ingest-service.js';
import { queryCatalogue, tamperCatalogue } from './support/tamper.js';
import { exitOf, killAndWait, waitFor, whenReadable } from './support/wait.js';
import { openCatalog } from '../src/adapters/catalog/database.js';
import { RecordingStore } from '../src/adapters/catalog/recording-store.js';
import { FileWorkers } from '../src/adapters/file-workers.js';
import type { LinkItem } from '../src/adapters/small-file-batch.js';
import { openVaultParts } from '../src/wiring.js';

const FOOTAGE = '现场执法记录仪影像资料';

interface Summary {
  stored: { files: number };
  already: { files: number };
  failed: { sourcePath: string; error: string }[];
}

const footageFiles = (vault: string): string[] => filesBelow(path.join(vault, FOOTAGE)).map((f) => `${FOOTAGE}/${f}`);

/** A recorder folder of `n` distinct photos (one trailing byte apart after the image data). */
function photos(dir: string, base: Buffer, n: number, prefix = 'IMG_'): void {
  fs.mkdirSync(path.join(dir, 'DCIM', '100MEDIA'), { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, 'DCIM', '100MEDIA', `${prefix}${String(i).padStart(4, '0')}.JPG`), Buffer.concat([base, Buffer.from(String(i))]));
}

describe('red team 15: pictures crafted against the in-process probe', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red15-pic-');
  afterAll(() => ws.cleanup());

  it('a .JPG that is really a BMP whose header claims absurd dimensions is stored with the probe-error flag ffprobe gives it, not as a good picture', () => {
    const source = path.join(ws.dir, 'rec');
    fs.mkdirSync(source);
    const bmp = Buffer.alloc(54);
    bmp.write('BM');
    bmp.writeInt32LE(-2147483648, 18);
    bmp.writeInt32LE(2147483647, 22);
    fs.writeFileSync(path.join(source, 'BAD1.JPG'), bmp);
    const png = Buffer.alloc(33);
    png.write('89504e470d0a1a0a', 0, 'hex');
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12);
    png.writeUInt32BE(0xffffffff, 16);
    png.writeUInt32BE(0xffffffff, 20);
    fs.writeFileSync(path.join(source, 'BAD.PNG'), png);
    const s = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
    expect(s.failed).toEqual([]);
    expect(s.stored.files).toBe(2);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    const bad = rows.find((r) => r.originalName === 'BAD1.JPG')!;
    expect(bad.flags).toContain('probe-error');
    // No catalogue row claims a picture no decoder would open.
    for (const r of rows) expect((r.width ?? 0) * (r.height ?? 0)).toBeLessThan(2 ** 31);
  });
});

/** `n` distinct photos taken 2026-05-15 (EXIF), in DCIM/100MEDIA of `dir`. */
function exifPhotos(ws: { dir: string }, dir: string, n: number): void {
  const base = path.join(ws.dir, 'base.jpg');
  if (!fs.existsSync(base)) makePhoto(base);
  const plain = withExif(fs.readFileSync(base), { dateTimeOriginal: '2026:05:15 09:00:00' });
  photos(dir, plain, n);
}

/** Every catalogued row has its file, every footage file its row, no name twice; verify and audit verify clean. */
function consistent(ws: { config: string; vault: string; catalog: string }, expected: number): void {
  const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  expect(rows).toHaveLength(expected);
  expect(new Set(rows.map((r) => r.sourcePath)).size).toBe(expected);
  expect(footageFiles(ws.vault).sort()).toEqual(rows.map((r) => r.vaultPath).sort());
  const entries = queryCatalogue<{ target: string }>(ws.catalog, "SELECT DISTINCT target FROM audit_log WHERE action = 'ingest.file' AND outcome = 'ok'").map((e) => e.target);
  for (const r of rows) expect(entries).toContain(r.vaultPath);
  const v = runCli(['--config', ws.config, 'verify', '--json']);
  expect(v.status, v.stdout + v.stderr).toBe(0);
  const a = runCli(['--config', ws.config, 'audit', 'verify', '--json']);
  expect(a.status, a.stdout + a.stderr).toBe(0);
}

describe('red team 15: groups interrupted and raced', { timeout: 240_000 }, () => {
  it('killed while copies wait for their group: nothing unfinished looks finished, the rerun stores each photo once', async () => {
    const ws = makeWorkspace('ev-red15-kill-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 400);
      const child = startCli(['--config', ws.config, 'ingest', source, '--device', '0001234']);
      const rows = () => queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings')[0]!.n;
      // Killed at a moment when copies are placed in the vault but their group has not committed. The
      // service is stopped before the moment is checked again, so its group cannot commit between the
      // check and the kill (on a busy machine it did); if the moment has passed it goes on.
      const aheadOfGroup = () => {
        const n = rows();
        return n > 0 && footageFiles(ws.vault).length > n;
      };
      const readable = whenReadable(aheadOfGroup);
      await waitFor('copies placed ahead of their group', () => {
        if (!readable()) return false;
        child.kill('SIGSTOP');
        if (readable()) return true;
        child.kill('SIGCONT');
        return false;
      }, 60_000, 2);
      await killAndWait(child);
      const left = footageFiles(ws.vault);
      const catalogued = new Set(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']).map((r) => r.vaultPath));
      expect(left.length).toBeGreaterThan(catalogued.size);
      // Before any rerun: what was left uncatalogued is named as an interrupted copy, not as tampering.
      const v = runJson<{ problems: { kind: string }[]; interrupted: unknown[] }>(['--config', ws.config, 'verify']);
      expect(v.problems).toEqual([]);
      expect(v.interrupted.length).toBe(left.length - catalogued.size);

      const again = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
      expect(again.failed).toEqual([]);
      expect(again.stored.files + again.already.files).toBe(400);
      consistent(ws, 400);
    } finally {
      ws.cleanup();
    }
  });

  it('two ingests of two sources holding the same photos at once: each photo catalogued once, no extra copy left', async () => {
    const ws = makeWorkspace('ev-red15-twins-');
    try {
      const a = path.join(ws.dir, 'a');
      const b = path.join(ws.dir, 'b');
      exifPhotos(ws, a, 150);
      fs.cpSync(a, b, { recursive: true });
      const run = (src: string) => startCli(['--config', ws.config, 'ingest', src, '--device', '0001234', '--json']);
      const [ca, cb] = [run(a), run(b)];
      const out = (c: ReturnType<typeof run>) => {
        let t = '';
        c.stdout!.on('data', (d: Buffer) => (t += d.toString()));
        c.stderr!.on('data', (d: Buffer) => (t += d.toString()));
        return () => t;
      };
      const [oa, ob] = [out(ca), out(cb)];
      const codes = await Promise.all([exitOf(ca), exitOf(cb)]);
      expect(codes, oa() + ob()).toEqual([0, 0]);
      consistent(ws, 150);
    } finally {
      ws.cleanup();
    }
  });

  it('a day folder that is a symlink to a folder outside the vault: no evidence is stored outside the vault', () => {
    const ws = makeWorkspace('ev-red15-link-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 3);
      const outside = path.join(ws.dir, 'outside');
      fs.mkdirSync(outside);
      const day = path.join(ws.vault, FOOTAGE, '2026', '05', '15');
      fs.mkdirSync(day, { recursive: true });
      fs.symlinkSync(outside, path.join(day, '0001234'));
      const r = runCli(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
      expect(fs.readdirSync(outside)).toEqual([]);
      const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
      for (const row of rows) expect(fs.lstatSync(path.join(ws.vault, path.dirname(row.vaultPath))).isSymbolicLink(), r.stdout + r.stderr).toBe(false);
    } finally {
      ws.cleanup();
    }
  });
});

describe('red team 15: a day folder swapped mid-run', { timeout: 240_000 }, () => {
  it('for a symlink to a folder outside the vault, after the run made it durable: nothing is committed outside the vault', async () => {
    const ws = makeWorkspace('ev-red15-swap-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 400);
      const outside = path.join(ws.dir, 'outside');
      fs.mkdirSync(outside);
      const day = path.join(ws.vault, FOOTAGE, '2026', '05', '15', '0001234');
      const child = startCli(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
      let text = '';
      let log = '';
      child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const rows = () => queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings')[0]!.n;
      await waitFor('the first group committed', () => rows() > 0, 60_000, 2);
      // The run has its day folder on record as made durable; it is now moved away and a symlink put in its place.
      fs.renameSync(day, path.join(ws.dir, 'moved'));
      fs.symlinkSync(outside, day);
      expect(await exitOf(child), log.slice(-2000)).not.toBeNull();
      const summary = JSON.parse(text) as Summary;
      expect(summary.stored.files).toBeLessThan(400);
      // What went through the symlink was never committed, and its copies were removed again.
      expect(fs.readdirSync(outside)).toEqual([]);
      const committedOutside = queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings WHERE id > ?', rows())[0]!.n;
      expect(committedOutside).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});

describe('red team 15: cached statements', { timeout: 120_000 }, () => {
  it('listing recordings while iterating the same listing (or after a listing was left unfinished) works', () => {
    const ws = makeWorkspace('ev-red15-stmt-');
    const db = openCatalog(ws.catalog);
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 3);
      expect(runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']).stored.files).toBe(3);
      const store = new RecordingStore(db);
      const seen: number[] = [];
      for (const r of store.iterate({ deviceNumber: '0001234' })) seen.push(r.id, store.list({ deviceNumber: '0001234' }).length);
      expect(seen).toHaveLength(6);
      // A consumer that takes the first row and walks away (a lazily read Iterable) leaves no statement busy.
      const walk = store.iterate({})[Symbol.iterator]();
      expect(walk.next().done).toBe(false);
      expect(store.list({})).toHaveLength(3);
      walk.return?.(undefined);
    } finally {
      db.close();
      ws.cleanup();
    }
  });
});

describe('red team 15: a crash’s copies of a photo kept twice', { timeout: 120_000 }, () => {
  it('adopted by the rerun: one catalogued, the other not left behind as an unexpected file', () => {
    const ws = makeWorkspace('ev-red15-adopt-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 5);
      // The same photo a second time, in another folder of the recorder (as test/ingest-groups.test.ts).
      fs.mkdirSync(path.join(source, 'DCIM', '101MEDIA'));
      fs.copyFileSync(path.join(source, 'DCIM', '100MEDIA', 'IMG_0003.JPG'), path.join(source, 'DCIM', '101MEDIA', 'IMG_0003.JPG'));
      // A run killed after placing both copies and before their group's commit left them, uncatalogued.
      const day = path.join(ws.vault, FOOTAGE, '2026', '05', '15', '0001234');
      fs.mkdirSync(day, { recursive: true });
      for (const name of ['IMG_0003.JPG', 'IMG_0003~2.JPG']) {
        fs.copyFileSync(path.join(source, 'DCIM', '100MEDIA', 'IMG_0003.JPG'), path.join(day, name));
        fs.chmodSync(path.join(day, name), 0o444);
      }
      const s = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
      expect(s.failed).toEqual([]);
      expect(s.stored.files + s.already.files).toBe(6);
      consistent(ws, 5);
    } finally {
      ws.cleanup();
    }
  });
});

describe('red team 15: a group commit against a busy or full catalogue', { timeout: 240_000 }, () => {
  it('the catalogue write-locked by another process past the busy timeout: what failed is reported and left out, the rest is whole', async () => {
    const ws = makeWorkspace('ev-red15-busy-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 300);
      // Another process, started and ready before the ingest (its start would take longer than the
      // ingest's last groups): on the word it takes the write lock, and keeps it until the ingest has
      // given up on something.
      const holder = spawn(process.execPath, ['-e', `const D=require(${JSON.stringify(path.join(PROJECT_ROOT, 'node_modules/better-sqlite3'))});const db=new D(${JSON.stringify(ws.catalog)});process.stdout.write('ready\\n');let held=false;process.stdin.on('data',()=>{if(!held){db.exec('BEGIN IMMEDIATE');held=true;process.stdout.write('locked\\n');}else{db.exec('ROLLBACK');process.exit(0)}});`], { stdio: ['pipe', 'pipe', 'inherit'] });
      let locked = '';
      holder.stdout!.on('data', (d: Buffer) => (locked += d.toString()));
      await waitFor('the lock holder ready', () => locked.includes('ready'), 30_000, 10);
      const child = startCli(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
      let out = '';
      let log = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      const rows = () => queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings')[0]!.n;
      await waitFor('the first group committed', () => rows() > 0, 60_000, 2);
      holder.stdin!.write('lock\n');
      await waitFor('the lock taken', () => locked.includes('locked'), 30_000, 2);
      await waitFor('the ingest to give up on a file or end', () => /SQLITE_BUSY|database is locked/.test(log + out) || child.exitCode !== null, 200_000, 50);
      holder.stdin!.write('go\n');
      await exitOf(holder);
      await exitOf(child);
      const s = JSON.parse(out) as Summary;
      // What the run said, if it was not a summary: the failure then tells what happened.
      expect(s.stored, `stdout: ${out.slice(0, 2000)}\nstderr: ${log.slice(-2000)}`).toBeDefined();
      expect(s.stored.files + s.failed.length).toBe(300);
      // Nothing the run reported stored is missing, nothing it gave up on is left in the vault.
      const catalogued = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
      expect(catalogued).toHaveLength(s.stored.files);
      expect(footageFiles(ws.vault).sort()).toEqual(catalogued.map((r) => r.vaultPath).sort());
      const again = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
      expect(again.failed).toEqual([]);
      consistent(ws, 300);
    } finally {
      ws.cleanup();
    }
  });
});

describe('red team 15: a disk that fills up while copies wait for their group', { timeout: 240_000 }, () => {
  for (const which of ['vault', 'catalogue'] as const) {
    it(`the ${which} disk: nothing unfinished looks finished, and once space is freed the rerun stores the rest once`, () => {
      let small = '';
      const ws = makeWorkspace(`ev-red15-full-${which}-`, {
        beforeInit: ({ dir, vault }) => {
          small = which === 'vault' ? vault : path.join(dir, 'catalogue');
          fs.mkdirSync(small);
          execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${which === 'vault' ? '12m' : '3m'}`, 'tmpfs', small]);
        },
      });
      try {
        const source = path.join(ws.dir, 'rec');
        const base = path.join(ws.dir, 'base.jpg');
        makePhoto(base);
        // Photos of about 60 KiB, 400 of them: far more than the small disk holds.
        const plain = Buffer.concat([withExif(fs.readFileSync(base), { dateTimeOriginal: '2026:05:15 09:00:00' }), Buffer.alloc(60 * 1024)]);
        photos(source, plain, which === 'vault' ? 400 : 1500);
        const r = runCli(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
        expect(r.status, r.stdout + r.stderr).not.toBe(0);
        expect(r.stdout + r.stderr).toMatch(which === "vault" ? /ENOSPC/ : /SQLITE_FULL|database or disk is full/);
        expect(filesBelow(path.join(ws.vault, '.incoming'))).toEqual([]);
        execFileSync('mount', ['-o', 'remount,size=256m', small]);
        const catalogued = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
        expect(footageFiles(ws.vault).sort()).toEqual(catalogued.map((x) => x.vaultPath).sort());
        const again = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
        expect(again.failed).toEqual([]);
        consistent(ws, which === 'vault' ? 400 : 1500);
      } finally {
        spawnSync('umount', ['-l', small]);
        ws.cleanup();
      }
    });
  }
});

describe('red team 15: a crash’s copy of a twin placed in a later group than the photo it repeats', { timeout: 120_000 }, () => {
  it('is not named an interrupted copy for ever: the rerun of the source clears it', () => {
    const ws = makeWorkspace('ev-red15-late-twin-');
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 5);
      fs.mkdirSync(path.join(source, 'DCIM', '101MEDIA'));
      const twin = path.join(source, 'DCIM', '101MEDIA', 'IMG_0003.JPG');
      fs.copyFileSync(path.join(source, 'DCIM', '100MEDIA', 'IMG_0003.JPG'), twin);
      // The run catalogued the photo's first copy with its group, placed the second for a later group, and was killed:
      // as it left things, the second copy on disk, its name claimed by the dead process.
      expect(runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']).stored.files).toBe(5);
      const day = path.join(ws.vault, FOOTAGE, '2026', '05', '15', '0001234');
      // The two copies raced for the photo's name: whichever was catalogued holds it (IMG_0003.JPG, or
      // IMG_0003~2.JPG when the second-named copy committed first); the crash's copy is at the other.
      const held = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']).map((x) => path.basename(x.vaultPath));
      const name = held.includes('IMG_0003.JPG') ? 'IMG_0003~2.JPG' : 'IMG_0003.JPG';
      expect(held.filter((n) => n.startsWith('IMG_0003'))).toHaveLength(1);
      fs.copyFileSync(twin, path.join(day, name));
      fs.chmodSync(path.join(day, name), 0o444);
      const rel = `${FOOTAGE}/2026/05/15/0001234/${name}`;
      // And a copy whose bytes nothing catalogued holds (a file since deleted from the recorder): not this run's to judge.
      fs.writeFileSync(path.join(day, 'IMG_0777.JPG'), 'bytes no recording holds');
      const other = `${FOOTAGE}/2026/05/15/0001234/IMG_0777.JPG`;
      for (const p of [rel, other]) tamperCatalogue(ws.catalog, `INSERT INTO placements (vault_path, session_id, pid, process_start) VALUES ('${p}', 1, 2147483000, 'gone')`);
      const before = runJson<{ interrupted: { vaultPath: string }[] }>(['--config', ws.config, 'verify']);
      expect(before.interrupted.map((c) => c.vaultPath).sort()).toEqual([rel, other]);
      // As verify advises: ingest that source again.
      const again = runJson<Summary & { leftoversRemoved: string[] }>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
      expect(again.failed).toEqual([]);
      expect(again.leftoversRemoved).toEqual([rel]);
      const finish = queryCatalogue<{ details: string }>(ws.catalog, "SELECT details FROM audit_log WHERE action = 'ingest.finish' ORDER BY seq DESC LIMIT 1")[0]!;
      expect(JSON.parse(finish.details).leftoversRemoved).toEqual([rel]);
      const after = runJson<{ interrupted: { vaultPath: string }[] }>(['--config', ws.config, 'verify']);
      expect(after.interrupted.map((c) => c.vaultPath)).toEqual([other]);
      fs.rmSync(path.join(ws.vault, other));
      consistent(ws, 5);
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * Real copies; once a copy is placed and read back, the whole day folder is deleted (a careless `rm -rf`
 * in the vault), whether it was placed alone or first of a batch of small files (the rest of the batch
 * is linked after).
 */
class FolderDeletingWorkers extends FileWorkers {
  deleted = 0;
  constructor(private readonly what: 'folder' | 'file') {
    super(1);
  }
  override async place(tmp: string, target: string, expected: Expected, opts: { syncDir?: boolean } = {}) {
    const placed = await super.place(tmp, target, expected, opts);
    this.deleteOnce(target);
    return placed;
  }
  override async linkBatch(items: readonly LinkItem[]) {
    const first = await super.linkBatch(items.slice(0, 1));
    this.deleteOnce(items[0]!.target);
    return [...first, ...(await super.linkBatch(items.slice(1)))];
  }
  /** The copies the deletion took: with two lanes, another batch's copy may already be in that folder. */
  gone: string[] = [];
  private deleteOnce(target: string) {
    if (this.deleted > 0) return;
    this.deleted++;
    this.gone = this.what === 'folder' ? fs.readdirSync(path.dirname(target)) : [path.basename(target)];
    fs.rmSync(this.what === 'folder' ? path.dirname(target) : target, { recursive: true, force: true });
  }
}

describe('red team 15: a copy deleted between its read-back and its group’s commit', () => {
  it.each(['folder', 'file'] as const)('the copy\u2019s %s deleted: no row whose file is gone (reported failed, still on the recorder); the next copies are stored', async (what) => {
    const ws = makeWorkspace('ev-red15-rm-');
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const workers = new FolderDeletingWorkers(what);
    try {
      const source = path.join(ws.dir, 'rec');
      exifPhotos(ws, source, 3);
      const s = await ingestOnRealParts(vault, workers, source);
      expect(workers.deleted).toBe(1);
      for (const r of vault.recordings.list()) expect(fs.existsSync(path.join(vault.config.vaultRoot, r.vaultPath)), r.vaultPath).toBe(true);
      // Exactly the copies deleted failed (the first linked, and any other copy already in the folder then).
      expect(workers.gone).toContain('IMG_0000.JPG');
      expect(s.failed.map((f) => path.basename(f.sourcePath)).sort()).toEqual([...workers.gone].sort());
      // The run had made that day folder durable before: the next copies make it again rather than fail.
      expect(s.stored.files).toBe(3 - workers.gone.length);
    } finally {
      await workers.close();
      await vault.close();
      ws.cleanup();
    }
  });
});
