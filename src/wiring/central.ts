/**
 * The central catalogue built with plain constructors: its own config, the bucket (index only) and
 * PostgreSQL, the clock in the bureau's zone, the OS account that runs it, and pino for each run's
 * outcome. Nothing of a station: no vault, no catalogue, no station config. Refused on an installed
 * station, where the service account's sudo rules would let any operator name a config, and with it
 * which files are read and where their contents are sent.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { systemClock } from '../core/types.js';
import { unitClock, type UnitClock } from '../core/unit-clock.js';
import { loadCentralConfig, readPasswordFile, readStoreCredentials, type CentralConfig } from '../adapters/central-config-file.js';
import { CentralDb } from '../adapters/central-db.js';
import { CentralIndexTables } from '../adapters/central-db-index.js';
import { CentralDigestTables } from '../adapters/central-db-digests.js';
import { CentralQueries } from '../adapters/central-db-queries.js';
import { S3Bucket } from '../adapters/central-store.js';
import { readInstallation } from '../adapters/installation-file.js';
import { createLogger } from '../adapters/logger.js';
import { currentOsAccount } from '../adapters/os-account.js';
import { CentralIndexService } from '../services/central-index.js';
import { CentralReportService } from '../services/central-report.js';

interface CentralBase {
  config: CentralConfig;
  clock: UnitClock;
  osAccount: string;
  log: ReturnType<typeof createLogger>;
  db: CentralDb;
}

/** The central config named by --config; never on an installed station. */
function centralConfig(configFile: string | undefined): CentralConfig {
  if (readInstallation() !== null) throw new UserError(m.onStation, m.onStationHint, 77);
  if (!configFile) throw new UserError(m.needConfig, m.needConfigHint);
  return loadCentralConfig(path.resolve(configFile));
}

async function openBase(config: CentralConfig, needs: 'write' | 'read'): Promise<CentralBase> {
  const clock = unitClock(systemClock, config.timezone);
  const p = config.postgres;
  const password = p.passwordFile ? readPasswordFile(p.passwordFile) : undefined;
  const db = await CentralDb.open({ host: p.host, port: p.port, database: p.database, user: p.user, password });
  try {
    if (needs === 'write') await db.migrate(() => clock.nowIso());
    else await db.assertSchema();
  } catch (err) {
    await db.close();
    throw err;
  }
  // Each run's outcome goes to stderr (the journal under systemd) whatever the level a person asked for.
  return { config, clock, osAccount: currentOsAccount(), log: createLogger('info', 'evidence-vault-central'), db };
}

export interface CentralIndexing {
  index: CentralIndexService;
  close(): Promise<void>;
}

/** For `central index`: the bucket and PostgreSQL, its schema brought to this release's version. */
export async function openCentralIndex(configFile: string | undefined, opts: { readsInFlight?: number } = {}): Promise<CentralIndexing> {
  const config = centralConfig(configFile);
  const s = config.store;
  // The store's keys are checked before anything connects: a key file others can read is refused at once.
  const credentials = readStoreCredentials(s.credentialsFile);
  const base = await openBase(config, 'write');
  const bucket = await S3Bucket.open({ endpoint: s.endpoint, bucket: s.bucket, region: s.region, forcePathStyle: s.forcePathStyle, credentials });
  const index = new CentralIndexService({
    bucket,
    tables: new CentralIndexTables(base.db),
    digests: new CentralDigestTables(base.db),
    runs: base.db,
    clock: base.clock,
    osAccount: base.osAccount,
    log: base.log,
    readsInFlight: opts.readsInFlight,
  });
  return {
    index,
    async close() {
      bucket.close();
      await base.db.close();
    },
  };
}

export interface CentralReading {
  reports: CentralReportService;
  close(): Promise<void>;
}

/** For `central report` and `central search`: PostgreSQL only, read as an index left it. */
export async function openCentralReports(configFile: string | undefined): Promise<CentralReading> {
  const base = await openBase(centralConfig(configFile), 'read');
  return {
    reports: new CentralReportService({ queries: new CentralQueries(base.db), clock: base.clock, osAccount: base.osAccount, log: base.log }),
    close: () => base.db.close(),
  };
}
