/**
 * The record of what came from where stays exact under concurrency and mistakes (issue 12, cases
 * 1–4): one session per source, identical footage from two unknown recorders kept apart, a typed
 * recorder number the files contradict refused, long names stored, nothing stored twice.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountRecorder, type Mounted } from './support/fat-volume.js';
import { makeVideo, recorderFileName } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { exitOf, killAndWait, killWhen, stopWhen, waitFor, whenReadable } from './support/wait.js';
import { filesBelow } from './support/files.js';

type Summary = { stored: { files: number }; already: { files: number }; failed: unknown[]; flagged: { flags: string[]; vaultPath: string }[] };
type Entry = { action: string; outcome: string; target: string; details: Record<string, unknown> };

function query<T>(catalog: string, sql: string): T[] {
  const db = new Database(catalog, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const claims = (catalog: string) => query<{ pid: number; session_id: number }>(catalog, 'SELECT * FROM source_claims');
/** Whether another process holds the catalogue's write lock right now. */
function writeLocked(catalog: string): boolean {
  const db = new Database(catalog, { fileMustExist: true, timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}
const stored = (catalog: string) => query<{ n: number }>(catalog, 'SELECT count(*) AS n FROM recordings')[0]!.n;

describe('one session per source', () => {
  const ws = makeWorkspace('ev-claim-');
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;
  const names = [1, 2, 3].map((seq) => recorderFileName({ stamp: '20260515073000', seq }));
  // A big file keeps the first session busy long enough to be caught holding its claim.
  const big = recorderFileName({ stamp: '20260515080000', seq: 4 });

  beforeAll(() => {
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'a.mp4'), 1);
    execFileSync('head', ['-c', String(120 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(path.join(media, 'big.mp4'), 'w'), 'ignore'] });
    volume = mountRecorder(
      path.join(ws.dir, 'rec.img'),
      path.join(ws.dir, 'mnt'),
      [...names.map((n) => ({ path: `DCIM/${n}`, from: path.join(media, 'a.mp4') })), { path: `DCIM/${big}`, from: path.join(media, 'big.mp4') }],
    );
  }, 120_000);
  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('a second ingest of a volume being ingested is refused (exit 75), and nothing is stored twice', async () => {
    const first = startCli(['--config', ws.config, 'ingest', volume.mountPoint, '--json']);
    const holder = await waitFor('the first ingest to claim the volume', () => claims(ws.catalog)[0], 60_000, 10);
    expect(holder.pid).toBe(first.pid);
    // Stopped while copying the big file (the small ones committed, no transaction open): it holds its
    // claim, as a slow copy would. Stopped outside a transaction: a stop inside one would hold the write
    // lock, which no slow copy does.
    await stopWhen(first.pid!, 'the first ingest stopped between transactions, its small files stored', whenReadable(() => stored(ws.catalog) === 3 && !writeLocked(ws.catalog) && claims(ws.catalog).length === 1), 60_000);
    try {
      const second = runCli(['--config', ws.config, 'ingest', volume.mountPoint]);
      expect(second.status).toBe(75);
      expect(second.stderr).toContain('another ingest is reading this source');
      expect(second.stderr).not.toMatch(/\n\s+at /);
    } finally {
      first.kill('SIGCONT');
    }
    expect(await exitOf(first)).toBe(0);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(2); // three copies of one clip, from three names: three recordings
    expect(filesBelow(ws.vault).filter((f) => f.includes('~'))).toEqual([]);
    const refused = runJson<Entry[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest.start', '--outcome', 'failed']);
    expect(refused).toHaveLength(1);
    expect(claims(ws.catalog)).toEqual([]);
  }, 240_000);

  it('a claim left by a killed ingest is taken over; its half-placed work is adopted, not duplicated', async () => {
    const again = makeWorkspace('ev-claim2-');
    try {
      const first = startCli(['--config', again.config, 'ingest', volume.mountPoint]);
      await waitFor('the first ingest to claim the volume', () => claims(again.catalog)[0], 60_000, 10);
      await killAndWait(first);
      expect(claims(again.catalog)).toHaveLength(1); // stale: its process is gone
      const s = runJson<Summary>(['--config', again.config, 'ingest', volume.mountPoint]);
      expect(s.failed).toEqual([]);
      const rows = runJson<RecordingJson[]>(['--config', again.config, 'recordings', 'list']);
      expect(rows).toHaveLength(4);
      expect(new Set(rows.map((r) => r.vaultPath)).size).toBe(4);
      expect(filesBelow(again.vault).filter((f) => f.includes('~'))).toEqual([]);
      expect(runCli(['--config', again.config, 'verify']).status).toBe(0);
    } finally {
      again.cleanup();
    }
  }, 240_000);
});

describe('an ingest killed between placing a copy and cataloguing it', () => {
  const ws = makeWorkspace('ev-killed-');
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;
  const big = recorderFileName({ stamp: '20260515080000', seq: 1 });

  beforeAll(() => {
    fs.mkdirSync(media);
    execFileSync('head', ['-c', String(64 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(path.join(media, 'big.mp4'), 'w'), 'ignore'] });
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), [{ path: `DCIM/${big}`, from: path.join(media, 'big.mp4') }]);
  }, 120_000);
  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('leaves a copy verify names as interrupted, not as tampering; the next ingest adopts it', async () => {
    const first = startCli(['--config', ws.config, 'ingest', volume.mountPoint], {}, { ownGroup: true });
    // Killed while the copy is linked into its day folder and being read back: claimed, placed, not catalogued.
    let placed = '';
    await killWhen(first, 'the copy placed, not yet catalogued', whenReadable(() => {
      const [p] = query<{ vault_path: string }>(ws.catalog, 'SELECT vault_path FROM placements');
      placed = p?.vault_path ?? '';
      return !!p && fs.existsSync(path.join(ws.vault, p.vault_path)) && stored(ws.catalog) === 0;
    }), 120_000);
    expect(stored(ws.catalog)).toBe(0);
    const v = runCli(['--config', ws.config, 'verify', '--json']);
    expect(v.status, v.stdout).toBe(0);
    const report = JSON.parse(v.stdout) as { problems: unknown[]; interrupted: { vaultPath: string; sessionId: number }[] };
    expect(report.problems).toEqual([]);
    expect(report.interrupted).toEqual([expect.objectContaining({ vaultPath: placed })]);
    expect(runCli(['--config', ws.config, 'verify']).stdout).toContain('interrupted before cataloguing it');

    const s = runJson<Summary>(['--config', ws.config, 'ingest', volume.mountPoint]);
    expect(s.stored.files).toBe(1);
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']).map((r) => r.vaultPath)).toEqual([placed]);
    const after = runJson<{ problems: unknown[]; interrupted: unknown[] }>(['--config', ws.config, 'verify']);
    expect(after).toMatchObject({ problems: [], interrupted: [] });
  }, 300_000);
});

