/**
 * Red team, issue 17: the station's side of replication to an object store with Object Lock, attacked
 * as a hostile holder of the store's keys (the station's root reads them), a careless administrator (a
 * second station under the same name) and bad luck (two runs at once, a crash between the upload and
 * its record, a change on the station while an upload is under way, a FIFO in a vault file's place).
 * A real Ceph RGW; a pausable TCP relay in front of it makes "while the upload is under way" a
 * condition to wait on, not a race to win.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/core/retention-policy.js';
import { metadataKey, parseSegmentKey, recordingObjectKey, segmentPrefix, type RecordingMetadata } from '../src/core/replication.js';
import { recordingFolder } from '../src/core/vault-layout.js';
import { instantOf, isoInZone } from '../src/core/zoned-time.js';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli, startCli, type RecordingJson } from './support/cli.js';
import { makeVideo } from './support/media.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { withReplication } from './support/store-client.js';
import { queryCatalogue, rewriteTrailWithout } from './support/tamper.js';
import { exitOf, killAndWait, waitFor } from './support/wait.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

interface RunJson {
  put: number;
  refreshed: number;
  disposed: number;
  failed: number;
  waitingOnLocks: number;
  trailSegments: number;
}

/** The start of the day after `date`, in Shanghai: when a lock through `date` runs out. */
const startOfDayAfter = (date: string) => {
  const [y, m, d] = addDays(date, 1).split('-').map(Number) as [number, number, number];
  return instantOf({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, 'Asia/Shanghai');
};

/** A TCP relay to the gateway that can be told to stop passing bytes one way once enough went up. */
async function pausableRelay(target: string, rewriteAnswer: (chunk: Buffer) => Buffer = (c) => c) {
  const { hostname, port } = new URL(target);
  const pipes: { client: net.Socket; gateway: net.Socket; held: Buffer[] }[] = [];
  let up = 0;
  let pauseAt = Infinity;
  let which: 'up' | 'down' = 'up';
  let paused = false;
  const server = net.createServer((client) => {
    const gateway = net.connect(Number(port), hostname);
    const pipe = { client, gateway, held: [] as Buffer[] };
    pipes.push(pipe);
    const closeBoth = () => {
      client.destroy();
      gateway.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    // The gateway may close the connection after its answer: while answers are held, the client must not hear that either.
    const gatewayGone = () => (paused && which === 'down' ? undefined : closeBoth());
    gateway.on('error', gatewayGone).on('close', gatewayGone);
    // Answers held back (not dropped) while paused downwards.
    gateway.on('data', (chunk: Buffer) => (paused && which === 'down' ? pipe.held.push(chunk) : client.write(rewriteAnswer(chunk))));
    client.on('data', (chunk: Buffer) => {
      up += chunk.length;
      gateway.write(chunk);
      if (!paused && up > pauseAt) paused = true;
      if (paused && which === 'up') client.pause();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    get endpoint() {
      return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    },
    /** Stop passing bytes `direction` once more than `bytes` more have gone up to the gateway. */
    pauseAfter(bytes: number, direction: 'up' | 'down') {
      pauseAt = up + bytes;
      which = direction;
      paused = false;
    },
    get paused() {
      return paused;
    },
    release() {
      paused = false;
      pauseAt = Infinity;
      for (const p of pipes) {
        for (const chunk of p.held.splice(0)) if (!p.client.destroyed) p.client.write(chunk);
        if (p.gateway.destroyed) p.client.end();
        else if (!p.client.destroyed) p.client.resume();
      }
    },
    close() {
      for (const p of pipes) {
        p.client.destroy();
        p.gateway.destroy();
      }
      server.close();
    },
  };
}

// Each case starts stations and runs the CLI many times: room for a loaded machine (a ceiling, never a wait).
describe('red team: replication to the object store (issue 17)', { timeout: 180_000 }, () => {
  let store: ObjectStore;
  let s3: S3Client;
  const workspaces: { cleanup(): void }[] = [];
  let seeded = 0;

  beforeAll(() => {
    store = startObjectStore();
    s3 = new S3Client({
      endpoint: store.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }, 180_000);

  afterAll(() => {
    s3?.destroy();
    for (const w of workspaces) w.cleanup();
    store?.stop();
  }, 180_000);

  /** A station replicating to `bucket` under `name`, with one recorder in its register. */
  function station(bucket: string, name: string) {
    const ws = makeWorkspace(`ev-rt17-${name}-`);
    workspaces.push(ws);
    withReplication(ws.config, store, bucket, name);
    const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
    const json = <T>(...args: string[]): T => {
      const r = cli(...args, '--json');
      if (!r.stdout.trim()) throw new Error(`${args.join(' ')} (${r.status}): ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    };
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    /** The same station's catalogue and vault through another config: the store reached at `endpoint`. */
    const through = (endpoint: string) => {
      const c = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as { replication: Record<string, unknown> };
      const file = path.join(ws.dir, `config-${crypto.randomBytes(4).toString('hex')}.json`);
      fs.writeFileSync(file, JSON.stringify({ ...c, replication: { ...c.replication, endpoint } }, null, 2));
      return file;
    };
    return { ws, name, cli, json, through };
  }

  /** A recording with exactly these bytes, catalogued as ingest would (its put queued by the catalogue's trigger). */
  async function seedBytes(ws: { config: string }, localDate: string, bytes: Buffer): Promise<number> {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    try {
      const n = ++seeded;
      const name = `0001234_110101_${localDate.replaceAll('-', '')}0900${String(n % 60).padStart(2, '0')}_${String(n).padStart(4, '0')}.MP4`;
      const vaultPath = `${recordingFolder(localDate, '0001234')}/${name}`;
      const abs = path.join(v.config.vaultRoot, vaultPath);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, bytes, { mode: 0o444 });
      const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
      const started = instantOf({ year: y, month: m, day: d, hour: 9, minute: 0, second: n % 60 }, 'Asia/Shanghai');
      return v.recordings.insert({
        sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
        size: bytes.length,
        vaultPath,
        originalName: name,
        sourcePath: `DCIM/${name}`,
        deviceNumber: '0001234',
        officerId: '110101',
        startedAt: isoInZone(started, 'Asia/Shanghai'),
        startedAtEpochMs: started.getTime(),
        startedAtSource: 'file-name',
        localDate,
        durationSeconds: 1,
        format: 'mov,mp4',
        videoCodec: 'h264',
        audioCodec: null,
        width: 320,
        height: 240,
        probeError: null,
        sourceMtime: null,
        ingestedAt: isoInZone(new Date(), 'Asia/Shanghai'),
        sessionId: null,
        flags: [],
      });
    } finally {
      await v.close();
    }
  }

  const versionsOf = async (bucket: string, key: string) =>
    ((await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }))).Versions ?? []).filter((v) => v.Key === key);
  const keysUnder = async (bucket: string, prefix: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  const putRaw = (bucket: string, key: string, body: Buffer, metadata: Record<string, string> = {}) =>
    s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentMD5: crypto.createHash('md5').update(body).digest('base64'), Metadata: metadata }));
  const readJson = async <T>(bucket: string, key: string) => JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString('utf8')) as T;
  /** Runs `replicate run` until `done` says the outcome arrived (a lock running out, a deferred item falling due). */
  const runUntil = (st: { json: <T>(...a: string[]) => T }, what: string, done: (r: RunJson) => boolean) =>
    waitFor(what, () => done(st.json<RunJson>('replicate', 'run')), 90_000, 500);

  it('root, holding the store keys, puts a rewritten trail back as new versions of every segment: audit verify --anchor store still catches it', async () => {
    const st = station('rt-anchor', 'st-anchor');
    const drop = path.join(st.ws.dir, 'drop');
    fs.mkdirSync(drop);
    makeVideo(path.join(drop, '0001234_110101_20261120093000_0001.MP4'), 1);
    makeVideo(path.join(drop, '0001234_110101_20261120100000_0002.MP4'), 2);
    expect(st.cli('ingest', drop, '--device', '0001234').status).toBe(0);
    expect(st.cli('replicate', 'run').status).toBe(0);
    const [victim] = st.json<RecordingJson[]>('recordings', 'list');
    const trailFile = path.join(st.ws.vault, '.audit/audit-trail.jsonl');
    rewriteTrailWithout(st.ws.catalog, st.ws.vault, trailFile, victim!.id);
    // New entries, so the rewritten trail again reaches past every segment the store holds.
    for (let i = 0; i < 3; i++) expect(st.cli('status').status).toBe(0);
    const lines = fs.readFileSync(trailFile, 'utf8').trimEnd().split('\n');
    const keys = await keysUnder('rt-anchor', segmentPrefix('st-anchor'));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const range = parseSegmentKey(key)!;
      await putRaw('rt-anchor', key, Buffer.from(lines.slice(range.firstSeq - 1, range.lastSeq).map((l) => `${l}\n`).join('')));
    }
    const r = st.cli('audit', 'verify', '--anchor', 'store', '--json');
    const report = JSON.parse(r.stdout) as { anchors: { ok: boolean; source: string }[] };
    expect(report.anchors.filter((a) => !a.ok).length).toBeGreaterThan(0);
    expect(r.status).toBe(1);
  });

  it('a disposal on one station leaves the bytes another station still keeps (content-addressed keys are shared)', async () => {
    const a = station('rt-shared', 'st-a');
    const b = station('rt-shared', 'st-b');
    const bytes = crypto.randomBytes(64 * 1024);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    await seedBytes(a.ws, '2020-03-01', bytes);
    await seedBytes(b.ws, '2020-03-01', bytes);
    expect(a.json<RunJson>('replicate', 'run')).toMatchObject({ put: 1, failed: 0 });
    expect(b.json<RunJson>('replicate', 'run')).toMatchObject({ put: 1, failed: 0 });
    expect(a.cli('operator', 'add', 'zhao', '--name', '赵六', '--role', 'approver').status).toBe(0);
    const disposal = runCli(['--config', a.ws.config, 'retention', 'run', '--execute', '--reason', '保存期满'], { SUDO_USER: 'zhao' });
    expect(disposal.status, disposal.stderr).toBe(0);
    await runUntil(a, 'station a’s disposal to reach the store', (r) => r.disposed === 1);
    // Station b never disposed of its recording: its copy is still in the store, whole and locked.
    const remote = b.cli('verify', '--remote', '--read', '--json');
    expect(JSON.parse(remote.stdout)).toMatchObject({ problems: [], findingCount: 0, checked: 1 });
    expect(remote.status).toBe(0);
    // Station a's own versions went.
    for (const v of await versionsOf('rt-shared', recordingObjectKey(sha))) {
      const head = await s3.send(new HeadObjectCommand({ Bucket: 'rt-shared', Key: recordingObjectKey(sha), VersionId: v.VersionId }));
      expect(head.Metadata?.station).toBe('st-b');
    }
  });

  it('a wrong object put under a recording’s content key (claiming to be the station’s) does not stall its replication', async () => {
    const st = station('rt-forged', 'st-forged');
    const bytes = crypto.randomBytes(32 * 1024);
    const sha = crypto.createHash('sha256').update(bytes).digest('hex');
    await s3.send(new CreateBucketCommand({ Bucket: 'rt-forged', ObjectLockEnabledForBucket: true }));
    await putRaw('rt-forged', recordingObjectKey(sha), crypto.randomBytes(bytes.length), { sha256: sha, station: 'st-forged' });
    await seedBytes(st.ws, addDays(new Date().toISOString().slice(0, 10), -1), bytes);
    expect(st.json<RunJson>('replicate', 'run')).toMatchObject({ put: 1, failed: 0 });
    const remote = st.cli('verify', '--remote', '--read', '--json');
    expect(JSON.parse(remote.stdout)).toMatchObject({ findingCount: 0, checked: 1 });
  });

  it('a second station configured under a name already in use is refused before it writes over the first one’s objects', async () => {
    const first = station('rt-names', 'st-same');
    await seedBytes(first.ws, '2026-11-20', crypto.randomBytes(1024));
    expect(first.json<RunJson>('replicate', 'run').put).toBe(1);
    const second = station('rt-names', 'st-same');
    const id = await seedBytes(second.ws, '2026-11-21', crypto.randomBytes(1024));
    const r = second.cli('replicate', 'run');
    expect(r.status, r.stderr).toBe(77);
    expect(r.stderr).toContain('st-same');
    expect(await versionsOf('rt-names', metadataKey('st-same', id))).toHaveLength(1);
    expect((await readJson<RecordingMetadata>('rt-names', metadataKey('st-same', id))).localDate).toBe('2026-11-20');
    const [refusal] = queryCatalogue<{ outcome: string }>(second.ws.catalog, "SELECT outcome FROM audit_log WHERE action = 'replicate.station'");
    expect(refusal?.outcome).toBe('refused');
    // The first station goes on as before.
    expect(first.cli('replicate', 'run').status).toBe(0);
  });

  it('a bucket the station creates (a mistyped name makes a new one) is an act on the record; an archivist’s run is refused', async () => {
    const st = station('rt-new-bucket', 'st-new-bucket');
    expect(st.cli('replicate', 'run').status).toBe(0);
    const rows = queryCatalogue<{ outcome: string; target: string; details: string }>(st.ws.catalog, "SELECT outcome, target, details FROM audit_log WHERE action = 'replicate.bucket'");
    expect(rows.map((r) => [r.outcome, r.target, JSON.parse(r.details).created])).toEqual([['ok', 'rt-new-bucket', true]]);
    // The next run finds it there: nothing more to record.
    expect(st.cli('replicate', 'run').status).toBe(0);
    expect(queryCatalogue(st.ws.catalog, "SELECT seq FROM audit_log WHERE action = 'replicate.bucket'")).toHaveLength(1);
    // Sending by hand is the keepers' act (custodian, admin): an archivist is refused, on the record.
    expect(st.cli('operator', 'add', 'wang', '--name', '王五', '--role', 'archivist').status).toBe(0);
    const archivist = runCli(['--config', st.ws.config, 'replicate', 'run'], { SUDO_USER: 'wang' });
    expect(archivist.status).toBe(77);
    expect(queryCatalogue<{ operator: string }>(st.ws.catalog, "SELECT operator FROM audit_log WHERE action = 'replicate.run' AND outcome = 'refused'")).toEqual([{ operator: 'wang' }]);
  });

  it('a bucket changed in the config after copies were sent is refused: the catalogue would go on saying they are in the store', async () => {
    const st = station('rt-first-bucket', 'st-moved');
    await seedBytes(st.ws, '2026-11-20', crypto.randomBytes(1024));
    expect(st.json<RunJson>('replicate', 'run').put).toBe(1);
    const c = JSON.parse(fs.readFileSync(st.ws.config, 'utf8')) as { replication: Record<string, unknown> };
    fs.writeFileSync(st.ws.config, JSON.stringify({ ...c, replication: { ...c.replication, bucket: 'rt-frist-bucket' } }, null, 2));
    await seedBytes(st.ws, '2026-11-21', crypto.randomBytes(1024));
    const r = st.cli('replicate', 'run');
    expect(r.status, r.stderr).toBe(77);
    expect(r.stderr).toContain('rt-frist-bucket');
    // No bucket made under the mistyped name either.
    expect(await s3.send(new HeadBucketCommand({ Bucket: 'rt-frist-bucket' })).then(() => 'there', (e: Error) => e.name)).toBe('NotFound');
    const [refusal] = queryCatalogue<{ outcome: string }>(st.ws.catalog, "SELECT outcome FROM audit_log WHERE action = 'replicate.station'");
    expect(refusal?.outcome).toBe('refused');
  });

  it('keys the store refuses (a wrong secret, a revoked key) are said as such, exit 77 and on the record, not an unexpected failure', async () => {
    const st = station('rt-keys', 'st-keys');
    await seedBytes(st.ws, '2026-11-20', crypto.randomBytes(1024));
    expect(st.json<RunJson>('replicate', 'run').put).toBe(1);
    await seedBytes(st.ws, '2026-11-21', crypto.randomBytes(1024));
    const c = JSON.parse(fs.readFileSync(st.ws.config, 'utf8')) as { replication: { credentialsFile: string } };
    fs.writeFileSync(c.replication.credentialsFile, JSON.stringify({ accessKeyId: store.accessKeyId, secretAccessKey: 'not-the-secret' }), { mode: 0o600 });
    const run = st.cli('replicate', 'run');
    expect(run.status, run.stderr).toBe(77);
    expect(run.stderr).toMatch(/refused this station's keys.*SignatureDoesNotMatch/);
    const [refusal] = queryCatalogue<{ outcome: string }>(st.ws.catalog, "SELECT outcome FROM audit_log WHERE action = 'replicate.credentials'");
    expect(refusal?.outcome).toBe('refused');
    const remote = st.cli('verify', '--remote');
    expect(remote.status, remote.stderr).toBe(77);
    expect(remote.stderr).toMatch(/refused this station's keys/);
    const anchors = st.cli('audit', 'verify', '--anchor', 'store');
    expect(anchors.status, anchors.stderr).toBe(77);
    expect(anchors.stderr).toMatch(/refused this station's keys/);
  });

  it('a PC clock far from the store’s is refused before anything is sent (locks and disposal dates follow the PC’s clock)', async () => {
    const st = station('rt-clock', 'st-clock');
    await st.json<RunJson>('replicate', 'run');
    await seedBytes(st.ws, '2026-11-20', crypto.randomBytes(1024));
    // The store answers with a date 400 days on: this PC's clock and the store's disagree.
    const later = (chunk: Buffer) =>
      Buffer.from(chunk.toString('latin1').replace(/\r\nDate: ([^\r]+)\r\n/i, (_m, d: string) => `\r\nDate: ${new Date(Date.parse(d) + 400 * 86_400_000).toUTCString()}\r\n`), 'latin1');
    const relay = await pausableRelay(store.endpoint, later);
    try {
      // A child of its own (not spawnSync): the relay runs in this process and must go on answering.
      const run = startCli(['--config', st.through(relay.endpoint), 'replicate', 'run']);
      let said = '';
      run.stderr!.on('data', (c: Buffer) => (said += c.toString()));
      expect(await exitOf(run), said).toBe(77);
      expect(said).toMatch(/clock/);
    } finally {
      relay.close();
    }
    const [refusal] = queryCatalogue<{ outcome: string }>(st.ws.catalog, "SELECT outcome FROM audit_log WHERE action = 'replicate.clock'");
    expect(refusal?.outcome).toBe('refused');
    expect(st.json<{ waiting: number }>('replicate', 'status').waiting).toBe(1);
  });

  it('a hold placed while the recording’s upload is under way reaches the store’s lock (a second run beside it does not drop it)', async () => {
    const st = station('rt-inflight', 'st-inflight');
    const relay = await pausableRelay(store.endpoint);
    try {
      const slow = st.through(relay.endpoint);
      const bytes = crypto.randomBytes(8 * 1024 * 1024);
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      const id = await seedBytes(st.ws, '2026-11-20', bytes);
      relay.pauseAfter(2 * 1024 * 1024, 'up');
      const uploading = startCli(['--config', slow, 'replicate', 'run', '--json']);
      await waitFor('the upload under way, then held', () => relay.paused || uploading.exitCode !== null, 60_000);
      expect(uploading.exitCode).toBeNull();
      expect(st.cli('hold', 'add', '--recording', String(id), '--reason', 'complaint', '--note', '投诉').status).toBe(0);
      expect(st.cli('replicate', 'run').status).toBe(0);
      relay.release();
      expect(await exitOf(uploading)).toBe(0);
      const permanent = startOfDayAfter('2099-12-31').toISOString();
      const lockOf = async () => {
        const h = await s3.send(new HeadObjectCommand({ Bucket: 'rt-inflight', Key: recordingObjectKey(sha) }));
        return h.ObjectLockRetainUntilDate?.toISOString();
      };
      await runUntil(st, 'the hold to reach the store', () => st.json<{ waiting: number; refreshes: number }>('replicate', 'status').refreshes === 0);
      expect(await lockOf()).toBe(permanent);
      expect((await readJson<RecordingMetadata>('rt-inflight', metadataKey('st-inflight', id))).holds).toEqual([{ reason: 'complaint', permanent: false }]);
    } finally {
      relay.close();
    }
  });

  it('a crash between the upload and its record, then lawful disposal: the bytes still leave the store', async () => {
    const st = station('rt-crash', 'st-crash');
    const relay = await pausableRelay(store.endpoint);
    try {
      const slow = st.through(relay.endpoint);
      const bytes = crypto.randomBytes(4 * 1024 * 1024);
      const key = recordingObjectKey(crypto.createHash('sha256').update(bytes).digest('hex'));
      await seedBytes(st.ws, '2020-03-01', bytes);
      await s3.send(new CreateBucketCommand({ Bucket: 'rt-crash', ObjectLockEnabledForBucket: true }));
      // The answer to the upload never comes back: the object is in the store, the station does not know.
      relay.pauseAfter(bytes.length, 'down');
      const uploading = startCli(['--config', slow, 'replicate', 'run', '--json']);
      let said = '';
      uploading.stderr!.on('data', (c: Buffer) => (said += c.toString()));
      for (const end = Date.now() + 60_000; (await versionsOf('rt-crash', key)).length === 0 && uploading.exitCode === null; ) {
        if (Date.now() > end) throw new Error('timed out waiting for the object whole in the store');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(uploading.exitCode, said).toBeNull();
      await killAndWait(uploading);
      relay.release();
      expect(st.cli('operator', 'add', 'zhao', '--name', '赵六', '--role', 'approver').status).toBe(0);
      const disposal = runCli(['--config', st.ws.config, 'retention', 'run', '--execute', '--reason', '保存期满'], { SUDO_USER: 'zhao' });
      expect(disposal.status, disposal.stderr).toBe(0);
      await runUntil(st, 'the disposal to finish', () => st.json<{ disposals: number; waiting: number }>('replicate', 'status').disposals === 0);
      expect(await versionsOf('rt-crash', key)).toEqual([]);
    } finally {
      relay.close();
    }
  });

  it('a FIFO in a vault file’s place fails that recording and does not hang the run', async () => {
    const st = station('rt-fifo', 'st-fifo');
    const id = await seedBytes(st.ws, '2026-11-20', crypto.randomBytes(1024));
    const [row] = queryCatalogue<{ vault_path: string }>(st.ws.catalog, 'SELECT vault_path FROM recordings WHERE id = ?', id);
    const file = path.join(st.ws.vault, row!.vault_path);
    fs.chmodSync(path.dirname(file), 0o755);
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    const run = startCli(['--config', st.ws.config, 'replicate', 'run', '--json']);
    let out = '';
    run.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await waitFor('the run to end', () => run.exitCode !== null, 120_000);
    } finally {
      if (run.exitCode === null) await killAndWait(run);
    }
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ put: 0, failed: 1 });
  });

  it('a crash between a trail segment’s upload and its record: the next segment does not overlap it', async () => {
    const st = station('rt-segments', 'st-segments');
    expect(st.cli('replicate', 'run').status).toBe(0);
    // Entries enough that the next segment is far larger than the run's first requests.
    for (let i = 0; i < 12; i++) expect(st.cli('status').status).toBe(0);
    const relay = await pausableRelay(store.endpoint);
    try {
      const before = new Set(await keysUnder('rt-segments', segmentPrefix('st-segments')));
      relay.pauseAfter(6 * 1024, 'down');
      const shipping = startCli(['--config', st.through(relay.endpoint), 'replicate', 'run', '--json']);
      for (const end = Date.now() + 60_000; (await keysUnder('rt-segments', segmentPrefix('st-segments'))).length === before.size && shipping.exitCode === null; ) {
        if (Date.now() > end) throw new Error('timed out waiting for the segment in the store');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(shipping.exitCode).toBeNull();
      await killAndWait(shipping);
    } finally {
      relay.close();
    }
    for (let i = 0; i < 3; i++) expect(st.cli('status').status).toBe(0);
    expect(st.cli('replicate', 'run').status).toBe(0);
    const ranges = (await keysUnder('rt-segments', segmentPrefix('st-segments'))).map((k) => parseSegmentKey(k)!).sort((x, y) => x.firstSeq - y.firstSeq);
    expect(ranges.length).toBeGreaterThan(1);
    ranges.forEach((r, i) => expect(r.firstSeq).toBe(i === 0 ? 1 : ranges[i - 1]!.lastSeq + 1));
  });
});
