/**
 * The dock daemon as a real child process: FAT32 images mounted with FUSE under the media root are
 * ingested with no command typed; a yanked cable (fusefat killed) and SIGTERM mid-copy lose nothing
 * and leave no half-file; an unregistered volume is quarantined and reported.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFatImage, mountFat, mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makeVideo, recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { filesBelow } from './support/files.js';
import { stopWhen, waitFor } from './support/wait.js';

interface Status {
  daemon: { running: boolean } | null;
  docked: { mountPoint: string; deviceNumber: string | null; state: string; quarantined: boolean; detail: string | null; files: { done: number; total: number } }[];
  notDockedToday: string[];
  staffing: { officers: number; recorders: number; meetsRule: boolean };
}

const FOOTAGE = '现场执法记录仪影像资料';
const today = todayStamp();
const name = (device: string, officer: string, hhmmss: string, seq: number) => recorderFileName({ device, officer, stamp: `${today}${hhmmss}`, seq });

describe('dock daemon', () => {
  const ws = makeWorkspace('ev-dock-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const rows = () => runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  const status = () => runJson<Status>(['--config', ws.config, 'status']);
  let mediaRoot: string;
  let daemon: RunningDaemon;
  const mounts: Mounted[] = [];
  let clip: string;
  let big: string;

  const dock = (image: string, files: { path: string; from: string }[], mountName: string): Mounted => {
    const m = mountRecorder(image, path.join(mediaRoot, mountName), files);
    mounts.push(m);
    return m;
  };

  beforeAll(() => {
    mediaRoot = withDockConfig(ws.config, ws.dir);
    clip = path.join(ws.dir, 'clip.mp4');
    makeVideo(clip, 1);
    big = path.join(ws.dir, 'big.bin');
    execFileSync('head', ['-c', String(64 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(big, 'w'), 'inherit'] });
    for (const o of ['110101', '110102', '110103']) expect(cli('officer', 'add', '--id', o, '--name', `警员${o}`).status).toBe(0);
    for (const d of ['0001234', '0002001', '0002002', '0003001', '0005678']) {
      expect(cli('device', 'add', '--number', d, '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
      expect(cli('device', 'identify', d, '--volume', 'file-names').status).toBe(0);
    }
    expect(cli('device', 'assign', '0001234', '110101', '--from', '2020-01-01').status).toBe(0);
    daemon = startDaemon(ws.config);
  });

  afterAll(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    for (const m of mounts) m.unmount();
    ws.cleanup();
  });

  it('ingests a docked volume with no command typed, attributing the assigned officer', async () => {
    const m = dock(path.join(ws.dir, 'a.img'), [
      { path: `DCIM/${name('0001234', '110101', '080000', 1)}`, from: clip },
      { path: `DCIM/${name('0001234', '110101', '090000', 2)}`, from: clip },
      { path: `DCIM/${name('0001234', '110999', '100000', 3)}`, from: clip }, // the name says another officer
    ], 'rec-a');
    const landed = await waitFor('3 recordings', () => (rows().length >= 3 ? rows() : null));
    expect(landed).toHaveLength(3);
    for (const r of landed) {
      expect(r.deviceNumber).toBe('0001234');
      expect(r.officerId).toBe('110101');
      expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sha256sum(path.join(m.mountPoint, 'DCIM', r.originalName)));
    }
    expect(landed.find((r) => r.originalName.includes('_110999_'))!.flags).toContain('officer-mismatch');
    const s = await waitFor('status done', () => {
      const st = status();
      return st.docked.find((d) => d.deviceNumber === '0001234' && d.state === 'done') ? st : null;
    });
    expect(s.daemon!.running).toBe(true);
    expect(s.docked.find((d) => d.deviceNumber === '0001234')!.files).toEqual({ done: 3, total: 3 });
    expect(s.notDockedToday).toContain('0005678');
    expect(s.notDockedToday).not.toContain('0001234');
    expect(s.staffing).toMatchObject({ officers: 3, recorders: 5, meetsRule: true });
    // The test may not have yielded since the daemon started (the dock and the checks above can all
    // find their answer at once): its stderr reaches us only when the event loop runs, so wait for it.
    const logged = await waitFor('start-up lines on stderr', () => (/retention sweep scheduled/.test(daemon.stderr()) ? daemon.stderr() : null));
    expect(logged).toMatch(/no USB bus/);
    // The nightly fixity share and the daily retention sweep run inside the same service.
    expect(logged).toMatch(/fixity checks scheduled/);
    expect((s as unknown as { fixity: string[] }).fixity[0]).toMatch(/^fixity: /);
  });

  it('ingests two recorders docked at once', async () => {
    dock(path.join(ws.dir, 'b1.img'), [1, 2].map((i) => ({ path: `DCIM/${name('0002001', '110102', `1${i}0000`, i)}`, from: clip })), 'rec-b1');
    dock(path.join(ws.dir, 'b2.img'), [1, 2].map((i) => ({ path: `DCIM/${name('0002002', '110103', `1${i}0000`, i)}`, from: clip })), 'rec-b2');
    const landed = await waitFor('both recorders', () => {
      const r = rows();
      return r.filter((x) => x.deviceNumber === '0002001').length === 2 && r.filter((x) => x.deviceNumber === '0002002').length === 2 ? r : null;
    });
    expect(landed).toHaveLength(7);
  });

  // The 64 MiB file is read through fusefat twice (before the cable goes and after it is back).
  it('survives a cable yanked mid-copy, keeps what was verified, and completes on the next dock without duplicates', { timeout: 240_000 }, async () => {
    const image = path.join(ws.dir, 'c.img');
    const files = [
      { path: `DCIM/${name('0003001', '110101', '070000', 1)}`, from: clip },
      { path: `DCIM/${name('0003001', '110101', '070100', 2)}`, from: clip },
      { path: `DCIM/${name('0003001', '110101', '070200', 3)}`, from: big },
      { path: `DCIM/${name('0003001', '110101', '070300', 4)}`, from: clip },
    ];
    const m = dock(image, files, 'rec-c');
    const staging = path.join(ws.vault, '.incoming');
    // The cable goes while the big copy is part-way: the card is stopped to look, and pulled while still stopped.
    const card = m.pid()!;
    await stopWhen(card, 'the big copy in flight', () => filesBelow(staging).some((f) => fs.statSync(path.join(staging, f)).size > 10 * 1024 * 1024), 60_000);
    process.kill(card, 'SIGKILL');
    await waitFor('the session to end', () => status().docked.find((d) => d.deviceNumber === '0003001' && d.state === 'failed'));
    expect(daemon.child.exitCode).toBeNull(); // still running
    const after = rows().filter((r) => r.deviceNumber === '0003001');
    expect(after.length).toBeLessThan(4);
    for (const r of after) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(r.sha256);

    m.unmount();
    await waitFor('the volume gone from status', () => !status().docked.some((d) => d.deviceNumber === '0003001'));
    const again = mountFat(image, m.mountPoint);
    mounts.push(again);
    const done = await waitFor('the set completed', () => {
      const r = rows().filter((x) => x.deviceNumber === '0003001');
      return r.length === 4 ? r : null;
    }, 180_000);
    expect(new Set(done.map((r) => r.originalName)).size).toBe(4);
    for (const r of done) expect(r.sha256).toBe(sha256sum(path.join(again.mountPoint, 'DCIM', r.originalName)));
    expect(done.find((r) => r.originalName.endsWith('_0003.MP4'))!.sha256).toBe(sha256sum(big));
    expect(filesBelow(path.join(ws.vault, FOOTAGE)).filter((f) => f.includes('/0003001/'))).toHaveLength(4);
  });

  it('quarantines a volume no registered recorder matches, and reports it loudly', async () => {
    dock(path.join(ws.dir, 'u.img'), [{ path: `DCIM/${name('7777777', '110101', '060000', 1)}`, from: clip }], 'rec-unknown');
    const q = await waitFor('the quarantined file', () => rows().find((r) => r.originalName.startsWith('7777777_')));
    expect(q.flags).toContain('quarantined');
    expect(q.vaultPath).toContain('/未识别设备-quarantine/');
    const st = await waitFor('status of the unknown dock', () => status().docked.find((d) => d.quarantined && d.state === 'done'));
    expect(st.detail).toMatch(/UNKNOWN RECORDER.*file names say 7777777/);
    await waitFor('the loud log line', () => /UNKNOWN RECORDER docked/.test(daemon.stderr()));
    const db = new Database(ws.catalog, { readonly: true });
    try {
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'dock.unknown-recorder'").get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('keeps identical footage from two unknown recorders docked at once as two recordings, each in its own quarantine folder', async () => {
    const same = [{ path: 'DCIM/现场_补录说明.MP4', from: clip }];
    dock(path.join(ws.dir, 'twin-a.img'), same, 'rec-twin-a');
    dock(path.join(ws.dir, 'twin-b.img'), same, 'rec-twin-b');
    const twins = await waitFor('both docks done', () => {
      const done = status().docked.filter((d) => /rec-twin-/.test(d.mountPoint) && (d.state === 'done' || d.state === 'failed'));
      return done.length === 2 ? done : null;
    }, 120_000);
    expect(twins.map((d) => d.state)).toEqual(['done', 'done']);
    const stored = rows().filter((r) => r.originalName === '现场_补录说明.MP4');
    expect(stored.map((r) => r.vaultPath.split('/').slice(-3, -1).join('/')).sort()).toEqual(['未识别设备-quarantine/rec-twin-a', '未识别设备-quarantine/rec-twin-b']);
    expect(new Set(stored.map((r) => r.sha256)).size).toBe(1);
  }, 180_000);
});

describe('dock daemon on SIGTERM mid-copy', () => {
  const ws = makeWorkspace('ev-dock-term-');
  let volume: Mounted | undefined;

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('stops without leaving a partial file in the vault', async () => {
    const mediaRoot = withDockConfig(ws.config, ws.dir);
    // Two copies at a time, so the third file is still waiting when SIGTERM comes.
    fs.writeFileSync(ws.config, JSON.stringify({ ...JSON.parse(fs.readFileSync(ws.config, 'utf8')), copyConcurrency: 2 }));
    const big = path.join(ws.dir, 'big.bin');
    execFileSync('head', ['-c', String(64 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(big, 'w'), 'inherit'] });
    const image = path.join(ws.dir, 't.img');
    buildFatImage(image, [1, 2, 3].map((i) => ({ path: `DCIM/${name('7000001', '110101', `08000${i}`, i)}`, from: big })));
    const daemon = startDaemon(ws.config, { ownGroup: true });
    try {
      volume = mountFat(image, path.join(mediaRoot, 'rec'));
      const staging = path.join(ws.vault, '.incoming');
      // The service and its workers stopped to look, and asked to stop while a copy is part-way.
      const group = -daemon.child.pid!;
      const partWay = (f: string) => fs.statSync(path.join(staging, f), { throwIfNoEntry: false })?.size ?? 0;
      // The copies begun when it stopped: a placed copy is one file under its temp and its vault names.
      // Mostly two (the first two copying); on a loaded machine the look may come when the third is the one part-way.
      let begun = 0;
      const inodes = (dir: string) => filesBelow(dir).map((f) => fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.ino);
      await stopWhen(group, 'a copy in flight', () => {
        if (!filesBelow(staging).some((f) => partWay(f) > 10 * 1024 * 1024 && partWay(f) < 40 * 1024 * 1024)) return false;
        begun = new Set([...inodes(staging), ...inodes(path.join(ws.vault, FOOTAGE))].filter((i) => i !== undefined)).size;
        return true;
      }, 60_000);
      daemon.child.kill('SIGTERM');
      process.kill(group, 'SIGCONT');
      expect(await waitFor('exit', () => daemon.child.exitCode !== null && daemon.child.exitCode + 1, 60_000)).toBe(1); // exit code 0
      expect(filesBelow(staging)).toEqual([]);
      const catalogued = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
      const onDisk = filesBelow(path.join(ws.vault, FOOTAGE));
      expect(onDisk.sort()).toEqual(catalogued.map((r) => r.vaultPath.slice(FOOTAGE.length + 1)).sort());
      for (const r of catalogued) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(r.sha256);
      // It stopped taking files: none began after the stop (with two begun, the third never did).
      expect(catalogued.length).toBeLessThanOrEqual(begun);
      expect(daemon.stderr()).toMatch(/dock daemon stopped/);
    } finally {
      if (daemon.child.exitCode === null) daemon.child.kill('SIGKILL');
    }
  });
});

describe('dock daemon with clearAfterIngest', () => {
  const ws = makeWorkspace('ev-dock-clear-');
  let volume: Mounted | undefined;

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('clears only files that were stored and verified, and audits each', async () => {
    const mediaRoot = withDockConfig(ws.config, ws.dir, { clearAfterIngest: true });
    const clip = path.join(ws.dir, 'clip.mp4');
    makeVideo(clip, 1);
    fs.writeFileSync(path.join(ws.dir, 'notes.txt'), 'not footage');
    const image = path.join(ws.dir, 'c.img');
    buildFatImage(image, [
      { path: `DCIM/${name('8000001', '110101', '080000', 1)}`, from: clip },
      { path: `DCIM/${name('8000001', '110101', '090000', 2)}`, from: clip },
      { path: 'DCIM/notes.txt', from: path.join(ws.dir, 'notes.txt') },
    ]);
    runCli(['--config', ws.config, 'device', 'add', '--number', '8000001', '--brand', 'B', '--model', 'M']);
    runCli(['--config', ws.config, 'device', 'identify', '8000001', '--volume', 'file-names']);
    const daemon = startDaemon(ws.config);
    try {
      volume = mountFat(image, path.join(mediaRoot, 'rec'), 'rw+');
      const dcim = path.join(volume.mountPoint, 'DCIM');
      await waitFor('the recorder cleared', () => fs.readdirSync(dcim).every((f) => !f.endsWith('.MP4')));
      expect(fs.readdirSync(dcim).map((f) => f.toLowerCase())).toEqual(['notes.txt']); // not footage: not ours to touch
      const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sha256sum(clip));
      const db = new Database(ws.catalog, { readonly: true });
      try {
        const cleared = db.prepare("SELECT seq, outcome FROM audit_log WHERE action = 'dock.clear'").all() as { seq: number; outcome: string }[];
        expect(cleared.map((c) => c.outcome)).toEqual(['ok', 'ok']);
        const lastFile = db.prepare("SELECT max(seq) AS s FROM audit_log WHERE action = 'ingest.file'").get() as { s: number };
        expect(cleared.every((c) => c.seq > lastFile.s)).toBe(true); // after the catalogue commits
      } finally {
        db.close();
      }
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  });
});
