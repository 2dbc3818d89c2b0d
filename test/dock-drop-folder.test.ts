/**
 * Drop folders, with the dock daemon as a real child process and the real chokidar watcher: a
 * sub-folder copied into the drop folder is ingested with no command typed; files dropped later are
 * taken too, nothing twice; a file still being written is not taken until it is complete; the
 * dropped files are left where they are.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256sum } from './support/fat-volume.js';
import { makeVideo, recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { exitOf, waitFor } from './support/wait.js';

const SETTLE_SECONDS = 1;
const today = todayStamp();
const name = (device: string, hhmmss: string, seq: number) => recorderFileName({ device, stamp: `${today}${hhmmss}`, seq });

describe('dock daemon drop folder', () => {
  const ws = makeWorkspace('ev-drop-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const rows = () => runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  const drop = path.join(ws.dir, 'drop');
  const clips: string[] = [];
  let daemon: RunningDaemon;

  const dropAudits = () => {
    const db = new Database(ws.catalog, { readonly: true });
    try {
      return db.prepare("SELECT target, outcome, details FROM audit_log WHERE action = 'dock.drop' ORDER BY seq").all() as { target: string; outcome: string; details: string }[];
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    const mediaRoot = path.join(ws.dir, 'media-root');
    // A relative drop folder: resolved against the config file's folder.
    withDockConfig(ws.config, ws.dir, { dock: { mediaRoots: [mediaRoot], settleSeconds: SETTLE_SECONDS, dropFolders: ['drop'] } });
    for (let i = 0; i < 5; i++) {
      const clip = path.join(ws.dir, `clip${i}.mp4`);
      makeVideo(clip, i === 4 ? 4 : 1 + i * 0.5); // different bytes each, so every hash tells its source
      clips.push(clip);
    }
    expect(cli('officer', 'add', '--id', '110101', '--name', '警员').status).toBe(0);
    for (const d of ['0001234', '0002001', '0005678']) expect(cli('device', 'add', '--number', d, '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    // Already there when the service starts: taken too.
    fs.mkdirSync(path.join(drop, '0002001'), { recursive: true });
    fs.copyFileSync(clips[0]!, path.join(drop, '0002001', name('0002001', '070000', 1)));
    daemon = startDaemon(ws.config);
  });

  afterAll(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    ws.cleanup();
  });

  it('takes a batch that was there at start-up', async () => {
    const r = await waitFor('the batch present at start', () => rows().find((x) => x.deviceNumber === '0002001'));
    expect(r.sha256).toBe(sha256sum(clips[0]!));
    expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(r.sha256);
  });

  it('ingests a sub-folder copied into the drop folder, then a file dropped into it later, nothing twice', async () => {
    const handedIn = path.join(ws.dir, 'usb-stick', '0001234');
    fs.mkdirSync(handedIn, { recursive: true });
    fs.copyFileSync(clips[1]!, path.join(handedIn, name('0001234', '080000', 1)));
    fs.copyFileSync(clips[2]!, path.join(handedIn, name('0001234', '090000', 2)));
    fs.cpSync(handedIn, path.join(drop, '0001234'), { recursive: true });

    const first = await waitFor('2 recordings of 0001234', () => {
      const r = rows().filter((x) => x.deviceNumber === '0001234');
      return r.length >= 2 ? r : null;
    });
    expect(first).toHaveLength(2);
    for (const r of first) {
      expect(r.sha256).toBe(sha256sum(path.join(handedIn, r.originalName)));
      expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(r.sha256);
      expect(r.flags).not.toContain('quarantined');
    }

    fs.copyFileSync(clips[3]!, path.join(drop, '0001234', name('0001234', '100000', 3)));
    const all = await waitFor('the third recording', () => {
      const r = rows().filter((x) => x.deviceNumber === '0001234');
      return r.length >= 3 ? r : null;
    });
    // The pass that takes the third file finds the first two already stored: still exactly three, one
    // per file. (On a loaded machine the copied sub-folder may come in as two batches, a file each:
    // the first file steady for the settle time before the second appeared.)
    type Batch = { stored: number; already: number; by: string };
    const batches = () => dropAudits().filter((a) => a.target.endsWith('/0001234')).map((a) => JSON.parse(a.details) as Batch);
    const last = await waitFor('the batch with the third file audited', () => batches().find((b) => b.stored + b.already === 3));
    expect(last).toMatchObject({ stored: 1, already: 2, by: 'folder-name' });
    expect(batches().reduce((n, b) => n + b.stored, 0)).toBe(3);
    expect(rows().filter((x) => x.deviceNumber === '0001234')).toHaveLength(3);
    expect(new Set(all.map((r) => r.originalName)).size).toBe(3);
    expect(all.find((r) => r.originalName.endsWith('_0003.MP4'))!.sha256).toBe(sha256sum(clips[3]!));
    // Never deleted: the drop folder is not a recorder.
    expect(fs.readdirSync(path.join(drop, '0001234')).sort()).toEqual([1, 2, 3].map((i) => name('0001234', ['080000', '090000', '100000'][i - 1]!, i)).sort());
    expect(daemon.stderr()).toMatch(/drop folder batch ingested/);
  });

  it('does not take a file still being written, and takes it whole once complete', async () => {
    const dir = path.join(drop, 'card-reader'); // not a device number: the file names tell
    fs.mkdirSync(dir);
    const whole = fs.readFileSync(clips[4]!);
    const slowName = name('0005678', '110000', 1);
    const half = Math.floor(whole.length / 2);
    fs.writeFileSync(path.join(dir, slowName), whole.subarray(0, half));
    // The rest is written by another process, a small piece every 100 ms, so the test's own blocking
    // CLI calls below never pause the copy (a pause longer than the settle time looks like an end).
    const writer = spawn(
      process.execPath,
      ['-e', `
        const fs = require('fs');
        const [src, dst, from] = process.argv.slice(1);
        const whole = fs.readFileSync(src);
        const fd = fs.openSync(dst, 'a');
        let w = Number(from);
        const chunk = Math.max(1, Math.floor((whole.length - w) / 400));
        const tick = setInterval(() => {
          const n = Math.min(chunk, whole.length - w - 1);
          if (n > 0) { fs.writeSync(fd, whole, w, n); w += n; }
        }, 100);
        process.stdin.once('data', () => {
          clearInterval(tick);
          fs.writeSync(fd, whole, w, whole.length - w);
          fs.closeSync(fd);
          process.exit(0);
        });`, clips[4]!, path.join(dir, slowName), String(half)],
      { stdio: ['pipe', 'ignore', 'inherit'] },
    );
    const startedMs = Date.now();
    // A finished file beside it: the batch is taken while the slow one is still being written.
    fs.copyFileSync(clips[1]!, path.join(dir, name('0005678', '120000', 2)));
    // Until the daemon has taken the batch, and for at least settleSeconds + 1 s: the growing file
    // must not be catalogued meanwhile.
    await waitFor('the finished file beside the slow one', () => {
      const r = rows().filter((x) => x.deviceNumber === '0005678');
      expect(r.map((x) => x.originalName)).not.toContain(slowName);
      return r.length === 1 && Date.now() - startedMs >= (SETTLE_SECONDS + 1) * 1000;
    }, 60_000, 100);
    const finished = exitOf(writer);
    writer.stdin!.write('done\n');
    await finished;

    const done = await waitFor('the slow file, complete', () => rows().find((x) => x.originalName === slowName));
    expect(done.sha256).toBe(sha256sum(clips[4]!));
    expect(done.deviceNumber).toBe('0005678');
    expect(sha256sum(path.join(ws.vault, done.vaultPath))).toBe(done.sha256);
    expect(rows().filter((x) => x.originalName === slowName)).toHaveLength(1);
    expect(dropAudits().find((a) => a.target.endsWith('/card-reader'))!.details).toMatch(/"by":"file-names"/);
  });
});

describe('a drop folder reached through a linked folder (/srv -> /data)', () => {
  const ws = makeWorkspace('ev-drop-linked-');
  let daemon: RunningDaemon;
  afterAll(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    ws.cleanup();
  });

  it('stores what is handed in, where before it took nothing and put "ok, 0 stored" on the record', async () => {
    fs.mkdirSync(path.join(ws.dir, 'data', 'handed-in'), { recursive: true });
    fs.symlinkSync(path.join(ws.dir, 'data'), path.join(ws.dir, 'srv'));
    withDockConfig(ws.config, ws.dir, { dock: { mediaRoots: [path.join(ws.dir, 'media-root')], settleSeconds: SETTLE_SECONDS, dropFolders: [path.join(ws.dir, 'srv', 'handed-in')] } });
    expect(runCli(['--config', ws.config, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']).status).toBe(0);
    const clip = path.join(ws.dir, 'clip.mp4');
    makeVideo(clip, 1);
    daemon = startDaemon(ws.config);
    const batch = path.join(ws.dir, 'srv', 'handed-in', '0001234');
    fs.mkdirSync(batch);
    fs.copyFileSync(clip, path.join(batch, name('0001234', '080000', 1)));
    const drops = () => runJson<{ action: string; outcome: string; details: { stored: number } }[]>(['--config', ws.config, 'audit', 'log', '--action', 'dock.drop']);
    const entry = await waitFor('the batch on the record', () => drops()[0], 60_000, 250);
    expect(entry).toMatchObject({ outcome: 'ok', details: { stored: 1 } });
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.sha256)).toEqual([sha256sum(clip)]);
  });
});
