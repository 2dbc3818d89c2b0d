/**
 * A real Ceph object store (RADOS Gateway, S3 API) for one test file: started on ports of its own in
 * about 2 seconds by `test/fixtures/object-store.sh`, stopped with the file. Its gateway can be stopped
 * and started again to make the store unreachable for a while.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectObjectStore, type ObjectStore as StoreAdapter } from '../../src/adapters/object-store.js';
import { PROJECT_ROOT } from './cli.js';

const SCRIPT = path.join(PROJECT_ROOT, 'test/fixtures/object-store.sh');

export interface ObjectStore {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  dir: string;
  /** A credentials file as the station reads it (0600). */
  credentialsFile(where: string): string;
  stopGateway(): void;
  startGateway(): void;
  stop(): void;
}

export function startObjectStore(): ObjectStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-store-'));
  // Ports spread by process id so files side by side (and a second suite) pick different ones; a clash retries.
  for (let attempt = 0; ; attempt++) {
    const base = 20_000 + ((process.pid * 97 + attempt * 7919 + Math.floor(Math.random() * 1000)) % 40_000);
    try {
      execFileSync(SCRIPT, ['start', dir, String(base), String(base + 100)], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
      break;
    } catch (e) {
      execFileSync(SCRIPT, ['stop', dir]);
      fs.mkdirSync(dir, { recursive: true });
      if (attempt >= 3) throw e;
    }
  }
  const env = Object.fromEntries(
    fs
      .readFileSync(path.join(dir, 'env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('=', 2) as [string, string]),
  );
  const store: ObjectStore = {
    endpoint: env.S3_ENDPOINT!,
    accessKeyId: env.AWS_ACCESS_KEY_ID!,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY!,
    dir,
    credentialsFile(where) {
      fs.writeFileSync(where, JSON.stringify({ accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey }), { mode: 0o600 });
      return where;
    },
    stopGateway: () => execFileSync(SCRIPT, ['gateway-stop', dir]),
    startGateway: () => execFileSync(SCRIPT, ['gateway-start', dir], { stdio: ['ignore', 'ignore', 'pipe'] }),
    stop: () => execFileSync(SCRIPT, ['stop', dir]),
  };
  return store;
}

/** The product's own client of the test's store (its `evidence` bucket unless named): to look at what was stored. */
export function storeClient(store: ObjectStore, bucket = 'evidence'): Promise<StoreAdapter> {
  return connectObjectStore({ endpoint: store.endpoint, bucket, region: 'us-east-1', forcePathStyle: true }, { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey });
}
