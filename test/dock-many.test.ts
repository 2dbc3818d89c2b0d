/**
 * Many recorders docked together into one dock service (issue 15): each gets its own session at once
 * (none waits for another's to end), `status` shows each one's progress, all finish with every file
 * stored and read back, and the file workers keep their bounded number of copies in flight.
 * The volumes are folders bind-mounted under the media root before the service starts, so its first
 * look at the mount table sees them all docked together.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, withDockConfig } from './support/daemon.js';
import { sha256sum } from './support/fat-volume.js';
import { filesBelow } from './support/files.js';
import { waitFor } from './support/wait.js';

interface Docked {
  mountPoint: string;
  deviceNumber: string | null;
  state: string;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
}

interface Row {
  mount_point: string;
  state: string;
  files_total: number;
  files_done: number;
  bytes_total: number;
  bytes_done: number;
  started_ms: number | null;
  updated_ms: number;
}

const DOCKS = 6; // more than the four sessions the service used to allow at once
const FILES = 2;
const MiB = 1024 * 1024;

describe('many recorders docked at once', () => {
  const ws = makeWorkspace('ev-docks-');
  const mounted: string[] = [];

  afterAll(() => {
    for (const m of mounted) execFileSync('umount', [m]);
    ws.cleanup();
  });

  it('gives each its session at once, shows each one\'s progress in status, and stores every file of all of them', async () => {
    const mediaRoot = withDockConfig(ws.config, ws.dir);
    const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
    const devices = Array.from({ length: DOCKS }, (_, k) => String(4001 + k).padStart(7, '0'));
    for (const d of devices) {
      expect(cli('device', 'add', '--number', d, '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
      expect(cli('device', 'identify', d, '--volume', 'file-names').status).toBe(0);
    }
    const sources = new Map<string, string>(); // original name → source file
    devices.forEach((d, k) => {
      const folder = path.join(ws.dir, 'volumes', d, 'DCIM');
      fs.mkdirSync(folder, { recursive: true });
      for (let i = 1; i <= FILES; i++) {
        const file = path.join(folder, recorderFileName({ device: d, officer: '110101', stamp: `${todayStamp()}0${i}0000`, seq: i }));
        execFileSync('head', ['-c', String((12 + k) * MiB), '/dev/urandom'], { stdio: ['ignore', fs.openSync(file, 'w'), 'inherit'] });
        sources.set(path.basename(file), file);
      }
      const point = path.join(mediaRoot, `rec-${k + 1}`);
      fs.mkdirSync(point);
      execFileSync('mount', ['--bind', path.join(ws.dir, 'volumes', d), point]);
      mounted.push(point);
    });

    const daemon = startDaemon(ws.config);
    const db = await waitFor('the catalogue', () => (fs.existsSync(ws.catalog) ? new Database(ws.catalog, { readonly: true }) : null));
    try {
      // Watched straight from the catalogue (what `status` reads), often, while the docks run.
      const seenIngesting = new Set<string>();
      let mostAtOnce = 0;
      const rows = await waitFor(
        `${DOCKS} docks done`,
        () => {
          const now = db.prepare('SELECT * FROM dock_activity').all() as Row[];
          const ingesting = now.filter((r) => r.state === 'ingesting');
          mostAtOnce = Math.max(mostAtOnce, ingesting.length);
          for (const r of ingesting) if (r.files_total === FILES && r.bytes_total > 0) seenIngesting.add(r.mount_point);
          return now.length === DOCKS && now.every((r) => r.state === 'done' || r.state === 'failed') ? now : null;
        },
        180_000,
        20,
      );
      expect(rows.map((r) => r.state)).toEqual(Array(DOCKS).fill('done'));
      // No dock waited for another to end: every session started before the first one finished.
      const lastStart = Math.max(...rows.map((r) => r.started_ms!));
      const firstEnd = Math.min(...rows.map((r) => r.updated_ms));
      expect(lastStart).toBeLessThan(firstEnd);
      expect(mostAtOnce).toBeGreaterThan(1);
      // Each one's totals were shown while it ran, and its counts reach them.
      expect(seenIngesting.size).toBe(DOCKS);
      for (const r of rows) expect([r.files_done, r.bytes_done]).toEqual([FILES, r.bytes_total]);

      const status = runJson<{ docked: Docked[] }>(['--config', ws.config, 'status']);
      expect(status.docked).toHaveLength(DOCKS);
      for (const d of status.docked) {
        expect(d.state).toBe('done');
        expect(d.files).toEqual({ done: FILES, total: FILES });
        expect(d.bytes.done).toBe(d.bytes.total);
      }
      expect(status.docked.map((d) => d.deviceNumber).sort()).toEqual(devices);

      const stored = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
      expect(stored).toHaveLength(DOCKS * FILES);
      for (const r of stored) expect(r.sha256).toBe(sha256sum(sources.get(r.originalName)!));
      for (const r of stored) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(r.sha256);
      expect(filesBelow(path.join(ws.vault, '.incoming'))).toEqual([]);
    } finally {
      db.close();
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
  }, 240_000);
});
