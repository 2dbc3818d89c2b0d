/**
 * The central catalogue as its tests run it: a config of its own pointing at the test's object store
 * and PostgreSQL, its secrets in owner-only files, and the built CLI run against it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from './cli.js';
import { startObjectStore, type ObjectStore } from './object-store.js';
import { startPostgres, type Postgres } from './postgres.js';
import { createLockedBucket, storeClient } from './station-objects.js';

export interface CentralWorkspace {
  dir: string;
  config: string;
  run(...args: string[]): CliResult;
  json<T>(...args: string[]): T;
  cleanup(): void;
}

export function centralWorkspace(store: ObjectStore, pg: Postgres, opts: { bucket: string; database: string }): CentralWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-central-'));
  const credentials = store.credentialsFile(path.join(dir, 's3-credentials.json'));
  const config = path.join(dir, 'central.json');
  fs.writeFileSync(
    config,
    JSON.stringify(
      {
        store: { endpoint: store.endpoint, bucket: opts.bucket, region: 'us-east-1', credentialsFile: path.basename(credentials), forcePathStyle: true },
        postgres: { host: pg.host, port: pg.port, database: opts.database, user: pg.user },
        timezone: 'Asia/Shanghai',
      },
      null,
      2,
    ),
  );
  const run = (...args: string[]) => runCli(['--config', config, ...args]);
  return {
    dir,
    config,
    run,
    json<T>(...args: string[]): T {
      const r = run(...args, '--json');
      if (!r.stdout.trim()) throw new Error(`central ${args.join(' ')} (${r.status}): ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** What a central test runs against: a store with the locked bucket `evidence`, PostgreSQL with the database `central`, and the workspace over both. */
export interface CentralStack {
  store: ObjectStore;
  db: Postgres;
  ws: CentralWorkspace;
  client: ReturnType<typeof storeClient>;
  /** A query on `central`, its rows as psql prints them. */
  psql(sql: string): string;
  stop(): void;
}

export async function startCentralStack(): Promise<CentralStack> {
  const store = startObjectStore();
  const db = startPostgres();
  db.createDatabase('central');
  const ws = centralWorkspace(store, db, { bucket: 'evidence', database: 'central' });
  const client = storeClient(store);
  await createLockedBucket(client, 'evidence');
  return {
    store,
    db,
    ws,
    client,
    psql: (sql) => db.psql('central', sql),
    stop: () => {
      ws.cleanup();
      db.stop();
      store.stop();
    },
  };
}
