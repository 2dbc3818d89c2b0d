/**
 * Red team, issue 17, second round: readers that take bytes or metadata back from the store (what is
 * put on the record is in red-team-17b-record.test.ts). Whoever holds the store's keys cannot change or
 * delete a locked version, but can put a new one on top (or a delete marker, or delete a version whose
 * lock ran out). `repair --from s3` and `restore-station` take this station's own version, never the
 * key's latest as such. A real Ceph RGW, the built CLI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../src/core/audit-chain.js';
import { metadataKey, recordingObjectKey, type RecordingMetadata } from '../src/core/replication.js';
import { runCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { storeClient } from './support/store-client.js';
import { queryCatalogue, tamperCatalogue } from './support/tamper.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const STATION = 'st-rt17b';
const BUCKET = 'evidence';
const DAY = 86_400_000;
const parse = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};
const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

interface RepairJson {
  restored: { id: number; from: string }[];
  unresolved: { id: number; reason: string }[];
}

describe('red team: what is read back from the store (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  let volume: Mounted;
  let recs: RecordingJson[];
  /** Past its retention: its lock is the shortest the store takes, and runs out within seconds. */
  let past: RecordingJson;
  let raw: S3Client;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);
  const putVersions = () => new Map(parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.put', '--json')).map((e) => [e.details.recordingId as number, e.details]));
  /** A version put on top of `key` by someone holding the store's keys, with the user metadata they chose. */
  const putOnTop = async (key: string, body: Buffer | string, meta: Record<string, string>) =>
    (await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: meta, ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(Date.now() + DAY) }))).VersionId!;
  const bytesOf = (r: RecordingJson) => fs.readFileSync(path.join(ws.vault, r.vaultPath));

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rt17b-', STATION);
    volume = dockRecorder(ws, [...[1, 2, 3, 4].map((d) => ({ stamp: `2026080${d}090000`, size: 1024 * 1024 + d * 1000 })), { stamp: '20200301090000', size: 300_000 }]);
    ingestDocked(ws, volume);
    recs = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    past = recs.shift()!;
    for (const args of [['hold', 'add', '--recording', String(recs[0]!.id), '--reason', 'complaint'], ['replicate', 'run']]) {
      const r = cli(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    raw = new S3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey } });
  }, 240_000);

  afterAll(() => {
    raw?.destroy();
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('repair --from s3 never places another station’s version of the bytes, even identical: none of this station’s left is said, naming key and what to try', async () => {
    const key = recordingObjectKey(past.sha256);
    const mine = putVersions().get(past.id)!.versionId as string;
    const s3 = storeClient(store, BUCKET);
    try {
      // Past retention, its lock runs out in seconds: then whoever holds the keys can delete the station's version.
      for (const end = Date.now() + 90_000; (await s3.tryDelete(key, mine)) !== undefined; ) {
        if (Date.now() > end) throw new Error('the lock of a recording past its retention did not run out');
        await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      s3.close();
    }
    const genuine = bytesOf(past);
    await putOnTop(key, crypto.randomBytes(genuine.length), { sha256: past.sha256, station: STATION, recording: String(past.id) });
    await putOnTop(key, genuine, { sha256: past.sha256, station: 'st-elsewhere', recording: '7' });
    fs.rmSync(path.join(ws.vault, past.vaultPath));

    const r = cli('repair', String(past.id), '--from', 's3', '--json');
    expect(r.status, r.stderr).toBe(1);
    expect(fs.existsSync(path.join(ws.vault, past.vaultPath))).toBe(false);
    const out = parse<RepairJson>(r);
    expect(out.restored).toEqual([]);
    const reason = out.unresolved.find((u) => u.id === past.id)!.reason;
    for (const part of [key, `station ${STATION}`, past.sha256, `repair ${past.id} --from PATH`, 'hashes to']) expect(reason).toContain(part);
  });

  it('repair --from s3 takes this station’s own version when its replica names one that is not (another station’s identical bytes on top)', async () => {
    const rec = recs[3]!;
    const key = recordingObjectKey(rec.sha256);
    const mine = putVersions().get(rec.id)!.versionId as string;
    const theirs = await putOnTop(key, bytesOf(rec), { sha256: rec.sha256, station: 'st-elsewhere', recording: '8' });
    // The replica names a version that is not this station's copy (as a restore that trusted a head's claim left it).
    tamperCatalogue(ws.catalog, `UPDATE replicas SET version_id = 'not-a-version-of-ours' WHERE recording_id = ${rec.id}`);
    fs.rmSync(path.join(ws.vault, rec.vaultPath));

    const r = cli('repair', String(rec.id), '--from', 's3', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(parse<RepairJson>(r).restored).toEqual([expect.objectContaining({ id: rec.id, from: expect.stringContaining(`versionId=${mine}`) })]);
    expect(sha256(bytesOf(rec))).toBe(rec.sha256);
    const entry = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'repair.restore', '--json')).at(-1)!;
    expect(entry.details).toMatchObject({ store: { key, versionId: mine }, replicaVersionBefore: 'not-a-version-of-ours' });
    expect(entry.details.store).not.toMatchObject({ versionId: theirs });
    // The replica names the version read back equal from now on (the one a refresh extends the lock of).
    expect(queryCatalogue<{ v: string }>(ws.catalog, 'SELECT version_id AS v FROM replicas WHERE recording_id = ?', rec.id)).toEqual([{ v: mine }]);
  });

  describe('restore-station', () => {
    let fresh: Workspace;
    let report: {
      notRestored: { id: number | null; reason: string }[];
      onlyInTrail: { id: number }[];
      laterVersions: { id: number; key: string; taken: string; by: string; later: string[] }[];
      notOnTrail: { id: number; vaultPath: string; key: string }[];
    };
    let status: number;
    const onFresh = (...args: string[]) => runCli(['--config', fresh.config, '--lang', 'en', ...args]);
    /** What the attacker did, for the checks. */
    const forged = { metadata: '', bytesOwnClaim: '', bytesTheirs: '', bytesShortLock: '', fakePath: '' };

    beforeAll(async () => {
      const [held, twice, hidden] = [recs[0]!, recs[1]!, recs[2]!];
      // A metadata version on top of the held recording's: no hold, another officer, another vault path.
      const s3 = storeClient(store, BUCKET);
      const m = await s3.json<RecordingMetadata>(metadataKey(STATION, held.id)).finally(() => s3.close());
      expect(m.holds).toHaveLength(1);
      forged.metadata = await putOnTop(metadataKey(STATION, held.id), JSON.stringify({ ...m, holds: [], officer: { id: '999999', name: '冒名', unit: null }, writtenAt: new Date().toISOString() }), {});
      // A recording the station never had: bytes and metadata made up by whoever holds the keys, named by no trail entry.
      const fake = crypto.randomBytes(50_000);
      const fakeSha = sha256(fake);
      await putOnTop(recordingObjectKey(fakeSha), fake, { sha256: fakeSha, station: STATION, recording: '9000' });
      const fakePath = held.vaultPath.replace(/[^/]+$/, 'FAKE_9000.MP4');
      await putOnTop(metadataKey(STATION, 9000), JSON.stringify({ ...m, recordingId: 9000, sha256: fakeSha, size: fake.length, objectKey: recordingObjectKey(fakeSha), vaultPath: fakePath, originalName: 'FAKE_9000.MP4', holds: [], cases: [] }), {});
      forged.fakePath = fakePath;
      // Bytes: a version claiming to be this station's (garbage), then another station's identical bytes on top.
      const key = recordingObjectKey(twice.sha256);
      forged.bytesOwnClaim = await putOnTop(key, crypto.randomBytes(twice.size), { sha256: twice.sha256, station: STATION, recording: String(twice.id) });
      forged.bytesTheirs = await putOnTop(key, bytesOf(twice), { sha256: twice.sha256, station: 'st-elsewhere', recording: '9' });
      // The very bytes, claiming to be this station's, under a lock of a day: the station's own upload (locked to the retention end) is older.
      forged.bytesShortLock = await putOnTop(recordingObjectKey(hidden.sha256), bytesOf(hidden), { sha256: hidden.sha256, station: STATION, recording: String(hidden.id) });
      // A delete marker on a metadata key: it hides the key from a listing of keys, not its versions.
      await raw.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: metadataKey(STATION, hidden.id) }));

      fresh = makeStation(store, 'ev-rt17b-new-', STATION, { concurrency: 1 });
      const r = onFresh('restore-station', '--json');
      status = r.status;
      report = parse(r);
      expect(r.stderr).not.toContain('unexpected');
    }, 240_000);

    afterAll(() => fresh?.cleanup(), 60_000);

    it('reads each metadata object at the version the trail says the station put, lists the later one, and a delete marker hides nothing', () => {
      const [held, , hidden] = [recs[0]!, recs[1]!, recs[2]!];
      const row = (id: number) => queryCatalogue<{ vaultPath: string; officer: string | null }>(fresh.catalog, 'SELECT vault_path AS vaultPath, officer_id AS officer FROM recordings WHERE id = ?', id);
      expect(row(held.id)).toEqual([{ vaultPath: held.vaultPath, officer: '110101' }]);
      expect(queryCatalogue(fresh.catalog, 'SELECT 1 FROM holds WHERE recording_id = ? AND released_at IS NULL', held.id)).toHaveLength(1);
      expect(row(hidden.id)).toEqual([{ vaultPath: hidden.vaultPath, officer: '110101' }]);
      expect(sha256(fs.readFileSync(path.join(fresh.vault, hidden.vaultPath)))).toBe(hidden.sha256);
      expect(report.onlyInTrail).toEqual([]);
      // The last version the station put, by its trail: the put's, or a refresh's after it (the hold queued one).
      const named = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate', '--json')).filter((e) => e.details.recordingId === held.id && typeof e.details.metadataVersionId === 'string');
      expect(named.length).toBeGreaterThan(0);
      // Indistinguishable from one sent after the last segment, so restored, but listed to be checked.
      expect(report.notOnTrail).toEqual([{ id: 9000, vaultPath: forged.fakePath, key: metadataKey(STATION, 9000) }]);
      expect(report.laterVersions).toEqual([{ id: held.id, key: metadataKey(STATION, held.id), taken: named.at(-1)!.details.metadataVersionId, by: 'trail', later: [forged.metadata] }]);
    });

    it('places this station’s own version of the bytes, not a version claiming to be its own nor another station’s identical one, and its replica names it', () => {
      const twice = recs[1]!;
      const mine = putVersions().get(twice.id)!.versionId as string;
      expect(sha256(fs.readFileSync(path.join(fresh.vault, twice.vaultPath)))).toBe(twice.sha256);
      const placed = parse<AuditEntry[]>(onFresh('audit', 'log', '--action', 'restore-station.place', '--json')).find((e) => e.details.recordingId === twice.id)!;
      // The station's own upload is older than any version put on top claiming to be it: taken from the start.
      expect(placed.details).toMatchObject({ store: { versionId: mine } });
      expect(placed.details.replicaVersionBefore).toBeUndefined();
      expect(queryCatalogue<{ v: string }>(fresh.catalog, 'SELECT version_id AS v FROM replicas WHERE recording_id = ?', twice.id)).toEqual([{ v: mine }]);
      // Identical bytes claiming to be the station's, put on top with a short lock: the replica is the station's own upload.
      const hidden = recs[2]!;
      const hiddenMine = putVersions().get(hidden.id)!.versionId as string;
      expect(queryCatalogue<{ v: string }>(fresh.catalog, 'SELECT version_id AS v FROM replicas WHERE recording_id = ?', hidden.id)).toEqual([{ v: hiddenMine }]);
      expect(hiddenMine).not.toBe(forged.bytesShortLock);
    });

    it('says per recording when the store holds none of its own versions of the bytes, and places nothing foreign', () => {
      expect(status).toBe(1);
      expect(fs.existsSync(path.join(fresh.vault, past.vaultPath))).toBe(false);
      const miss = report.notRestored.find((n) => n.id === past.id)!;
      expect(miss.reason).toContain(`no version of ${recordingObjectKey(past.sha256)} in the store is this station's copy`);
      expect(report.notRestored.map((n) => n.id)).toEqual([past.id]);
      // Run again (it carries on): the human text says both, in either language.
      const en = onFresh('restore-station');
      expect(en.status).toBe(1);
      expect(en.stdout).toContain(`not from ${forged.metadata}`);
      expect(en.stdout).toContain(`no version of ${recordingObjectKey(past.sha256)}`);
      const zh = runCli(['--config', fresh.config, '--lang', 'zh', 'restore-station']);
      expect(zh.stdout).toContain(`未采用 ${forged.metadata}`);
      expect(zh.stdout).toContain(`录像 #9000：${forged.fakePath}`);
      expect(en.stdout).toContain('Recordings whose metadata no entry of the restored trail names (1;');
    });

    it('a whole trail rewritten, rechained and put back on top to name the forged metadata version is refused, naming the segment', async () => {
      const held = recs[0]!;
      const s3 = storeClient(store, BUCKET);
      const segments = (await s3.versions(`stations/${STATION}/trail/`)).map((v) => v.key).filter((k, i, all) => all.indexOf(k) === i).sort();
      const texts = await Promise.all(segments.map((k) => s3.text(k)));
      s3.close();
      const all = texts.flatMap((t) => t.trim().split('\n').map((l) => JSON.parse(l) as AuditEntry));
      const at = all.findIndex((e) => e.action === 'replicate.put' && e.details.recordingId === held.id);
      expect(at).toBeGreaterThanOrEqual(0);
      all[at] = { ...all[at]!, details: { ...all[at]!.details, metadataVersionId: forged.metadata } };
      for (let i = at; i < all.length; i++) {
        const { prevHash: _p, hash: _h, ...fields } = all[i]!;
        all[i] = chainEntry(fields, i === 0 ? GENESIS_HASH : all[i - 1]!.hash);
      }
      let from = 0;
      for (const key of segments) {
        const n = texts[segments.indexOf(key)]!.trim().split('\n').length;
        await putOnTop(key, all.slice(from, from + n).map((e) => JSON.stringify(e)).join('\n') + '\n', {});
        from += n;
      }
      const again = makeStation(store, 'ev-rt17b-again-', STATION);
      try {
        const r = runCli(['--config', again.config, '--lang', 'en', 'restore-station', '--json']);
        expect(r.status, r.stderr).toBe(77);
        expect(r.stderr).toContain('that differs from the one first put');
        expect(queryCatalogue(again.catalog, 'SELECT 1 FROM recordings')).toHaveLength(0);
      } finally {
        again.cleanup();
      }
    });
  });
});
