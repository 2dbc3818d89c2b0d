/**
 * What every command opens, whatever it then does: the configuration, the catalogue, the trail, and
 * the command session (role check, start-up work, the outcome on the record). `openVault` builds every
 * service on it; a command that needs only a few (`status`, `recordings list`) builds those on it
 * alone, so it does not load the modules of the rest (issue 15, start-up).
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Actor } from '../core/types.js';
import { unitClock, type UnitClock } from '../core/unit-clock.js';
import type { Installation } from '../core/installation.js';
import type { Config } from '../adapters/config-file.js';
import { AuditFile } from '../adapters/audit-file.js';
import { AuditStore } from '../adapters/catalog/audit-store.js';
import { inTransaction, openCatalog, openCatalogForCheck, unflushedTransaction, type Db } from '../adapters/catalog/database.js';
import { IntegrityStore } from '../adapters/catalog/integrity-store.js';
import { OperatorStore } from '../adapters/catalog/operator-store.js';
import { createLogger, type Logger } from '../adapters/logger.js';
import { currentOsAccount } from '../adapters/os-account.js';
import { runProcessInZone } from '../adapters/process-zone.js';
import { StagingArea } from '../adapters/staging-area.js';
import { AuditTrail } from '../services/audit-trail.js';
import { RoleAuthorizer } from '../services/authorizer.js';
import { CommandSession } from '../services/command-session.js';
import { recordConfigIfChanged } from '../services/config-audit.js';
import { OperatorService } from '../services/operators.js';
import { assertVaultPresent, startRun } from '../startup.js';
import { refuseOverride } from './start-guards.js';
import type { VaultOptions } from './vault-types.js';

export const AUDIT_FILE = '.audit/audit-trail.jsonl';

export interface VaultBase {
  config: Config;
  configPath: string;
  installation: Installation | null;
  db: Db;
  /** The catalogue was opened for a read-only check on a full disk: nothing can be recorded. */
  diskFull: boolean;
  log: Logger;
  clock: UnitClock;
  audit: AuditTrail;
  integrityStore: IntegrityStore;
  operators: OperatorService;
  authorizer: RoleAuthorizer;
  session: CommandSession;
  storage: { vaultRoot: string; catalogDir: string };
  /** The start-up work every command does once allowed: clean what an interrupted run left, record a changed config. */
  startUp(): void;
  close(): Promise<void>;
}

export function openVaultBase(options: VaultOptions = {}): VaultBase {
  const { config, configPath, installation, override } = startRun(options.configFile);
  const log = createLogger(options.logLevel ?? config.logLevel);
  // The unit's one clock: every date the vault writes is in its zone, which the process runs in
  // (read from Date's local fields, not through Intl's costly first DateTimeFormat).
  runProcessInZone(config.timezone);
  const clock = unitClock(options.clock ?? systemClock, config.timezone);
  if (options.create) fs.mkdirSync(config.vaultRoot, { recursive: true, mode: 0o750 });
  else assertVaultPresent(config);
  // A read-only check still runs on a disk too full for the catalogue's usual open; it then cannot record itself.
  const { db, diskFull } = options.readOnlyCheck ? openCatalogForCheck(config.catalogPath) : { db: openCatalog(config.catalogPath, { create: options.create }), diskFull: false };
  const actor: Actor = options.actor ?? { operator: currentOsAccount(), role: null };
  const audit = new AuditTrail(
    { transaction: (fn) => inTransaction(db, fn), markTransaction: (fn) => unflushedTransaction(db, fn), store: new AuditStore(db), file: new AuditFile(path.join(config.vaultRoot, AUDIT_FILE)), clock, log, cannotRecord: diskFull ? 'disk full' : undefined },
    actor,
  );
  if (override) refuseOverride(db, audit, override, configPath);
  const integrityStore = new IntegrityStore(db);
  // Start-up work that writes: done once the command is allowed (or the service starts), never before.
  const startUp = () => {
    const cleaned = StagingArea.cleanLeftovers(config.vaultRoot);
    if (cleaned) log.warn({ files: cleaned }, 'removed unfinished copies left by an interrupted run');
    // On a full disk nothing can be recorded: the config is put on the record by the next run that can write.
    if (!diskFull) recordConfigIfChanged(audit, integrityStore, config, configPath, log);
  };
  const operators = new OperatorService(new OperatorStore(db), audit, clock);
  const authorizer = new RoleAuthorizer(operators);
  return {
    config,
    configPath,
    installation,
    db,
    diskFull,
    log,
    clock,
    audit,
    integrityStore,
    operators,
    authorizer,
    session: new CommandSession(audit, authorizer, log, startUp),
    storage: { vaultRoot: config.vaultRoot, catalogDir: path.dirname(config.catalogPath) },
    startUp,
    async close() {
      db.close();
    },
  };
}
