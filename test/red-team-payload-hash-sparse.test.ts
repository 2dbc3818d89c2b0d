/**
 * Red team, payload hash (f7532cd): a vault file of another size is not sent ("the answer is the same
 * refusal"), and the refusal is then explained by hashing the vault file. Root puts a huge sparse file
 * in a recording's place (`truncate -s 128G`): nothing is stored, the recording fails as a vault copy
 * that differs, and the run must not spend minutes hashing zeros to say what the size already said.
 * A real Ceph RGW, the built CLI.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectObjectStore } from '../src/adapters/object-store.js';
import { recordingObjectKey } from '../src/core/replication.js';
import { CLI, runCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { queryCatalogue } from './support/tamper.js';

describe('red team: a huge sparse file in a recording’s place', { timeout: 300_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  let volume: Mounted;
  let rec: RecordingJson;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rtph-sparse-', 'st-rtph-sparse');
    volume = dockRecorder(ws, [{ stamp: '20260805090000', size: 300_000 }]);
    ingestDocked(ws, volume);
    rec = (JSON.parse(cli('recordings', 'list', '--json').stdout) as RecordingJson[])[0]!;
  }, 300_000);

  afterAll(() => {
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('is refused as a vault copy that differs, at once, nothing stored', async () => {
    const file = path.join(ws.vault, rec.vaultPath);
    fs.chmodSync(file, 0o644);
    fs.truncateSync(file, 128 * 2 ** 30);
    try {
      const started = Date.now();
      const run = spawnSync(process.execPath, [CLI, '--config', ws.config, '--lang', 'en', 'replicate', 'run'], { encoding: 'utf8', timeout: 60_000 });
      expect(run.signal, 'the run was held (killed after 60 s)').toBeNull();
      expect(run.status).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      const [row] = queryCatalogue<{ last_error_kind: string; last_error: string }>(ws.catalog, "SELECT last_error_kind, last_error FROM replication_outbox WHERE kind = 'put'");
      expect(row!.last_error_kind).toBe('vault-copy-differs');
      expect(row!.last_error).toContain(rec.vaultPath);
      expect(row!.last_error).toContain('bytes, not the catalogue');
      expect(queryCatalogue(ws.catalog, 'SELECT recording_id FROM replicas')).toEqual([]);
      const s3 = await connectObjectStore({ endpoint: store.endpoint, bucket: 'evidence', region: 'us-east-1', forcePathStyle: true }, { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey });
      try {
        expect(await s3.versions(recordingObjectKey(rec.sha256))).toEqual([]);
      } finally {
        s3.close();
      }
    } finally {
      fs.truncateSync(file, 0);
    }
  });
});
