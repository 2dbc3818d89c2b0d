/**
 * Red team, payload hash (f7532cd): the vault file is no longer hashed before it is sent, so what root
 * puts in its place must still be refused, with the right kind, storing nothing under the recording's
 * key, and without holding the run: a symlink (to an identical copy, even), a FIFO (no writer), a
 * directory, a longer file, a shorter file, a file of the same size with its very last byte flipped.
 * An untouched recording beside them is replicated. A real Ceph RGW, the built CLI.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingObjectKey } from '../src/core/replication.js';
import { CLI, type RecordingJson } from './support/cli.js';
import { storeClient, type ObjectStore } from './support/object-store.js';
import { replicatingStation, type Workspace } from './support/station.js';
import { flipByte, queryCatalogue } from './support/tamper.js';

const MiB = 1 << 20;
type Attack = 'symlink' | 'fifo' | 'directory' | 'longer' | 'shorter' | 'last-byte' | 'untouched';
const ATTACKS: { attack: Attack; size: number; kind: string | null }[] = [
  { attack: 'symlink', size: 300_000, kind: 'vault-file-unreadable' },
  { attack: 'fifo', size: 300_001, kind: 'vault-file-unreadable' },
  { attack: 'directory', size: 300_002, kind: 'vault-file-unreadable' },
  { attack: 'longer', size: 2 * MiB, kind: 'vault-copy-differs' },
  { attack: 'shorter', size: 2 * MiB + 1, kind: 'vault-copy-differs' },
  { attack: 'last-byte', size: 2 * MiB + 3, kind: 'vault-copy-differs' },
  { attack: 'untouched', size: 300_003, kind: null },
];

describe('red team: what root puts in a vault file’s place is not stored', { timeout: 300_000 }, () => {
  let station: ReturnType<typeof replicatingStation>;
  let store: ObjectStore;
  let ws: Workspace;
  let recs: Map<Attack, RecordingJson>;
  const cli = (...args: string[]) => station.cli(...args);

  beforeAll(() => {
    station = replicatingStation('ev-rtph-file-', 'st-rtph-file', ATTACKS.map((a) => a.size));
    ({ store, ws } = station);
    recs = new Map(ATTACKS.map((a, i) => [a.attack, station.recordings[i]!]));
  }, 300_000);

  afterAll(() => station?.stop(), 120_000);

  it('each is refused with its kind, nothing stored under its key, the run not held; the untouched one goes', async () => {
    const fileOf = (a: Attack) => path.join(ws.vault, recs.get(a)!.vaultPath);
    const spare = path.join(ws.dir, 'spare-copy');
    fs.copyFileSync(fileOf('symlink'), spare);
    fs.rmSync(fileOf('symlink'));
    fs.symlinkSync(spare, fileOf('symlink'));
    fs.rmSync(fileOf('fifo'));
    execFileSync('mkfifo', [fileOf('fifo')]);
    fs.rmSync(fileOf('directory'));
    fs.mkdirSync(fileOf('directory'));
    fs.chmodSync(fileOf('longer'), 0o644);
    fs.appendFileSync(fileOf('longer'), Buffer.from('x'));
    fs.chmodSync(fileOf('shorter'), 0o644);
    fs.truncateSync(fileOf('shorter'), 2 * MiB);
    flipByte(fileOf('last-byte'), 2 * MiB + 2);

    const started = Date.now();
    const run = spawnSync(process.execPath, [CLI, '--config', ws.config, '--lang', 'en', 'replicate', 'run'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.signal, 'the run was held (killed after 120 s)').toBeNull();
    expect(run.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(60_000);

    const rows = queryCatalogue<{ recording_id: number; last_error_kind: string | null; last_error: string | null }>(
      ws.catalog,
      "SELECT recording_id, last_error_kind, last_error FROM replication_outbox WHERE kind = 'put'",
    );
    const replicas = queryCatalogue<{ recording_id: number }>(ws.catalog, 'SELECT recording_id FROM replicas');
    const status = JSON.parse(cli('replicate', 'status', '--json').stdout) as { failing: number; lastErrorKind: string };
    expect(status.failing).toBe(ATTACKS.length - 1);
    const s3 = await storeClient(store);
    try {
      const seen: Record<string, string | null> = {};
      for (const { attack, kind } of ATTACKS) {
        const r = recs.get(attack)!;
        const versions = await s3.versions(recordingObjectKey(r.sha256));
        if (kind === null) {
          expect(rows.find((x) => x.recording_id === r.id)).toBeUndefined();
          expect(replicas.map((x) => x.recording_id)).toContain(r.id);
          expect(versions).toHaveLength(1);
          continue;
        }
        seen[attack] = rows.find((x) => x.recording_id === r.id)?.last_error_kind ?? null;
        expect(versions, `${attack}: something stored`).toEqual([]);
        expect(replicas.map((x) => x.recording_id), `${attack}: marked replicated`).not.toContain(r.id);
      }
      expect(seen).toEqual(Object.fromEntries(ATTACKS.filter((a) => a.kind).map((a) => [a.attack, a.kind])));
      // Status names the first failing row's kind.
      const first = ATTACKS.filter((a) => a.kind).map((a) => recs.get(a.attack)!.id).sort((a, b) => a - b)[0];
      expect(status.lastErrorKind).toBe(ATTACKS.find((a) => recs.get(a.attack)!.id === first)!.kind);
    } finally {
      s3.close();
    }
  });
});
