/**
 * The central case's data: stations' objects put into a real Ceph store as docs/replication.md lays
 * them out (metadata objects and trail segments, COMPLIANCE-locked), and a million recordings' rows
 * put straight into PostgreSQL for the report (putting a million objects into a memory-backed store
 * on the bench machine would take hours and more memory than it has).
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../src/core/audit-chain.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export interface StoreAccess {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

/** The shape of the bench's bureau: stations, each with its officers (in units) and recorders, six months. */
export const BUREAU = { officersPerStation: 60, unitsPerStation: 4, recordersPerStation: 40, days: 181, firstDay: '2026-01-01' };

const dayOf = (i: number) => new Date(Date.parse(`${BUREAU.firstDay}T00:00:00Z`) + (i % BUREAU.days) * 86_400_000).toISOString().slice(0, 10);

/** Recording `id` of station `s`: its officer, recorder, day and duration, the same in the store and in SQL. */
function recordingOf(s: number, id: number) {
  const recorder = id % BUREAU.recordersPerStation;
  const officer = recorder % BUREAU.officersPerStation;
  return { recorder: `DSJ-${s}${String(recorder).padStart(4, '0')}`, officer: `${s}${String(officer).padStart(5, '0')}`, unit: `${(officer % BUREAU.unitsPerStation) + 1}中队`, localDate: dayOf(Math.floor(id / BUREAU.recordersPerStation)), seconds: 60 + (id % 540) };
}

function metadata(station: string, s: number, id: number): string {
  const r = recordingOf(s, id);
  const sha256 = createHash('sha256').update(`${station}/${id}`).digest('hex');
  return JSON.stringify({
    format: 'evidence-vault/recording@1',
    station,
    unit: `第${s}大队`,
    recordingId: id,
    sha256,
    size: 50_000_000 + id,
    objectKey: `recordings/sha256/${sha256.slice(0, 2)}/${sha256}`,
    recorder: r.recorder,
    officer: { id: r.officer, name: `民警${r.officer}`, unit: r.unit },
    startedAt: `${r.localDate}T09:00:00+08:00`,
    startedAtSource: 'file-name',
    localDate: r.localDate,
    durationSeconds: r.seconds,
    mediaFormat: 'mov,mp4,m4a,3gp,3g2,mj2',
    originalName: `${r.recorder}_${r.officer}_${r.localDate.replace(/-/g, '')}090000_${id}.MP4`,
    vaultPath: `现场执法记录仪影像资料/${r.localDate.replace(/-/g, '/')}/${r.recorder}/${r.recorder}_${id}.MP4`,
    ingestedAt: `${r.localDate}T18:00:00+08:00`,
    flags: id % 50 === 0 ? ['clock-skew'] : [],
    cases: id % 100 === 0 ? [{ number: `案-${s}-${id / 100}`, category: 'general' }] : [],
    holds: [],
    retainUntil: '2026-12-31T00:00:00+08:00',
    disposed: null,
    writtenAt: `${r.localDate}T18:00:01+08:00`,
  });
}

/**
 * Puts `objects` recordings' metadata objects spread over `stations` stations, each station's trail
 * (one entry per recording) in daily segments, and then, as a station sends them beside its trail,
 * its metadata digests (5,000 versions to an object, each line the object's bytes, version and ETag),
 * `inFlight` puts at a time. Returns the seconds taken.
 */
