/**
 * Replication to a real Ceph object store (RADOS Gateway, S3 Object Lock), started for this file:
 * recordings ingested from a real FAT32 volume land in the store under a COMPLIANCE lock, equal to
 * their source; the store refuses deleting them or shortening their lock; a hold extends the lock; a
 * kill -9 mid-upload and a stopped gateway lose nothing; the store catches a consistent rewrite of the
 * station's trail; lawful disposal reaches the store.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../src/core/retention-policy.js';
import { metadataKey, recordingObjectKey, type RecordingMetadata } from '../src/core/replication.js';
import { instantOf } from '../src/core/zoned-time.js';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makePhoto, makeVideo } from './support/media.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { storeClient, withReplication } from './support/store-client.js';
import { queryCatalogue, rewriteTrailWithout } from './support/tamper.js';
import { seedRecording } from './support/seed-recordings.js';
import { exitOf, killAndWait, waitFor } from './support/wait.js';

const BUCKET = 'bureau-evidence';

interface Status {
  waiting: number;
  replicated: number;
  failing: number;
  disposals: number;
  trailSentThrough: number;
}
interface RunJson {
  put: number;
  bytes: number;
  failed: number;
  disposed: number;
  waitingOnLocks: number;
}

/** The start of the day after `date`, in Shanghai: when a lock through `date` runs out. */
const startOfDayAfter = (date: string) => {
  const [y, m, d] = addDays(date, 1).split('-').map(Number) as [number, number, number];
  return instantOf({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, 'Asia/Shanghai');
};

describe('replication to an S3 object store with Object Lock', () => {
  let store: ObjectStore;
  let s3: ReturnType<typeof storeClient>;
  let volume: Mounted;
  const ws = makeWorkspace('ev-replication-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const json = <T>(...args: string[]) => runJson<T>(['--config', ws.config, ...args]);
  const sources: Record<string, string> = {};

  beforeAll(() => {
    store = startObjectStore();
    s3 = storeClient(store, BUCKET);
    withReplication(ws.config, store, BUCKET, 'st-01');
    const media = path.join(ws.dir, 'media');
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'a.mp4'), 1);
    makeVideo(path.join(media, 'b.mp4'), 2);
    makePhoto(path.join(media, 'p.jpg'));
    const files = [
      { path: 'DCIM/100MEDIA/0001234_110101_20261120093000_0001.MP4', from: path.join(media, 'a.mp4') },
      { path: 'DCIM/100MEDIA/0001234_110101_20261120100000_0002.MP4', from: path.join(media, 'b.mp4') },
      { path: 'PHOTO/0001234_110101_20261120101500_0003.JPG', from: path.join(media, 'p.jpg') },
    ];
    for (const f of files) sources[path.basename(f.path)] = sha256sum(f.from);
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), files);
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    const ingest = cli('ingest', volume.mountPoint, '--device', '0001234', '--json');
    expect(ingest.status, ingest.stderr).toBe(0);
  });

  afterAll(() => {
    s3?.close();
    volume?.unmount();
    store?.stop();
    ws.cleanup();
  });

  it('puts every recording ingested from a FAT32 volume in the store, equal to its source, locked to its retention end', async () => {
    expect(json<Status>('replicate', 'status').waiting).toBe(3);
    const run = json<RunJson>('replicate', 'run');
    expect(run).toMatchObject({ put: 3, failed: 0 });
    const rows = json<RecordingJson[]>('recordings', 'list');
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      const key = recordingObjectKey(r.sha256);
      expect(await s3.sha256(key)).toBe(sources[r.originalName]);
      expect(r.sha256).toBe(sources[r.originalName]);
      const lock = await s3.retention(key);
      expect(lock.mode).toBe('COMPLIANCE');
      expect(lock.until?.toISOString()).toBe(startOfDayAfter(addMonths(r.localDate, 6)).toISOString());
      const meta = await s3.json<RecordingMetadata>(metadataKey('st-01', r.id));
      expect(meta).toMatchObject({ format: 'evidence-vault/recording@1', station: 'st-01', recordingId: r.id, sha256: r.sha256, recorder: '0001234', originalName: r.originalName, disposed: null });
    }
    expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 0, replicated: 3, failing: 0 });
    const remote = runCli(['--config', ws.config, 'verify', '--remote', '--read', '--json']);
    expect(remote.status, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({ problems: [], checked: 3, ok: 3, findingCount: 0 });
  });

  it('the store refuses to delete a replicated recording or shorten its lock, even to the station’s own keys', async () => {
    const [r] = json<RecordingJson[]>('recordings', 'list');
    const key = recordingObjectKey(r!.sha256);
    const [version] = await s3.versions(key);
    expect(await s3.tryDelete(key, version!.versionId)).toBe('AccessDenied');
    const lock = await s3.retention(key, version!.versionId);
    expect(await s3.tryShorten(key, version!.versionId, new Date(lock.until!.getTime() - 86_400_000))).toBe('AccessDenied');
    expect(await s3.sha256(key)).toBe(r!.sha256);
  });

  it('a permanent hold extends the lock in the store (never shortens it), and the metadata says so', async () => {
    const [r] = json<RecordingJson[]>('recordings', 'list');
    expect(cli('hold', 'add', '--recording', String(r!.id), '--reason', 'complaint', '--note', '投诉').status).toBe(0);
    expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 0 });
    expect(json<RunJson>('replicate', 'run').failed).toBe(0);
    const lock = await s3.retention(recordingObjectKey(r!.sha256));
    expect(lock.until?.toISOString()).toBe(startOfDayAfter('2099-12-31').toISOString());
    const meta = await s3.json<RecordingMetadata>(metadataKey('st-01', r!.id));
    expect(meta.holds).toEqual([{ reason: 'complaint', permanent: false }]);
    const remote = runCli(['--config', ws.config, 'verify', '--remote', '--json']);
    expect(JSON.parse(remote.stdout).findingCount).toBe(0);
  });

  it('a stopped gateway: the outbox grows, nothing is lost, and it catches up once the store answers', () => {
    const drop = path.join(ws.dir, 'drop-1');
    fs.mkdirSync(drop);
    makeVideo(path.join(drop, '0001234_110101_20261121093000_0004.MP4'), 3);
    makeVideo(path.join(drop, '0001234_110101_20261121100000_0005.MP4'), 4);
    store.stopGateway();
    try {
      expect(cli('ingest', drop, '--device', '0001234').status).toBe(0);
      const run = cli('replicate', 'run');
      expect(run.status).toBe(75);
      expect(run.stderr).toContain('cannot reach the object store');
      expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 2, replicated: 3 });
      // `status` shows the lag too, from the catalogue alone.
      expect(json<{ replication: { waiting: number; oldestLocalDate: string } }>('status').replication).toMatchObject({ waiting: 2, oldestLocalDate: '2026-11-21' });
    } finally {
      store.startGateway();
    }
    expect(json<RunJson>('replicate', 'run')).toMatchObject({ put: 2, failed: 0 });
    expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 0, replicated: 5 });
  });

  it('kill -9 mid-upload: the recording stays queued, and the next run stores it once, as one object version', async () => {
    const drop = path.join(ws.dir, 'drop-2');
    fs.mkdirSync(drop);
    const big = path.join(drop, '0001234_110101_20261122093000_0006.MP4');
    fs.writeFileSync(big, crypto.randomBytes(160 * 1024 * 1024));
    const sha = sha256sum(big);
    expect(cli('ingest', drop, '--device', '0001234').status).toBe(0);
    const child = startCli(['--config', ws.config, 'replicate', 'run']);
    // Past the hash pass (the whole file read once) and a fifth into the upload's read of it.
    await waitFor('the upload under way', () => {
      if (child.exitCode !== null) return true;
      const io = fs.readFileSync(`/proc/${child.pid}/io`, 'utf8');
      return Number(/rchar: (\d+)/.exec(io)?.[1] ?? 0) > 1.2 * 160 * 1024 * 1024;
    }, 60_000, 20);
    await killAndWait(child);
    expect(json<Status>('replicate', 'status').waiting).toBeLessThanOrEqual(1);
    expect((await s3.versions(recordingObjectKey(sha))).length).toBeLessThanOrEqual(1);
    expect(json<RunJson>('replicate', 'run').failed).toBe(0);
    expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 0, replicated: 6 });
    const versions = await s3.versions(recordingObjectKey(sha));
    expect(versions).toHaveLength(1);
    expect(await s3.sha256(recordingObjectKey(sha), versions[0]!.versionId)).toBe(sha);
  });

  it('two replicate runs at once never send the same recording twice', async () => {
    const drop = path.join(ws.dir, 'drop-3');
    fs.mkdirSync(drop);
    for (let i = 0; i < 4; i++) makeVideo(path.join(drop, `0001234_110101_2026112310${i}000_00${10 + i}.MP4`), 1 + i);
    expect(cli('ingest', drop, '--device', '0001234').status).toBe(0);
    const a = startCli(['--config', ws.config, 'replicate', 'run', '--json']);
    const b = startCli(['--config', ws.config, 'replicate', 'run', '--json']);
    expect(await Promise.all([exitOf(a), exitOf(b)])).toEqual([0, 0]);
    expect(json<Status>('replicate', 'status')).toMatchObject({ waiting: 0, failing: 0 });
    for (const r of json<RecordingJson[]>('recordings', 'list').filter((x) => x.originalName.includes('_2026112310'))) {
      expect(await s3.versions(recordingObjectKey(r.sha256))).toHaveLength(1);
      expect(await s3.versions(metadataKey('st-01', r.id))).toHaveLength(1);
    }
  });

  it('audit verify --anchor store holds the live trail to the store’s segments and catches a consistent rewrite', () => {
    expect(cli('replicate', 'run').status).toBe(0);
    const clean = runCli(['--config', ws.config, 'audit', 'verify', '--anchor', 'store', '--json']);
    expect(clean.status, clean.stderr).toBe(0);
    expect(JSON.parse(clean.stdout).anchors.length).toBeGreaterThan(0);
    const [victim] = json<RecordingJson[]>('recordings', 'list');
    const removed = rewriteTrailWithout(ws.catalog, ws.vault, path.join(ws.vault, '.audit/audit-trail.jsonl'), victim!.id);
    const caught = runCli(['--config', ws.config, 'audit', 'verify', '--anchor', 'store', '--json']);
    expect(caught.status).toBe(1);
    const report = JSON.parse(caught.stdout) as { anchors: { ok: boolean; seq: number; source: string }[] };
    const failed = report.anchors.filter((a) => !a.ok);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((a) => a.seq >= removed && a.source.startsWith(`s3://${BUCKET}/stations/st-01/trail/`))).toBe(true);
  });

  it('lawful disposal reaches the store: this station’s versions go once their lock has run out, another station’s copy of the same bytes stays', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const old = seedRecording(v, '2020-03-01');
    const sha = v.recordings.get(old)!.sha256;
    await v.close();
    // A recording past its retention end gets the shortest lock the store takes.
    expect(json<RunJson>('replicate', 'run').put).toBe(1);
    expect((await s3.versions(recordingObjectKey(sha))).length).toBe(1);
    // Another station holds the same bytes (the same footage handed in there too): its copy is its own.
    const other = makeWorkspace('ev-replication-other-');
    try {
      withReplication(other.config, store, BUCKET, 'st-02');
      const handed = path.join(other.dir, 'handed-in');
      fs.mkdirSync(handed);
      fs.copyFileSync(path.join(ws.vault, queryCatalogue<{ vault_path: string }>(ws.catalog, 'SELECT vault_path FROM recordings WHERE id = ?', old)[0]!.vault_path), path.join(handed, '0005678_220202_20200301090000_0001.MP4'));
      expect(runCli(['--config', other.config, 'ingest', handed]).status).toBe(0);
      expect(runJson<RunJson>(['--config', other.config, 'replicate', 'run']).put).toBe(1);
      expect((await s3.versions(recordingObjectKey(sha))).length).toBe(2);
      expect(cli('operator', 'add', 'zhao', '--name', '赵六', '--role', 'approver').status).toBe(0);
      const disposal = runCli(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '保存期满'], { SUDO_USER: 'zhao' });
      expect(disposal.status, disposal.stderr).toBe(0);
      await waitFor('the disposal to reach the store', () => json<RunJson>('replicate', 'run').disposed === 1, 60_000, 500);
      expect((await s3.json<RecordingMetadata>(metadataKey('st-01', old))).disposed).toMatchObject({ approvedBy: 'zhao', reason: '保存期满' });
      const [t] = queryCatalogue<{ store_removed_at: string | null }>(ws.catalog, 'SELECT store_removed_at FROM tombstones WHERE recording_id = ?', old);
      expect(t!.store_removed_at).not.toBeNull();
      expect(json<Status>('replicate', 'status').disposals).toBe(0);
      // Station 1's version is gone; station 2's stays, whole and locked, and its own check still holds.
      expect(await s3.versions(recordingObjectKey(sha))).toHaveLength(1);
      expect(await s3.sha256(recordingObjectKey(sha))).toBe(sha);
      expect(JSON.parse(runCli(['--config', other.config, 'verify', '--remote', '--read', '--json']).stdout)).toMatchObject({ checked: 1, findingCount: 0 });
    } finally {
      other.cleanup();
    }
  });

  it('refuses a credentials file others can read (or a link in its place), and a bucket without Object Lock', async () => {
    const careless = makeWorkspace('ev-careless-');
    try {
      withReplication(careless.config, store, 'no-lock-bucket', 'st-09');
      const creds = path.join(careless.dir, 'store-credentials.json');
      fs.chmodSync(creds, 0o644);
      const loose = runCli(['--config', careless.config, 'replicate', 'run']);
      expect(loose.status).toBe(2);
      expect(loose.stderr).toContain('can be read by other accounts (mode 644)');
      fs.chmodSync(creds, 0o600);
      fs.renameSync(creds, `${creds}.real`);
      fs.symlinkSync(`${creds}.real`, creds);
      expect(runCli(['--config', careless.config, 'replicate', 'run']).stderr).toContain('cannot read the object store');
      fs.rmSync(creds);
      fs.renameSync(`${creds}.real`, creds);
      // A bucket made without Object Lock (by hand, or by another tool): nothing is sent to it.
      await s3.createPlainBucket('no-lock-bucket');
      const refused = runCli(['--config', careless.config, 'replicate', 'run']);
      expect(refused.status).toBe(77);
      expect(refused.stderr).toContain('does not have Object Lock enabled');
      expect(queryCatalogue<{ n: number }>(careless.catalog, "SELECT count(*) AS n FROM audit_log WHERE action = 'replicate.bucket' AND outcome = 'refused'")[0]!.n).toBe(1);
    } finally {
      careless.cleanup();
    }
  });

  it('a station with no store configured says so, and works as before', async () => {
    const alone = makeWorkspace('ev-alone-');
    try {
      const r = runCli(['--config', alone.config, 'replicate', 'status']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('no object store is configured');
      const read = runCli(['--config', alone.config, 'verify', '--read']);
      expect([read.status, read.stderr.includes('--read goes with --remote')]).toEqual([2, true]);
      const child = startCli(['--config', alone.config, 'replicate', 'run']);
      expect(await exitOf(child)).toBe(2);
    } finally {
      alone.cleanup();
    }
  });
});
