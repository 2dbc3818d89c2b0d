/**
 * The central case (issue 17): `central index` of stations' metadata objects from a real Ceph store
 * into a real PostgreSQL (fsync on), a second run with nothing new, and `central report` over six
 * months and `central search` on a million recordings' rows. Each command is timed whole, as a person
 * runs it, with its own CPU time and the store's and PostgreSQL's beside it: on the bench machine the
 * store shares the cores, at a bureau it is other machines.
 *
 *   npm run bench -- --cases central --central-objects 50000 --central-rows 1000000
 *
 * A million objects in a memory-backed Ceph store on one small machine would take hours to put and
 * more memory than it has: the index is measured on --central-objects and its rate extrapolated (the
 * report says so); the report's million rows are put into PostgreSQL directly.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, median, type Context } from './bench-context.js';
import { putStationObjects, seedRecordings, type StoreAccess } from './bench-central-data.js';
import { measured, type Timed } from './bench-run.js';
import { startPostgres, type Postgres } from './throwaway-postgres.js';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/object-store.sh');
// The store's daemons as Debian starts them: the service's allocator setting (which the bench gives
// every contender) is this program's, not the store's (bench-replication.ts says the same).
const { GLIBC_TUNABLES: _service, ...storeEnv } = process.env;

export interface CentralIndexRun extends Timed {
  objectsRead: number;
  /** Recordings' metadata indexed, and how many came from digest lines (no GET each). */
  recordingsRead: number;
  recordingsFromDigests: number;
  recordingsPerSecond: number;
  /** CPU seconds of the store's daemons (gateway, OSD, monitor) and of PostgreSQL during the run. */
  storeCpu: number;
  postgresCpu: number;
}

export interface CentralCase {
  stations: number;
  objects: number;
  putSeconds: number;
  index: CentralIndexRun;
  reindex: CentralIndexRun;
  /** 1,000,000 objects at the measured rate, in minutes (an extrapolation). */
  millionMinutes: number;
  /** The index's own CPU (user + sys) per thousand objects: what it needs of a bureau server when the store is elsewhere. */
  cpuPerThousand: { central: number; store: number; postgres: number };
  reportRows: number;
  report: Timed[];
  reportMedian: number;
  search: Timed[];
  searchMedian: number;
}

/** CPU seconds of processes so far; with `children`, their reaped children's too (PostgreSQL's backends). */
function cpuOf(pids: number[], children = false): number {
  let sum = 0;
  for (const pid of pids) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    } catch {
      // gone
    }
  }
  return sum / 100;
}

interface Store extends StoreAccess {
  dir: string;
  pids: number[];
}

function startStore(dir: string, objects: number): Store {
  // Memory for the objects kept in memory (about 20 KB each with the gateway's index), at least 2 GiB.
  const bytes = Math.max(2 << 30, objects * 20_000);
  for (let attempt = 0; ; attempt++) {
    const base = 20_000 + ((process.pid * 97 + attempt * 7919) % 40_000);
    try {
      execFileSync(FIXTURE, ['start', dir, String(base), String(base + 100)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...storeEnv, OSD_MEM_BYTES: String(bytes) } });
      break;
    } catch (err) {
      execFileSync(FIXTURE, ['stop', dir]);
      if (attempt >= 3) throw err;
    }
  }
  const env = Object.fromEntries(fs.readFileSync(path.join(dir, 'env'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));
  const pids = fs.readFileSync(path.join(dir, 'pids'), 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[0]));
  return { dir, pids, endpoint: env.S3_ENDPOINT!, accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY!, bucket: 'evidence' };
}

function writeConfig(dir: string, store: Store, db: Postgres, bucket: string, database: string): string {
  const credentials = path.join(dir, `s3-${bucket}.json`);
  fs.writeFileSync(credentials, JSON.stringify({ accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey }), { mode: 0o600 });
  const file = path.join(dir, `central-${database}.json`);
  fs.writeFileSync(file, JSON.stringify({ store: { endpoint: store.endpoint, bucket, credentialsFile: credentials }, postgres: { host: db.host, port: db.port, database, user: db.user }, timezone: 'Asia/Shanghai' }));
  return file;
}

