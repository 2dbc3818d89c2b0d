/**
 * `repair --from s3` end to end through the built CLI against a real Ceph RADOS Gateway: recordings
 * ingested from a FAT32 volume and replicated, then one flipped and one deleted in the vault, come back
 * from their replicas through repair's own placement steps; one never replicated is reported as not
 * repairable from the store; a store that cannot be reached stops the run with exit 75, on the record.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { runCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { flipByte } from './support/tamper.js';

interface RepairJson {
  restored: { id: number; vaultPath: string; from: string; problem: string; damagedCopy: string | null }[];
  unresolved: { id: number; vaultPath: string; problem: string; reason: string }[];
  sources: { path: string; kind: string | null; status: string }[];
}
interface VerifyJson {
  ok: boolean;
  problems: { vaultPath: string; kind: string }[];
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const parse = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

describe('repair --from s3', () => {
  let store: ObjectStore;
  let ws: Workspace;
  let volume: Mounted;
  let recs: RecordingJson[];
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);
  const inVault = (r: RecordingJson) => path.join(ws.vault, r.vaultPath);
  const verify = () => parse<VerifyJson>(cli('verify', '--json'));

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-repair-s3-', 'st-repair');
    volume = dockRecorder(ws, [1, 2, 3, 4].map((day) => ({ stamp: `2026080${day}090000`, size: 3 * 1024 * 1024 + day * 1000 })));
    ingestDocked(ws, volume);
    const run = cli('replicate', 'run', '--json');
    expect(run.status, run.stderr).toBe(0);
    recs = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => a.id - b.id);
    expect(recs).toHaveLength(4);
  }, 180_000);

  afterAll(() => {
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('puts back a flipped byte and a deleted file from their replicas, keeps the damaged copy, and verify is clean', () => {
    const [flipped, deleted] = [recs[0]!, recs[1]!];
    flipByte(inVault(flipped), 4096);
    const damagedBytes = sha256(inVault(flipped));
    fs.rmSync(inVault(deleted));
    expect(verify().problems.map((p) => [p.vaultPath, p.kind]).sort()).toEqual([[flipped.vaultPath, 'mismatch'], [deleted.vaultPath, 'missing']].sort());

    const r = cli('repair', '--from', 's3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const out = parse<RepairJson>(r);
    expect(out.unresolved).toEqual([]);
    expect(out.restored.map((x) => [x.id, x.problem]).sort()).toEqual([[flipped.id, 'mismatch'], [deleted.id, 'missing']].sort());
    expect(out.sources).toEqual([{ path: `${store.endpoint}/evidence`, kind: 'store', status: 'available' }]);
    const objectKey = (r: RecordingJson) => `recordings/sha256/${r.sha256.slice(0, 2)}/${r.sha256}`;
    for (const x of out.restored) expect(x.from).toMatch(new RegExp(`^${store.endpoint}/evidence/${objectKey(recs.find((r) => r.id === x.id)!)}\\?versionId=.+`));

    expect(verify()).toMatchObject({ ok: true, problems: [] });
    for (const rec of [flipped, deleted]) {
      expect(sha256(inVault(rec))).toBe(rec.sha256);
      expect(fs.statSync(inVault(rec)).mode & 0o777).toBe(0o444);
    }
    const aside = out.restored.find((x) => x.id === flipped.id)!.damagedCopy!;
    expect(aside).toMatch(/^\.repair\/damaged\//);
    expect(sha256(path.join(ws.vault, aside))).toBe(damagedBytes);

    // On the record: who, which recording, from where (endpoint, bucket, key, the version read).
    const trail = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'repair', '--json'));
    const restores = trail.filter((e) => e.action === 'repair.restore' && e.outcome === 'ok');
    expect(restores.map((e) => e.target).sort()).toEqual([flipped.vaultPath, deleted.vaultPath].sort());
    const replicas = new Map(parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.put', '--json')).map((e) => [e.details.recordingId, e.details.versionId]));
    for (const e of restores) {
      const rec = recs.find((x) => x.id === e.details.recordingId)!;
      expect(e).toMatchObject({ operator: expect.any(String), role: 'admin', at: expect.any(String) });
      expect(e.details).toMatchObject({ sourceKind: 'store', sha256: rec.sha256, store: { endpoint: store.endpoint, bucket: 'evidence', key: objectKey(rec), versionId: replicas.get(rec.id) } });
    }
    expect(trail.at(-1)).toMatchObject({ action: 'repair', outcome: 'ok', details: { restored: [flipped.id, deleted.id].sort((a, b) => a - b), unresolved: [] } });
  });

  it('reports a recording that never reached the store as not repairable from it', () => {
    // A recording ingested after the last replication: in the outbox, not in the store.
    const late = path.join(ws.dir, 'late', 'DCIM');
    fs.mkdirSync(late, { recursive: true });
    fs.writeFileSync(path.join(late, '0001234_110101_20260809090000_0009.MP4'), Buffer.alloc(300_000, 9));
    expect(cli('ingest', path.dirname(late), '--device', '0001234').status).toBe(0);
    const rec = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).find((r) => r.originalName.endsWith('_0009.MP4'))!;
    fs.rmSync(inVault(rec));

    const r = cli('repair', String(rec.id), '--from', 's3', '--json');
    expect(r.status).toBe(1);
    const out = parse<RepairJson>(r);
    expect(out.restored).toEqual([]);
    expect(out.unresolved).toEqual([expect.objectContaining({ id: rec.id, problem: 'missing', reason: expect.stringContaining('not repairable from the store: it has no replica there') })]);
    const failed = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'repair.restore', '--outcome', 'failed', '--json'));
    expect(failed.at(-1)).toMatchObject({ target: rec.vaultPath, details: { recordingId: rec.id, searched: [`${store.endpoint}/evidence`] } });

    // The store and a folder together: the folder that still holds it puts it back.
    const again = parse<RepairJson>(cli('repair', String(rec.id), '--from', 's3', '--from', path.dirname(late), '--json'));
    expect(again.restored).toEqual([expect.objectContaining({ id: rec.id, from: path.join(late, '0001234_110101_20260809090000_0009.MP4') })]);
    expect(sha256(inVault(rec))).toBe(rec.sha256);
  });

  it('stops with exit 75 when the store cannot be reached, changing nothing, on the record', () => {
    const rec = recs[2]!;
    fs.rmSync(inVault(rec));
    store.stopGateway();
    try {
      const r = cli('repair', '--from', 's3');
      expect(r.status, r.stderr).toBe(75);
      expect(r.stderr).toContain(`cannot reach the object store at ${store.endpoint}`);
      expect(fs.existsSync(inVault(rec))).toBe(false);
      const last = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'repair', '--json')).at(-1)!;
      expect(last).toMatchObject({ action: 'repair', outcome: 'failed', details: { from: ['s3'] } });
    } finally {
      store.startGateway();
    }
    const out = parse<RepairJson>(cli('repair', '--from', 's3', '--json'));
    expect(out.restored.map((x) => x.id)).toEqual([rec.id]);
    expect(verify().ok).toBe(true);
  });

  it('is refused on a station with no store configured', () => {
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    const alone = path.join(ws.dir, 'alone.json');
    fs.writeFileSync(alone, JSON.stringify({ ...config, replication: null }));
    const r = runCli(['--config', alone, '--lang', 'en', 'repair', '--from', 's3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no object store is configured');
  });
});
