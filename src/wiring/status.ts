/**
 * `status`: the dock report, the fixity and archive lines, standing disposal approvals. Built on the
 * base alone by `openStatusVault`, so `status` loads none of the modules of ingest, export or fixity
 * runs (and starts no worker thread); `openVault` builds the same with `buildStatus`.
 */
import type { Db } from '../adapters/catalog/database.js';
import { DockActivityStore } from '../adapters/catalog/dock-activity-store.js';
import { ExportStore } from '../adapters/catalog/export-store.js';
import { FixityStore } from '../adapters/catalog/fixity-store.js';
import { HoldApprovalsStore } from '../adapters/catalog/hold-approvals-store.js';
import { RecorderStore } from '../adapters/catalog/recorder-store.js';
import { SessionStore } from '../adapters/catalog/recording-store.js';
import { RegisterStore } from '../adapters/catalog/register-store.js';
import { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { DockStatusSources } from '../services/dock-status.js';
import { exportReminderSaid } from '../services/export-reminder.js';
import { fixityStatusSaid } from '../services/fixity-status.js';
import type { StandingStatus } from '../services/retention-standing.js';
import { StandingApprovals } from '../services/retention-standing.js';
import { ServiceStatus } from '../services/service-status.js';
import { openVaultBase, type VaultBase } from './base.js';
import type { VaultOptions } from './vault-types.js';

/** What `status` reads of the dock: the activity, recorders, sessions and officer register. */
export function dockSources(db: Db): DockStatusSources & { activity: DockActivityStore; recorders: RecorderStore; sessions: SessionStore; registers: RegisterStore } {
  return { activity: new DockActivityStore(db), recorders: new RecorderStore(db), sessions: new SessionStore(db), registers: new RegisterStore(db) };
}

export function buildStatus(base: Pick<VaultBase, 'db' | 'clock' | 'config'>, dock: DockStatusSources, standing: () => StandingStatus): ServiceStatus {
  const fixity = new FixityStore(base.db);
  const exports = new ExportStore(base.db);
  // The store's lag from the outbox alone: `status` never connects to the store.
  const outbox = base.config.replication ? new ReplicationStore(base.db) : null;
  const replication = () => {
    if (!outbox) return null;
    const { waiting, bytes, oldestQueuedAt, oldestLocalDate, failing, lastError, lastErrorKind, disposals } = outbox.lag();
    return { waiting, bytes, oldestQueuedAt, oldestLocalDate, failing, lastError, lastErrorKind, disposals };
  };
  return new ServiceStatus(dock, base.clock, () => fixityStatusSaid(fixity, base.config.fixity), () => exportReminderSaid(exports, base.clock), base.config.staffing.largeStaffFrom, standing, replication);
}

/** The base and `status`, nothing else. */
export function openStatusVault(options: VaultOptions = {}): VaultBase & { status: ServiceStatus } {
  const base = openVaultBase(options);
  const standing = new StandingApprovals(new HoldApprovalsStore(base.db), base.audit, base.clock);
  return { ...base, status: buildStatus(base, dockSources(base.db), () => standing.statusFacts()) };
}
