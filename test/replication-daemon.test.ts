/**
 * The dock service replicates on its own: footage dropped in is ingested and then, within seconds, in
 * the store, locked and read back; while the gateway is down the service keeps ingesting, the outbox
 * grows, and it catches up once the store answers. The daemon is a real child process, the store a
 * real Ceph RGW.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingObjectKey } from '../src/core/replication.js';
import { makeVideo, recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { storeClient, withReplication } from './support/store-client.js';
import { killAndWait, waitFor } from './support/wait.js';

const BUCKET = 'daemon-evidence';

describe('the dock service replicates what it ingests', () => {
  const ws = makeWorkspace('ev-replication-daemon-');
  const drop = path.join(ws.dir, 'drop');
  let store: ObjectStore;
  let daemon: RunningDaemon;
  const status = () => runJson<{ waiting: number; replicated: number }>(['--config', ws.config, 'replicate', 'status']);
  const rows = () => runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  const dropClips = (folder: string, clips: string[]) => {
    const staged = path.join(ws.dir, `staged-${folder}`);
    fs.mkdirSync(staged);
    clips.forEach((c, i) => makeVideo(path.join(staged, c), 1 + i));
    fs.renameSync(staged, path.join(drop, folder));
  };

  beforeAll(() => {
    store = startObjectStore();
    fs.mkdirSync(drop);
    withDockConfig(ws.config, ws.dir);
    const c = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    fs.writeFileSync(ws.config, JSON.stringify({ ...c, dock: { ...c.dock, dropFolders: [drop], settleSeconds: 0.5 } }, null, 2));
    withReplication(ws.config, store, BUCKET, 'st-daemon');
    daemon = startDaemon(ws.config);
  });

  afterAll(async () => {
    if (daemon) await killAndWait(daemon.child, 'SIGTERM');
    store?.stop();
    ws.cleanup();
  });

  it('puts dropped footage in the store within seconds of its ingest, with no command typed', async () => {
    const stamp = todayStamp();
    dropClips('day-1', [recorderFileName({ stamp: `${stamp}090000`, seq: 1 }), recorderFileName({ stamp: `${stamp}093000`, seq: 2 })]);
    await waitFor('both clips ingested', () => rows().length === 2, 60_000, 200);
    // Soon after ingest (the outbox is polled every 2 s), not at the daily schedule.
    await waitFor('both clips replicated', () => status().replicated === 2, 60_000, 200);
    const s3 = storeClient(store, BUCKET);
    try {
      for (const r of rows()) expect(await s3.sha256(recordingObjectKey(r.sha256))).toBe(r.sha256);
    } finally {
      s3.close();
    }
    expect(daemon.child.exitCode).toBeNull();
  });

  it('keeps ingesting while the gateway is down, and catches up once it answers', async () => {
    store.stopGateway();
    try {
      const stamp = todayStamp();
      dropClips('day-2', [recorderFileName({ stamp: `${stamp}110000`, seq: 3 })]);
      await waitFor('the clip ingested with the store down', () => rows().length === 3, 60_000, 200);
      await waitFor('the outbox to hold it', () => status().waiting === 1, 30_000, 200);
      expect(status().replicated).toBe(2);
    } finally {
      store.startGateway();
    }
    await waitFor('the service to catch up', () => status().replicated === 3, 120_000, 500);
    expect(status().waiting).toBe(0);
    expect(daemon.child.exitCode).toBeNull();
  });
});