describe('two unknown recorders holding the same file', () => {
  const ws = makeWorkspace('ev-twins-');
  const volumes: Mounted[] = [];

  beforeAll(() => {
    const clip = path.join(ws.dir, 'clip.mp4');
    makeVideo(clip, 1, { creationTime: '2026-05-15T01:00:00Z' });
    for (const tag of ['REC_A', 'REC_B']) volumes.push(mountRecorder(path.join(ws.dir, `${tag}.img`), path.join(ws.dir, tag), [{ path: 'DCIM/现场_补录说明.MP4', from: clip }]));
  }, 120_000);
  afterAll(() => {
    for (const v of volumes) v.unmount();
    ws.cleanup();
  });

  it('are two recordings, each in its own volume\'s quarantine folder, even when both ingest at once', async () => {
    const runs = volumes.map((v) => startCli(['--config', ws.config, 'ingest', v.mountPoint, '--json']));
    expect(await Promise.all(runs.map(exitOf))).toEqual([0, 0]);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.vaultPath).sort()).toEqual([
      '现场执法记录仪影像资料/2026/05/15/未识别设备-quarantine/REC_A/现场_补录说明.MP4',
      '现场执法记录仪影像资料/2026/05/15/未识别设备-quarantine/REC_B/现场_补录说明.MP4',
    ]);
    // Docked again: each is already there, from its own source.
    for (const v of volumes) expect(runJson<Summary>(['--config', ws.config, 'ingest', v.mountPoint]).already.files).toBe(1);
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list'])).toHaveLength(2);
  }, 240_000);
});

