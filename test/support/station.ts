/**
 * A station that replicates: a workspace whose config names the test's object store (its `replication`
 * section, written before `init` as an administrator would), and recordings docked on a real FAT32
 * volume. Each recording is random bytes of its own size, so none compresses and no two are alike.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { mountRecorder, type Mounted } from './fat-volume.js';
import { makeWorkspace, runCli, type RecordingJson } from './cli.js';
import { startObjectStore, type ObjectStore } from './object-store.js';

export type Workspace = ReturnType<typeof makeWorkspace>;

export function makeStation(store: ObjectStore, prefix: string, station: string, more: Record<string, unknown> = {}): Workspace {
  return makeWorkspace(prefix, {
    beforeInit: ({ dir }) => {
      const file = path.join(dir, 'config.json');
      const config = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      const credentialsFile = store.credentialsFile(path.join(dir, 'store-credentials.json'));
      config.replication = { endpoint: store.endpoint, bucket: 'evidence', station, credentialsFile, ...more };
      fs.writeFileSync(file, JSON.stringify(config, null, 2));
    },
  });
}

/** Recordings of recorder 0001234 and officer 110101, one per start time (YYYYMMDDhhmmss) and size, docked as a FAT32 volume. */
export function dockRecorder(ws: Workspace, recordings: readonly { stamp: string; size: number }[]): Mounted {
  const media = path.join(ws.dir, 'media');
  fs.mkdirSync(media, { recursive: true });
  const files = recordings.map(({ stamp, size }, i) => {
    const name = `0001234_110101_${stamp}_${String(i + 1).padStart(4, '0')}.MP4`;
    fs.writeFileSync(path.join(media, name), randomBytes(size));
    return { path: `DCIM/100MEDIA/${name}`, from: path.join(media, name) };
  });
  return mountRecorder(path.join(ws.dir, 'recorder.img'), path.join(ws.dir, 'mnt'), files);
}

/** The registers a station starts with, then the docked volume ingested; throws when any step fails. */
export function ingestDocked(ws: Workspace, volume: Mounted): void {
  const steps = [
    ['officer', 'add', '--id', '110101', '--name', '张三', '--unit', '执法一队'],
    ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8', '--serial', 'HK0001234'],
    ['ingest', volume.mountPoint, '--device', '0001234'],
  ];
  for (const args of steps) {
    const r = runCli(['--config', ws.config, ...args]);
    if (r.status !== 0) throw new Error(`${args.join(' ')} (${r.status}): ${r.stderr}`);
  }
}

/**
 * A store of its own, a station replicating to it and one docked recorder whose recordings have the
 * given sizes (one an hour from 2026-08-05 00:00), ingested: the setup of a file that attacks
 * replication. `recordings` in the order of `sizes`; `stop` undoes it all.
 */
export function replicatingStation(prefix: string, station: string, sizes: readonly number[]) {
  const store = startObjectStore();
  const ws = makeStation(store, prefix, station);
  const volume = dockRecorder(
    ws,
    sizes.map((size, i) => ({ stamp: `20260805${String(i).padStart(2, '0')}0000`, size })),
  );
  ingestDocked(ws, volume);
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);
  const listed = JSON.parse(cli('recordings', 'list', '--json').stdout) as RecordingJson[];
  // Sizes are unique within a test's list: each recording is found by its own.
  const recordings = sizes.map((size) => {
    const found = listed.find((r) => r.size === size);
    if (!found) throw new Error(`no recording of ${size} bytes was ingested (${listed.length} were)`);
    return found;
  });
  return {
    store,
    ws,
    recordings,
    cli,
    stop() {
      volume.unmount();
      ws.cleanup();
      store.stop();
    },
  };
}
