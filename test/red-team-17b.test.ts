/**
 * Red team, issue 17, second round: readers that take bytes or metadata back from the store. Whoever
 * holds the store's keys cannot change or delete a locked version, but can put a new one on top (or a
 * delete marker, or delete a version whose lock ran out). `repair --from s3` and `restore-station` take
 * this station's own version, never the key's latest as such. A real Ceph RGW, the built CLI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../src/core/audit-chain.js';
import { metadataKey, recordingObjectKey, type RecordingMetadata } from '../src/core/replication.js';
import { runCli, startCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { storeClient } from './support/store-client.js';
import { flipByte, queryCatalogue, tamperCatalogue } from './support/tamper.js';
import { exitOf } from './support/wait.js';

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

describe('red team: replication failures on the record (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  let volume: Mounted;
  let rec: RecordingJson;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);
  const entries = (action: string) => parse<AuditEntry[]>(cli('audit', 'log', '--action', action, '--json')).filter((e) => e.action === action);
  /** The back-off's next try made due now, as hours passing would. */
  const due = () => tamperCatalogue(ws.catalog, 'UPDATE replication_outbox SET next_try_ms = 0');

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rt17b-fail-', 'st-rt17b-fail');
    volume = dockRecorder(ws, [{ stamp: '20260805090000', size: 200_000 }]);
    ingestDocked(ws, volume);
    rec = parse<RecordingJson[]>(cli('recordings', 'list', '--json'))[0]!;
  }, 240_000);

  afterAll(() => {
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('a recording failing the same way on every retry is on the record once, again when the error changes; status keeps the current one', () => {
    const file = path.join(ws.vault, rec.vaultPath);
    flipByte(file, 1000);
    for (let i = 0; i < 4; i++) {
      due();
      expect(cli('replicate', 'run').status).toBe(1);
    }
    const first = entries('replicate.put').filter((e) => e.outcome === 'failed');
    expect(first).toHaveLength(1);
    expect(first[0]!.details).toMatchObject({ recordingId: rec.id, attempts: 1 });
    // Another fault of the same copy: a different error, recorded once more.
    flipByte(file, 1000);
    flipByte(file, 2000);
    for (let i = 0; i < 3; i++) {
      due();
      expect(cli('replicate', 'run').status).toBe(1);
    }
    const failed = entries('replicate.put').filter((e) => e.outcome === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[1]!.details.error).not.toBe(failed[0]!.details.error);
    const status = parse<{ failing: number; lastError: string; lastErrorKind: string; lastErrorRecording: number }>(cli('replicate', 'status', '--json'));
    expect(status).toMatchObject({ failing: 1, lastError: failed[1]!.details.error, lastErrorKind: 'vault-copy-differs', lastErrorRecording: rec.id });
    expect(status.lastError).toContain(rec.vaultPath);
    // The text a custodian reads says what failed and what to do, not the vault path, the hashes or the client's internals.
    const en = cli('replicate', 'status');
    expect(en.stdout).toContain(`the first (recording #${rec.id}): the vault's file no longer matches the catalogue's hash (damaged or changed): run evidence-vault verify, then evidence-vault repair`);
    const zh = runCli(['--config', ws.config, '--lang', 'zh', 'replicate', 'status']);
    expect(zh.stdout).toContain('证据库中的文件与目录库记录的哈希不符');
    for (const text of [en.stdout, zh.stdout]) {
      expect(text).not.toContain(rec.vaultPath);
      expect(text).not.toContain(rec.sha256);
    }
    // Put right: it goes, and a later failure of it would be news again.
    flipByte(file, 2000);
    due();
    expect(cli('replicate', 'run').status).toBe(0);
    expect(entries('replicate.put').filter((e) => e.outcome === 'ok')).toHaveLength(1);
  });

  it('a store that cannot be reached is one entry when first found so and one when it answers again, not one per retry', () => {
    store.stopGateway();
    try {
      for (let i = 0; i < 3; i++) {
        due();
        expect(cli('replicate', 'run').status).toBe(75);
      }
      const down = entries('replicate.unreachable');
      expect(down).toHaveLength(1);
      expect(down[0]).toMatchObject({ target: store.endpoint, outcome: 'failed' });
    } finally {
      store.startGateway();
    }
    for (let i = 0; i < 2; i++) expect(cli('replicate', 'run').status).toBe(0);
    const up = entries('replicate.reachable');
    expect(up).toHaveLength(1);
    expect(up[0]).toMatchObject({ target: store.endpoint, outcome: 'ok', details: { unreachableSince: expect.any(String), error: expect.any(String) } });
    expect(entries('replicate.unreachable')).toHaveLength(1);
  });

  it('two runs at once finding the store gone, then back, record each change once', async () => {
    // Something queued, so each run has work that finds the store gone.
    tamperCatalogue(ws.catalog, `INSERT INTO replication_outbox (kind, recording_id, queued_at) VALUES ('refresh', ${rec.id}, '2026-01-01T00:00:00Z')`);
    const both = async () => {
      due();
      const runs = [0, 1].map(() => startCli(['--config', ws.config, '--lang', 'en', 'replicate', 'run']));
      return Promise.all(runs.map((c) => exitOf(c)));
    };
    store.stopGateway();
    try {
      expect(await both()).toEqual([75, 75]);
    } finally {
      store.startGateway();
    }
    expect(entries('replicate.unreachable')).toHaveLength(2);
    expect((await both()).every((code) => code === 0)).toBe(true);
    expect(entries('replicate.reachable')).toHaveLength(2);
  });
});

