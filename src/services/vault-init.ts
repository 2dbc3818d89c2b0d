/**
 * `evidence-vault init`: the only way a vault comes into being. Creates the vault folder, its footage
 * tree and the catalogue, makes the account that runs it the first administrator when the catalogue
 * has no operators, and records all of it. Safe to run again: an existing vault is checked, its
 * catalogue brought to this program's schema, and nothing else changes.
 */
import { UserError } from '../core/errors.js';
import { accessMessages } from '../core/i18n/access-messages.js';
import { said } from '../core/i18n/said.js';
import { refusedSaid } from '../core/i18n/said-parts.js';
import { FOOTAGE_ROOT } from '../core/vault-layout.js';
import type { AuditTrail } from './audit-trail.js';
import type { Authorizer } from './authorizer.js';
import type { OperatorService } from './operators.js';

export interface InitReport {
  vaultRoot: string;
  catalogPath: string;
  /** True when this run created the catalogue (and so the vault). */
  created: boolean;
  /** The account made first administrator by this run, if any. */
  firstAdmin: string | null;
  operators: number;
}

export interface InitParts {
  vaultRoot: string;
  catalogPath: string;
  audit: AuditTrail;
  operators: OperatorService;
  authorizer: Authorizer;
  /** mkdir -p below the vault root, each new folder made durable (fsynced into its parent). */
  makeDir: (root: string, relDir: string) => Promise<string>;
}

export const INIT_ACCESS = { action: 'vault.init', roles: ['admin'] } as const;

export async function initializeVault(parts: InitParts, catalogueExisted: boolean): Promise<InitReport> {
  const { audit, operators } = parts;
  const osUser = audit.who.operator;
  const firstAdmin = operators.ensureFirstAdmin(osUser);
  if (!firstAdmin) {
    // Re-running init on a vault in use (an upgrade, a second install) is an administrator's act.
    const decision = parts.authorizer.authorize({ osUser, access: INIT_ACCESS });
    if (!decision.allowed) {
      audit.record({ action: INIT_ACCESS.action, target: parts.vaultRoot, outcome: 'refused', details: { reason: decision.reason, message: decision.message.en } });
      throw new UserError(refusedSaid(decision.message), said(accessMessages.reinitAdminOnly), 77);
    }
    audit.actAs(decision.role);
  } else {
    audit.actAs('admin');
  }
  await parts.makeDir(parts.vaultRoot, FOOTAGE_ROOT);
  const report: InitReport = {
    vaultRoot: parts.vaultRoot,
    catalogPath: parts.catalogPath,
    created: !catalogueExisted,
    firstAdmin: firstAdmin?.osUser ?? null,
    operators: operators.list().length,
  };
  audit.record({ action: INIT_ACCESS.action, target: parts.vaultRoot, details: { catalogPath: parts.catalogPath, created: report.created, firstAdmin: report.firstAdmin } });
  return report;
}
