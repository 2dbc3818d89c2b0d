/**
 * A recorder whose card hangs mid-copy (its FUSE process stopped with SIGSTOP, as a failing card stops
 * answering) holds up only itself: the other recorder docked beside it is ingested to the end, and
 * `status` and the dock screen keep moving; once the card answers again (SIGCONT) its own copy ends too.
 * Before the fix both stopped (the copy workers and the service's spawns waited on the stopped card).
 * Never list other processes while a FUSE process is stopped (ps would hang on its mount): its pid is
 * read from /proc before, and it is always continued before anything is unmounted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fusePid, imageBytesRead, mountRecorder, sha256sum, stopCardWhen, type Mounted } from './support/fat-volume.js';
import { recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, StoppedCardScene, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { waitFor } from './support/wait.js';

const MIB = 1024 * 1024;

interface Docked {
  deviceNumber: string | null;
  state: string;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
  stalledSeconds: number | null;
}

describe('a recorder whose card hangs mid-copy', () => {
  const ws = makeWorkspace('ev-hung-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const page = path.join(path.dirname(ws.catalog), 'dock-screen.html');
  const docked = (device: string) => runJson<{ docked: Docked[] }>(['--config', ws.config, 'status']).docked.find((d) => d.deviceNumber === device);
  const stopped = new Set<number>();
  const mounts: Mounted[] = [];
  const sums = new Map<string, string>();
  let daemon: RunningDaemon;
  let hung = 0;
  let readAtMount = 0;

  beforeAll(async () => {
    const mediaRoot = withDockConfig(ws.config, ws.dir);
    // Three different clips: the card is stopped once a few MiB of them are read, well before the end.
    const clips = [1, 2, 3].map((seq) => {
      const clip = path.join(ws.dir, `clip-${seq}.bin`);
      execFileSync('head', ['-c', String(MIB * 32), '/dev/urandom'], { stdio: ['ignore', fs.openSync(clip, 'w'), 'inherit'] });
      sums.set(String(seq), sha256sum(clip));
      return clip;
    });
    for (const [d, o] of [['0004001', '110401'], ['0004002', '110402']] as const) {
      expect(cli('officer', 'add', '--id', o, '--name', `警员${o}`).status).toBe(0);
      expect(cli('device', 'add', '--number', d, '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
      expect(cli('device', 'identify', d, '--volume', 'file-names').status).toBe(0);
      expect(cli('device', 'assign', d, o, '--from', '2020-01-01').status).toBe(0);
    }
    daemon = startDaemon(ws.config);
    await waitFor('the first page', () => fs.existsSync(page), 30_000, 50);
    const files = (device: string, officer: string) =>
      [1, 2, 3].map((seq) => ({ path: `DCIM/${recorderFileName({ device, officer, stamp: `${todayStamp()}08000${seq}`, seq })}`, from: clips[seq - 1]! }));
    mounts.push(mountRecorder(path.join(ws.dir, 'a.img'), path.join(mediaRoot, 'rec-a'), files('0004001', '110401')));
    mounts.push(mountRecorder(path.join(ws.dir, 'b.img'), path.join(mediaRoot, 'rec-b'), files('0004002', '110402')));
    hung = fusePid(path.join(mediaRoot, 'rec-a'));
    readAtMount = imageBytesRead(hung);
  }, 240_000);

  afterAll(async () => {
    // Continue a stopped card before anything else, so nothing waits on it.
    for (const pid of stopped) process.kill(pid, 'SIGCONT');
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    for (const m of mounts) m.unmount();
    ws.cleanup();
  });

  it('lets the other recorder finish and the status and page move on, then finishes the hung one once it answers', async () => {
    // Stopped part-way through its files: past the first 4 MiB, before half of the 96 MiB.
    stopped.add(hung);
    await stopCardWhen(hung, 'recorder 0004001 part-way', (read) => read - readAtMount >= 4 * MIB && read - readAtMount < 48 * MIB);

    // The other recorder ends while the card hangs, and `status` and the page keep being written.
    await waitFor('recorder 0004002 done while 0004001 hangs', () => docked('0004002')?.state === 'done', 120_000, 250);
    const pageThen = fs.statSync(page).mtimeMs;
    await waitFor('a newer page while the card hangs', () => fs.statSync(page).mtimeMs > pageThen, 30_000, 100);
    expect(fs.readFileSync(page, 'utf8')).toMatch(/data-recorder="0004002" data-state="done"/);
    // A file whose bytes were all read before the stop may still be stored; the rest wait on the card.
    const still = docked('0004001')!;
    expect(still.state).toBe('ingesting');
    expect(still.files.done).toBeLessThan(3);
    // It is shown as not answering, in status and on the page, not as copying at its last rate.
    await waitFor('recorder 0004001 shown as not answering', () => docked('0004001')?.stalledSeconds != null, 60_000, 250);
    await waitFor('the page to say so', () => /class="alert stalled"/.test(fs.readFileSync(page, 'utf8')), 30_000, 100);
    expect(cli('status').stdout).toMatch(/0004001.*not answering for \d+ s \(a failing recorder\?\): leave it docked; the others go on/);

    // The card answers again: its copy goes on to the end, every file whole.
    process.kill(hung, 'SIGCONT');
    stopped.delete(hung);
    await waitFor('recorder 0004001 done once it answers', () => docked('0004001')?.state === 'done', 120_000, 250);
    expect(docked('0004001')!.stalledSeconds).toBeNull();
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.deviceNumber).sort()).toEqual(['0004001', '0004001', '0004001', '0004002', '0004002', '0004002']);
    for (const r of rows) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sums.get(r.originalName.slice(-5, -4)));
  }, 300_000);
});

describe('a stop of the dock service while a card hangs', () => {
  const ws = makeWorkspace('ev-hung-stop-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const docked = () => runJson<{ docked: Docked[] }>(['--config', ws.config, 'status']).docked.find((d) => d.deviceNumber === '0004003');
  const sums = new Map<string, string>();
  const scene = new StoppedCardScene(ws);
  afterAll(() => scene.end());

  it('ends within its grace, catalogues nothing half-copied, and the next start stores every file once the card answers', async () => {
    const mediaRoot = withDockConfig(ws.config, ws.dir);
    expect(cli('officer', 'add', '--id', '110403', '--name', '警员110403').status).toBe(0);
    expect(cli('device', 'add', '--number', '0004003', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('device', 'identify', '0004003', '--volume', 'file-names').status).toBe(0);
    expect(cli('device', 'assign', '0004003', '110403', '--from', '2020-01-01').status).toBe(0);
    const files = [1, 2, 3].map((seq) => {
      const clip = path.join(ws.dir, `clip-${seq}.bin`);
      execFileSync('head', ['-c', String(MIB * 32), '/dev/urandom'], { stdio: ['ignore', fs.openSync(clip, 'w'), 'inherit'] });
      sums.set(String(seq), sha256sum(clip));
      return { path: `DCIM/${recorderFileName({ device: '0004003', officer: '110403', stamp: `${todayStamp()}08000${seq}`, seq })}`, from: clip };
    });
    const daemon = (scene.daemon = startDaemon(ws.config));
    const point = path.join(mediaRoot, 'rec-c');
    scene.mount = mountRecorder(path.join(ws.dir, 'c.img'), point, files);
    const fuse = fusePid(point);
    const atMount = imageBytesRead(fuse);
    await scene.stopCardBetween(fuse, atMount + 4 * MIB, atMount + 48 * MIB);
    await waitFor('the recorder shown as not answering', () => docked()?.stalledSeconds != null, 60_000, 250);

    // The custodian stops the service (or the PC shuts down) while the card hangs.
    const asked = Date.now();
    daemon.child.kill('SIGTERM');
    // Bounded, and saying what the service last logged: a stop that hangs must fail here, not at the test's timeout.
    await waitFor('the dock service to end after SIGTERM', () => daemon.child.exitCode !== null || daemon.child.signalCode !== null, 120_000, 100).catch((err: unknown) => {
      throw new Error(`${String(err)}; the service's last words: ${daemon.stderr().slice(-4000)}`);
    });
    // 30 s for the files in flight, then the copy workers are ended: not held for as long as the card hangs.
    expect(Date.now() - asked).toBeLessThan(60_000);
    scene.daemon = undefined;
    const before = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(before.length).toBeLessThan(3);
    for (const r of before) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sums.get(r.originalName.slice(-5, -4)));

    // The card answers again; the next start takes the recorder still docked, every file whole, none twice.
    scene.continueCard(fuse);
    scene.daemon = startDaemon(ws.config);
    const restarted = scene.daemon;
    await waitFor('every file stored', () => runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']).length === 3 && docked()?.state === 'done', 180_000, 250).catch((err: unknown) => {
      throw new Error(`${String(err)}; status: ${JSON.stringify(docked())}; the service's last words: ${restarted.stderr().slice(-4000)}`);
    });
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.originalName).sort()).toEqual(files.map((f) => path.basename(f.path)).sort());
    for (const r of rows) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sums.get(r.originalName.slice(-5, -4)));
    const v = runCli(['--config', ws.config, 'verify']);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  }, 420_000);
});
