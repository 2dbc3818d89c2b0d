/**
 * Red team, payload hash (f7532cd): the upload is now signed with the catalogue's SHA-256, so the
 * catalogue's hash is what the store checks against. An attacker with the catalogue (sqlite3 UPDATE)
 * changes it: to 64 characters that are not hex, to the same hash in capitals, to a path-like string,
 * to another valid hash (random). Nothing must be stored, none marked replicated, and the run must not
 * be held. A real Ceph RGW, the built CLI.
 */
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, type RecordingJson } from './support/cli.js';
import { storeClient, type ObjectStore } from './support/object-store.js';
import { replicatingStation, type Workspace } from './support/station.js';
import { queryCatalogue, tamperCatalogue } from './support/tamper.js';

const SIZES = [200_000, 200_001, 200_002, 200_003];

describe('red team: the catalogue’s SHA-256 tampered with', { timeout: 300_000 }, () => {
  let station: ReturnType<typeof replicatingStation>;
  let store: ObjectStore;
  let ws: Workspace;
  let recs: RecordingJson[];
  const cli = (...args: string[]) => station.cli(...args);

  beforeAll(() => {
    station = replicatingStation('ev-rtph-cat-', 'st-rtph-cat', SIZES);
    ({ store, ws } = station);
    recs = station.recordings;
  }, 300_000);

  afterAll(() => station?.stop(), 120_000);

  it('not hex, capitals, path-like, another valid hash: nothing stored, none replicated, each failing', async () => {
    const forged = ['z'.repeat(64), recs[1]!.sha256.toUpperCase(), `../../${'0'.repeat(58)}`, crypto.randomBytes(32).toString('hex')];
    forged.forEach((sha, i) => tamperCatalogue(ws.catalog, `UPDATE recordings SET sha256 = '${sha}' WHERE id = ${recs[i]!.id}`));
    const run = spawnSync(process.execPath, [CLI, '--config', ws.config, '--lang', 'en', 'replicate', 'run'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.signal, 'the run was held').toBeNull();
    expect(run.status).toBe(1);
    expect(queryCatalogue(ws.catalog, 'SELECT recording_id FROM replicas')).toEqual([]);
    const rows = queryCatalogue<{ recording_id: number; last_error_kind: string }>(ws.catalog, "SELECT recording_id, last_error_kind FROM replication_outbox WHERE kind = 'put' ORDER BY recording_id");
    expect(rows.map((r) => r.recording_id).sort()).toEqual(recs.map((r) => r.id).sort());
    // The random valid hash: the store refused the bytes, the vault copy is reported as differing.
    expect(rows.find((r) => r.recording_id === recs[3]!.id)!.last_error_kind).toBe('vault-copy-differs');
    // Not a SHA-256 at all: refused before anything is sent or looked up, told as the catalogue damaged.
    for (const r of rows.filter((x) => x.recording_id !== recs[3]!.id)) expect(r.last_error_kind).toBe('catalogue-damaged');
    for (const r of rows) expect(r.last_error_kind).not.toBe('store-unreachable');
    const s3 = await storeClient(store);
    try {
      const stored = await s3.versions('');
      expect(stored.filter((v) => SIZES.includes(v.size))).toEqual([]);
      expect(stored.filter((v) => v.key.startsWith('recordings/'))).toEqual([]);
    } finally {
      s3.close();
    }
    // Local verify says the vault files do not match the (forged) catalogue.
    const verify = cli('verify', '--json');
    expect(verify.status).not.toBe(0);
  });
});