describe('a typed recorder number the files contradict', () => {
  const ws = makeWorkspace('ev-device-');
  const source = path.join(ws.dir, 'rec');
  const names = [1, 2, 3].map((seq) => recorderFileName({ device: '0001234', stamp: '20260515073000', seq }));

  beforeAll(() => {
    fs.mkdirSync(path.join(source, 'DCIM'), { recursive: true });
    makeVideo(path.join(ws.dir, 'a.mp4'), 1);
    for (const [i, n] of names.entries()) {
      fs.copyFileSync(path.join(ws.dir, 'a.mp4'), path.join(source, 'DCIM', n));
      fs.appendFileSync(path.join(source, 'DCIM', n), Buffer.from([i])); // three different recordings
    }
    runCli(['--config', ws.config, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']);
    runCli(['--config', ws.config, 'device', 'add', '--number', '0001235', '--brand', '海康威视', '--model', 'DSJ-A8']);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('a typo (unregistered) or another registered recorder is refused before anything is copied, naming the recorder the files name', () => {
    for (const wrong of ['9999999', '0001235']) {
      const r = runCli(['--config', ws.config, 'ingest', source, '--device', wrong]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--device ${wrong} contradicts the source: 3 files name recorder 0001234`);
      expect(r.stderr).toContain('--device-override');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list'])).toEqual([]);
    expect(filesBelow(ws.vault).filter((f) => f.startsWith('现场'))).toEqual([]);
    const refused = runJson<Entry[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest', '--outcome', 'refused']);
    expect(refused.map((e) => e.details.deviceNumber)).toEqual(['9999999', '0001235']);
    expect(refused[0]!.details.namedInFiles).toEqual({ '0001234': 3 });
  });

  it('once stored, the same files store nothing again whatever --device says, even with --device-override', () => {
    expect(runJson<Summary>(['--config', ws.config, 'ingest', source]).stored.files).toBe(3);
    const again = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '9999999', '--device-override', '--reason', '核对后确认']);
    expect(again).toMatchObject({ stored: { files: 0 }, already: { files: 3 } });
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.deviceNumber)).toEqual(['0001234', '0001234', '0001234']);
    const override = runJson<Entry[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest.device-override']);
    expect(override).toHaveLength(1);
    expect(override[0]!.details).toMatchObject({ deviceNumber: '9999999', reason: '核对后确认' });
  });

  it('--device-override without a reason is refused', () => {
    const r = runCli(['--config', ws.config, 'ingest', source, '--device', '9999999', '--device-override']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--reason');
  });
});

describe('a name longer than the vault keeps whole', () => {
  const ws = makeWorkspace('ev-long-');
  const source = path.join(ws.dir, 'rec');
  const long = `${'现场执法记录'.repeat(13)}_0001234_00000001.MP4`;

  beforeAll(() => {
    fs.mkdirSync(source);
    makeVideo(path.join(ws.dir, 'a.mp4'), 1);
    fs.renameSync(path.join(ws.dir, 'a.mp4'), path.join(source, long));
  });
  afterAll(() => ws.cleanup());

  it('is stored under a shortened name, the original kept in the catalogue and the trail; exit 0', () => {
    expect(Buffer.byteLength(long)).toBe(255);
    const r = runCli(['--config', ws.config, 'ingest', source, '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as Summary;
    expect(s.stored.files).toBe(1);
    expect(s.flagged[0]!.flags).toContain('name-shortened');
    const [row] = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(row!.originalName).toBe(long);
    expect(Buffer.byteLength(path.basename(row!.vaultPath))).toBeLessThan(240);
    const [entry] = runJson<Entry[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest.file']);
    expect(entry!.details.originalName).toBe(long);
  });
});