async function indexRun(config: string, store: Store, db: Postgres, database: string): Promise<CentralIndexRun> {
  const postmaster = [Number(fs.readFileSync(path.join(db.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])];
  const [s0, p0] = [cpuOf(store.pids), cpuOf(postmaster, true)];
  const t = await measured([process.execPath, CLI, '--config', config, 'central', 'index', '--json']);
  const [s1, p1] = [cpuOf(store.pids), cpuOf(postmaster, true)];
  const total = (field: string) => Number(db.psql(database, `SELECT coalesce(details->'totals'->>'${field}', '0') FROM index_runs ORDER BY id DESC LIMIT 1`));
  const recordingsRead = total('recordingsRead');
  return { ...t, objectsRead: total('objectsRead'), recordingsRead, recordingsFromDigests: total('recordingsFromDigests'), recordingsPerSecond: recordingsRead / t.wall, storeCpu: s1 - s0, postgresCpu: p1 - p0 };
}

/** What the case has running, for an interrupted bench to stop (stopCentral). */
let running: { storeDir: string; store: Store | null; db: Postgres | null } | null = null;

/** Stops the case's store and PostgreSQL if they are running (the case does when it ends; an interrupted bench through this). */
export function stopCentral(): void {
  const r = running;
  running = null;
  if (!r) return;
  try {
    r.db?.stop();
  } finally {
    if (r.store) execFileSync(FIXTURE, ['stop', r.storeDir]);
  }
}

export async function centralCase(ctx: Context, o: { objects: number; rows: number; stations: number; rounds: number }): Promise<CentralCase> {
  const storeDir = path.join(ctx.work, 'central-store');
  let store: Store | null = null;
  let db: Postgres | null = null;
  running = { storeDir, store: null, db: null };
  try {
    ctx.log(`central: starting a Ceph store and PostgreSQL (fsync on), putting ${o.objects} metadata objects of ${o.stations} stations and their trails`);
    store = running.store = startStore(storeDir, o.objects);
    // In the temp directory: PostgreSQL runs as its own account, which may not enter --dir's fresh folders.
    db = running.db = startPostgres({ fsync: true });
    db.createDatabase('central');
    db.createDatabase('central_report');
    const putSeconds = await putStationObjects(store, o.stations, o.objects, 32, ctx.log);
    const config = writeConfig(ctx.work, store, db, 'evidence', 'central');
    ctx.log(`central: ${o.objects} objects put in ${putSeconds.toFixed(0)} s; central index`);
    const index = await indexRun(config, store, db, 'central');
    ctx.log(`central: index took ${index.recordingsRead} recordings (${index.recordingsFromDigests} from digests, ${index.objectsRead} objects read) in ${index.wall.toFixed(1)} s (${index.recordingsPerSecond.toFixed(0)}/s); again with nothing new`);
    const reindex = await indexRun(config, store, db, 'central');
    const recordings = Number(db.psql('central', 'SELECT count(*) FROM recordings'));
    if (recordings !== o.objects) throw new Error(`central index holds ${recordings} recordings of the ${o.objects} put`);
    // The report's catalogue: migrated by an index of an empty bucket, then a million rows put in directly.
    const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
    const s3 = new S3Client({ endpoint: store.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey } });
    await s3.send(new CreateBucketCommand({ Bucket: 'empty', ObjectLockEnabledForBucket: true }));
    s3.destroy();
    const reportConfig = writeConfig(ctx.work, store, db, 'empty', 'central_report');
    await measured([process.execPath, CLI, '--config', reportConfig, 'central', 'index', '--json']);
    ctx.log(`central: putting ${o.rows} recordings' rows into PostgreSQL for the report`);
    const pg = await import('pg');
    const client = new pg.default.Client({ host: db.host, port: db.port, user: db.user, database: 'central_report' });
    await client.connect();
    try {
      await seedRecordings(client, o.stations, o.rows);
    } finally {
      await client.end();
    }
    const report: Timed[] = [];
    const search: Timed[] = [];
    for (let r = 0; r < Math.max(3, o.rounds); r++) {
      report.push(await measured([process.execPath, CLI, '--config', reportConfig, 'central', 'report', '--from', '2026-01-01', '--to', '2026-06-30', '--json']));
      search.push(await measured([process.execPath, CLI, '--config', reportConfig, 'central', 'search', '--officer', '100007', '--from', '2026-03-01', '--to', '2026-03-31', '--json']));
    }
    const perThousand = (x: number) => (index.recordingsRead ? (x / index.recordingsRead) * 1000 : 0);
    return {
      stations: o.stations,
      objects: o.objects,
      putSeconds,
      index,
      reindex,
      millionMinutes: index.recordingsPerSecond ? 1_000_000 / index.recordingsPerSecond / 60 : 0,
      cpuPerThousand: { central: perThousand(index.user + index.sys), store: perThousand(index.storeCpu), postgres: perThousand(index.postgresCpu) },
      reportRows: o.rows,
      report,
      reportMedian: median(report.map((t) => t.wall)),
      search,
      searchMedian: median(search.map((t) => t.wall)),
    };
  } finally {
    stopCentral();
  }
}

export function centralSection(c: CentralCase, targets: { index: string; report: string }): string[] {
  const f = (n: number, d = 2) => n.toFixed(d);
  const run = (label: string, r: CentralIndexRun) =>
    `  ${label.padEnd(28)} ${f(r.wall).padStart(7)} s  user ${f(r.user).padStart(6)}  sys ${f(r.sys).padStart(5)}  peak ${f(r.peakRssMiB, 0)} MiB  ${r.recordingsRead} recordings (${f(r.recordingsPerSecond, 0)}/s, ${r.recordingsFromDigests} from digests), ${r.objectsRead} objects read  store CPU ${f(r.storeCpu, 1)} s  PostgreSQL CPU ${f(r.postgresCpu, 1)} s`;
  return [
    `central catalogue: ${c.objects} metadata objects of ${c.stations} stations (and their trail segments and metadata digests) in a Ceph store on this machine, PostgreSQL with fsync`,
    `  put by the stations' writer in ${f(c.putSeconds, 0)} s (not timed against anything)`,
    run('central index', c.index),
    run('central index (nothing new)', c.reindex),
    `  1,000,000 recordings at this rate: ${f(c.millionMinutes, 1)} min (extrapolated, not measured)  target: ${targets.index}`,
    `  CPU per 1,000 recordings: central ${f(c.cpuPerThousand.central)} s, store ${f(c.cpuPerThousand.store)} s, PostgreSQL ${f(c.cpuPerThousand.postgres)} s (the store shares these cores here)`,
    `  central report, six months of ${c.reportRows} recordings (rows put into PostgreSQL directly): median ${f(c.reportMedian)} s of ${c.report.map((t) => f(t.wall)).join(', ')}  target: ${targets.report}`,
    `  central search (an officer, a month): median ${f(c.searchMedian)} s of ${c.search.map((t) => f(t.wall)).join(', ')}`,
  ];
}
