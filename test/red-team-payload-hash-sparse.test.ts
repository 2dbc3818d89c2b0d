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
import { recordingObjectKey } from '../src/core/replication.js';
import { CLI, type RecordingJson } from './support/cli.js';
import { storeClient, type ObjectStore } from './support/object-store.js';
import { replicatingStation, type Workspace } from './support/station.js';
import { queryCatalogue } from './support/tamper.js';

describe('red team: a huge sparse file in a recording’s place', { timeout: 300_000 }, () => {
  let station: ReturnType<typeof replicatingStation>;
  let store: ObjectStore;
  let ws: Workspace;
  let rec: RecordingJson;

  beforeAll(() => {
    station = replicatingStation('ev-rtph-sparse-', 'st-rtph-sparse', [300_000]);
    ({ store, ws } = station);
    rec = station.recordings[0]!;
  }, 300_000);

  afterAll(() => station?.stop(), 120_000);

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
      const s3 = await storeClient(store);
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
