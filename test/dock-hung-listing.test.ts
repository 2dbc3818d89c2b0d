/**
 * A card that hangs before anything is copied (its FUSE process stopped with SIGSTOP as the dock
 * service is about to list the volume) is named as not answering, by its mount point, while it is
 * listed; once it answers the volume is recognised and every file stored. Before, a listing that hung
 * was shown as settling for ever. Never list other processes while a FUSE process is stopped: its pid
 * is read from /proc before, and it is always continued before anything is unmounted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fusePid, mountRecorder, sha256sum } from './support/fat-volume.js';
import { recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, StoppedCardScene, withDockConfig } from './support/daemon.js';
import { waitFor } from './support/wait.js';

interface Docked {
  mountPoint: string;
  deviceNumber: string | null;
  state: string;
  stalledSeconds: number | null;
}

describe('a recorder whose card hangs while its volume is listed', () => {
  const ws = makeWorkspace('ev-hung-list-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const scene = new StoppedCardScene(ws);
  afterAll(() => scene.end());

  it('is named as not answering by its mount point, then recognised and stored once it answers', async () => {
    const root = path.join(ws.dir, 'media-root');
    // Time enough to stop the card after it is mounted and before the service lists it.
    withDockConfig(ws.config, ws.dir, { dock: { mediaRoots: [root], settleSeconds: 3 } });
    expect(cli('device', 'add', '--number', '0004005', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('device', 'identify', '0004005', '--volume', 'file-names').status).toBe(0);
    const clip = path.join(ws.dir, 'clip.bin');
    execFileSync('head', ['-c', String(2 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(clip, 'w'), 'inherit'] });
    const daemon = (scene.daemon = startDaemon(ws.config));
    await waitFor('the service watching', () => /dock daemon watching/.test(daemon.stderr()), 30_000, 50);
    const point = path.join(root, 'rec-e');
    const file = `DCIM/${recorderFileName({ device: '0004005', officer: '110405', stamp: `${todayStamp()}080001`, seq: 1 })}`;
    scene.mount = mountRecorder(path.join(ws.dir, 'e.img'), point, [{ path: file, from: clip }]);
    const card = fusePid(point);
    await scene.stopCard(card);

    const docked = () => runJson<{ docked: Docked[] }>(['--config', ws.config, 'status']).docked.find((d) => d.mountPoint === point);
    await waitFor('the volume shown as not answering', () => docked()?.stalledSeconds != null, 90_000, 250);
    expect(docked()!.deviceNumber).toBeNull(); // not yet recognised: its listing is what hangs

    scene.continueCard(card);
    await waitFor('the volume stored once the card answers', () => docked()?.state === 'done', 120_000, 250);
    expect(docked()!.stalledSeconds).toBeNull();
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.deviceNumber)).toEqual(['0004005']);
    expect(sha256sum(path.join(ws.vault, rows[0]!.vaultPath))).toBe(sha256sum(clip));
  }, 300_000);
});