describe('red team: a recording neither replicated nor queued (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rt17b-lost-', 'st-rt17b-lost');
    const media = path.join(ws.dir, 'media', 'DCIM');
    fs.mkdirSync(media, { recursive: true });
    fs.writeFileSync(path.join(media, '0001234_110101_20260806090000_0001.MP4'), crypto.randomBytes(150_000));
    for (const args of [
      ['officer', 'add', '--id', '110101', '--name', '张三', '--unit', '执法一队'],
      ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8', '--serial', 'HK0001234'],
      ['ingest', path.dirname(media), '--device', '0001234'],
      ['replicate', 'run'],
    ]) {
      const r = cli(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    fs.writeFileSync(path.join(media, '0001234_110101_20260807090000_0002.MP4'), crypto.randomBytes(160_000));
    expect(cli('ingest', path.dirname(media), '--device', '0001234').status).toBe(0);
  }, 240_000);

  afterAll(() => {
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('verify --remote reports it (not silently missing), and replicate run queues it again, on the record', () => {
    const late = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).find((r) => r.originalName.endsWith('_0002.MP4'))!;
    // Its outbox row lost, as a catalogue put back from a backup loses it.
    tamperCatalogue(ws.catalog, `DELETE FROM replication_outbox WHERE recording_id = ${late.id}`);
    const r = cli('verify', '--remote', '--json');
    expect(r.status).toBe(1);
    const out = parse<{ problems: { recordingId: number; kind: string; key: string }[]; notQueued: number; checked: number }>(r);
    expect(out.problems).toEqual([expect.objectContaining({ recordingId: late.id, kind: 'not-replicated', key: recordingObjectKey(late.sha256) })]);
    expect(out).toMatchObject({ notQueued: 1, checked: 1 });
    const en = cli('verify', '--remote');
    expect(en.stdout).toContain(`not-replicated #${late.id} ${late.vaultPath}`);
    expect(en.stdout).toContain('run evidence-vault replicate run');
    const zh = runCli(['--config', ws.config, '--lang', 'zh', 'verify', '--remote']);
    expect(zh.stdout).toContain(`未复制        #${late.id}`);
    expect(zh.stdout).toContain('evidence-vault replicate run');

    const run = cli('replicate', 'run', '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(parse<{ put: number; requeued: number }>(run)).toMatchObject({ put: 1, requeued: 1 });
    const requeue = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.requeue', '--json'));
    expect(requeue).toHaveLength(1);
    expect(requeue[0]!.details).toMatchObject({ recordingIds: { count: 1, first: [late.id] } });
    const clean = cli('verify', '--remote', '--json');
    expect(clean.status).toBe(0);
    expect(parse<{ notQueued: number; checked: number }>(clean)).toMatchObject({ notQueued: 0, checked: 2 });
    // Nothing left to queue: a second run records nothing more.
    expect(cli('replicate', 'run').status).toBe(0);
    expect(parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.requeue', '--json'))).toHaveLength(1);
  });
});