export async function putStationObjects(store: StoreAccess, stations: number, objects: number, inFlight: number, log: (line: string) => void): Promise<number> {
  const { S3Client, CreateBucketCommand, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    endpoint: store.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  await client.send(new CreateBucketCommand({ Bucket: store.bucket, ObjectLockEnabledForBucket: true }));
  const until = new Date(Date.now() + 86_400_000);
  const put = (Key: string, Body: string) => client.send(new PutObjectCommand({ Bucket: store.bucket, Key, Body, ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: until }));
  const jobs: (() => Promise<unknown>)[] = [];
  // Each station's metadata versions as put, in the order put: its digests' lines.
  const versions = new Map<string, { key: string; versionId: string; body: string }[]>();
  for (let s = 1; s <= stations; s++) {
    const station = `st-${String(s).padStart(2, '0')}`;
    const count = Math.floor(objects / stations) + (s <= objects % stations ? 1 : 0);
    jobs.push(() => put(`stations/${station}/station.json`, JSON.stringify({ format: 'evidence-vault/station@1', station, unit: `第${s}大队`, timezone: 'Asia/Shanghai', updatedAt: '2026-01-01T00:00:00+08:00' })));
    const own: { key: string; versionId: string; body: string }[] = [];
    versions.set(station, own);
    for (let id = 1; id <= count; id++) {
      const key = `stations/${station}/recordings/${id}.json`;
      const body = metadata(station, s, id);
      jobs.push(async () => own.push({ key, versionId: (await put(key, body)).VersionId ?? '', body }));
    }
    // The trail: one entry a recording, sent as a segment a day.
    const perDay = Math.max(1, Math.ceil(count / BUREAU.days));
    let prev = GENESIS_HASH;
    for (let first = 1; first <= count; first += perDay) {
      const entries: AuditEntry[] = [];
      for (let seq = first; seq < first + perDay && seq <= count; seq++) {
        const e = chainEntry({ seq, at: `${dayOf(seq)}T18:00:00+08:00`, operator: 'custodian', role: 'custodian', action: 'ingest', target: `recording ${seq}`, outcome: 'ok', details: { recording: seq } }, prev);
        entries.push(e);
        prev = e.hash;
      }
      const last = entries[entries.length - 1]!.seq;
      const key = `stations/${station}/trail/${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}.jsonl`;
      const body = entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
      jobs.push(() => put(key, body));
    }
  }
  const started = Date.now();
  const runAll = async (all: (() => Promise<unknown>)[]) => {
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < all.length) {
          await all[next++]!();
          if (++done % 10_000 === 0) log(`  central: ${done}/${all.length} objects put`);
        }
      }),
    );
  };
  await runAll(jobs);
  const digests: (() => Promise<unknown>)[] = [];
  for (const [station, own] of versions) {
    for (let first = 0; first < own.length; first += 5_000) {
      const lines = own.slice(first, first + 5_000);
      const body = lines.map((l) => `${JSON.stringify({ key: l.key, versionId: l.versionId, etag: createHash('md5').update(l.body).digest('hex'), body: l.body })}\n`).join('');
      const name = `${String(own.length + first).padStart(12, '0')}-${String(first + 1).padStart(12, '0')}-${String(first + lines.length).padStart(12, '0')}`;
      digests.push(() => put(`stations/${station}/digests/${name}.jsonl`, body));
    }
  }
  await runAll(digests);
  client.destroy();
  return (Date.now() - started) / 1000;
}

/** `rows` recordings' rows over `stations` stations straight into a catalogue `central index` migrated, as an index would leave them. */
export async function seedRecordings(client: pg.Client, stations: number, rows: number): Promise<void> {
  const { officersPerStation: O, unitsPerStation: U, recordersPerStation: R, days: D, firstDay } = BUREAU;
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO stations (station, unit, timezone, first_indexed_at, last_indexed_at)
     SELECT 'st-' || lpad(s::text, 2, '0'), '第' || s || '大队', 'Asia/Shanghai', now(), now() FROM generate_series(1, $1) s ON CONFLICT DO NOTHING`,
    [stations],
  );
  // Row i: station (i % stations) + 1, recording i / stations + 1, laid out as recordingOf does.
  await client.query(
    `INSERT INTO recordings (station, recording_id, station_unit, sha256, size, object_key, recorder, officer_id, officer_name, officer_unit, started_at, started_at_epoch,
       started_at_source, local_date, duration_seconds, media_format, original_name, vault_path, ingested_at, flags, holds, retain_until, written_at, written_at_epoch, etag)
     SELECT st, id, '第' || s || '大队', md5(st || id) || md5(id || st), 50000000 + id, 'recordings/sha256/x', 'DSJ-' || s || lpad((id % $3)::text, 4, '0'),
            s || lpad(((id % $3) % $4)::text, 5, '0'), '民警' || s || lpad(((id % $3) % $4)::text, 5, '0'), (((id % $3) % $4) % $5 + 1) || '中队',
            d::text || 'T09:00:00+08:00', d + time '09:00' - interval '8 hours', 'file-name', d, 60 + id % 540, 'mov', 'DSJ_' || id || '.MP4', 'v/' || st || '/' || id,
            d::text || 'T18:00:00+08:00', CASE WHEN id % 50 = 0 THEN ARRAY['clock-skew'] ELSE ARRAY[]::text[] END, '[]', NULL, d::text || 'T18:00:01+08:00', d + time '10:00', 'etag'
     FROM (SELECT i % $1 + 1 AS s, i / $1 + 1 AS id FROM generate_series(0, $2 - 1) i) g,
          LATERAL (SELECT 'st-' || lpad(g.s::text, 2, '0') AS st, $6::date + ((g.id / $3) % $7)::int AS d) x
     ON CONFLICT DO NOTHING`,
    [stations, rows, R, O, U, firstDay, D],
  );
  await client.query(
    `INSERT INTO officers (station, officer_id, name, unit, as_of)
     SELECT DISTINCT ON (station, officer_id) station, officer_id, officer_name, officer_unit, written_at_epoch FROM recordings ORDER BY station, officer_id, written_at_epoch DESC
     ON CONFLICT DO NOTHING`,
  );
  await client.query('COMMIT');
  await client.query('VACUUM ANALYZE');
}
