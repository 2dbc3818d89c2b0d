/**
 * Red team, payload hash (f7532cd): uploads signed with the catalogue's SHA-256 must go through for
 * every size a recording can have. A zero-byte recording (if ingest takes one) and sizes either side of
 * the 1 MiB read chunk: each is stored once, read back equal, marked replicated; the ETag kept as the
 * replica's md5 is the store's and the MD5 of the bytes; `verify --remote` (with and without `--read`)
 * is clean. A real Ceph RGW, the built CLI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingObjectKey } from '../src/core/replication.js';
import type { RecordingJson } from './support/cli.js';
import { storeClient, type ObjectStore } from './support/object-store.js';
import { replicatingStation, type Workspace } from './support/station.js';
import { queryCatalogue } from './support/tamper.js';

const MiB = 1 << 20;
const SIZES = [0, 1, MiB - 1, MiB, MiB + 1, 2 * MiB, 3 * MiB + 7];

describe('red team: payload-hash uploads of every size', { timeout: 300_000 }, () => {
  let station: ReturnType<typeof replicatingStation>;
  let store: ObjectStore;
  let ws: Workspace;
  let recs: RecordingJson[];
  const cli = (...args: string[]) => station.cli(...args);

  beforeAll(() => {
    station = replicatingStation('ev-rtph-sizes-', 'st-rtph-sizes', SIZES);
    ({ store, ws } = station);
    recs = station.recordings;
  }, 300_000);

  afterAll(() => station?.stop(), 120_000);

  it('ingest takes every size, the zero-byte one included (or says so)', () => {
    const sizes = recs.map((r) => r.size).sort((a, b) => a - b);
    expect(sizes).toEqual([...SIZES].sort((a, b) => a - b));
  });

  it('each is stored once, read back equal, replicated; the md5 kept is the store ETag and the bytes MD5; verify --remote is clean', async () => {
    const run = cli('replicate', 'run');
    expect(run.status, run.stderr).toBe(0);
    const status = JSON.parse(cli('replicate', 'status', '--json').stdout) as { waiting: number; failing: number };
    expect(status).toMatchObject({ waiting: 0, failing: 0 });
    const replicas = queryCatalogue<{ recording_id: number; object_key: string; version_id: string; md5: string }>(ws.catalog, 'SELECT recording_id, object_key, version_id, md5 FROM replicas');
    expect(replicas).toHaveLength(SIZES.length);
    const s3 = await storeClient(store);
    try {
      for (const r of recs) {
        const rep = replicas.find((x) => x.recording_id === r.id)!;
        expect(rep.object_key).toBe(recordingObjectKey(r.sha256));
        const versions = await s3.versions(rep.object_key);
        expect(versions.map((v) => v.versionId)).toEqual([rep.version_id]);
        expect(await s3.readBack(rep.object_key, rep.version_id)).toMatchObject({ sha256: r.sha256, size: r.size });
        const bytes = fs.readFileSync(path.join(ws.vault, r.vaultPath));
        const md5 = crypto.createHash('md5').update(bytes).digest('hex');
        const head = await s3.head(rep.object_key, rep.version_id);
        expect(head).toMatchObject({ size: r.size, sha256: r.sha256, lockMode: 'COMPLIANCE', etag: md5 });
        expect(rep.md5).toBe(md5);
      }
    } finally {
      s3.close();
    }
    const plain = cli('verify', '--remote', '--json');
    expect(plain.status, plain.stdout + plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ checked: SIZES.length, ok: SIZES.length, findingCount: 0, problems: [] });
    const read = cli('verify', '--remote', '--read', '--json');
    expect(read.status, read.stdout + read.stderr).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ checked: SIZES.length, ok: SIZES.length, findingCount: 0, bytesRead: SIZES.reduce((a, b) => a + b, 0) });
  });
});
