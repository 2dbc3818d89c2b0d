/** Access by approval (R13, P27, R14): the request/grant service, its copies, the gate and the daemon's expiry part. */
import path from 'node:path';
import { AccessStore } from '../adapters/catalog/access-store.js';
import { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import { inTransaction } from '../adapters/catalog/database.js';
import { scheduleJob } from '../adapters/cron-schedule.js';
import { folderExists, folderGroup, handCopyFolderTo, mediaProblem, removeCopyFolder, removeWorkingCopy, SourceMismatchError, startCopyFolder } from '../adapters/working-copy.js';
import { OutputFiles } from '../adapters/output-files.js';
import { grantReaderAcl, accountReading } from '../adapters/reader-acl.js';
import { processTokenAlive, thisProcessToken } from '../adapters/process-identity.js';
import { OperatorStore } from '../adapters/catalog/operator-store.js';
import { accessFor } from '../core/access-table.js';
import { AccessService } from '../services/access.js';
import { AccessCopies } from '../services/access-copies.js';
import { GrantGate } from '../services/access-gate.js';
import { AccessClearance, type SightCheck } from '../services/access-clearance.js';
import { AccessExpiry } from '../services/access-expiry.js';
import { AccessEnding } from '../services/access-ending.js';
import type { SharedParts } from './builders.js';

export interface AccessParts {
  service: AccessService;
  copies: AccessCopies;
  /** Grants ending: past their last day, no longer covering their footage, their requester deactivated. */
  ending: AccessEnding;
  gate: GrantGate;
  expiry: AccessExpiry;
  /** R14: the operator cleared for every recording, or refused (77, recorded): burning and handing out discs. */
  sight: SightCheck;
}

/** Where working copies go: the configured folder, else one beside the vault (never a caller's path). */
export function copiesRootOf(config: SharedParts['config']): string {
  return config.access.copiesRoot ?? path.join(path.dirname(config.vaultRoot), `${path.basename(config.vaultRoot)}-access-copies`);
}

/** The requester's role whose group reads their working copies: the first of theirs that may open a grant. */
function readerRole(roles: readonly string[]): string | null {
  return (accessFor('access.open').roles as readonly string[]).find((r) => roles.includes(r)) ?? null;
}

export function buildAccess(p: SharedParts, more: { cases: CaseStore }): AccessParts {
  const operators = new OperatorStore(p.db);
  const store = new AccessStore(p.db);
  const classification = new ClassificationStore(p.db);
  const clearance = new AccessClearance(classification, p.audit, (who) => operators.get(who)?.active ?? false);
  const gate = new GrantGate(store, classification, clearance, p.audit, p.clock);
  // A working copy's claim: taken by its making and by its withdrawal, under this command's token.
  const runner = { token: thisProcessToken(), alive: processTokenAlive };
  const copies = new AccessCopies(
    { vaultRoot: p.config.vaultRoot, copiesRoot: copiesRootOf(p.config) },
    {
      store,
      recordings: p.recordings,
      files: {
        start: (parent, name, workingCopy) => startCopyFolder(parent, name, p.config.vaultRoot, { passableRoot: workingCopy }),
        remove: removeCopyFolder,
        exists: folderExists,
        media: (dir) => mediaProblem(dir, p.config.vaultRoot),
        isSourceMismatch: (err): err is SourceMismatchError => err instanceof SourceMismatchError,
        handTo: (folder, role) => handCopyFolderTo(folder, OutputFiles.forRole(role, p.log)),
        handToAccount: async (folder, osUser) => {
          await handCopyFolderTo(folder, OutputFiles.forRole(null, p.log));
          await grantReaderAcl(folder, osUser);
        },
      },
      audit: p.audit,
      clock: p.clock,
      transaction: (fn) => inTransaction(p.db, fn),
      runner,
      readerRole: (operator) => readerRole(operators.get(operator)?.roles ?? []),
      uncovered: (g) => clearance.uncovered(g),
      clearedFor: (who, ids) => clearance.above(who, ids).above.length === 0,
      secret: (ids) => gate.secret(ids),
    },
  );
  const ending = new AccessEnding(copiesRootOf(p.config), {
    store,
    files: { remove: (dir) => removeWorkingCopy(dir, p.config.vaultRoot), sharedWithGroup: (dir) => folderGroup(dir) !== process.getgid!(), accountReading },
    audit: p.audit,
    clock: p.clock,
    runner,
    transaction: (fn) => inTransaction(p.db, fn),
    uncovered: (g) => clearance.uncovered(g),
    secret: (ids) => gate.secret(ids),
  });
  return {
    service: new AccessService({ store, classification, recordings: p.recordings, cases: more.cases, copies, clearance, audit: p.audit, clock: p.clock, transaction: (fn) => inTransaction(p.db, fn) }),
    copies,
    ending,
    gate,
    sight: (entry, ids) => clearance.require(entry, p.audit.who.operator, { as: 'self' }, ids),
    expiry: new AccessExpiry(ending, p.config.access.expirySchedule, scheduleJob, p.clock, p.log),
  };
}
