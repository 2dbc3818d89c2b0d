/** Two start-up guards of wiring: a refused choice of config, and the crash-test pause. */
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { startupMessages as sm } from '../core/i18n/startup-messages.js';
import type { Db } from '../adapters/catalog/database.js';
import { readInstallation } from '../adapters/installation-file.js';
import type { AuditTrail } from '../services/audit-trail.js';

/** sysexits EX_NOPERM: scripts can tell "not allowed" from "wrong input". */
const EXIT_REFUSED_CODE = 77;

/**
 * On an installed PC a caller chose another config (through sudo): the real trail records who tried
 * what, and nothing else happens.
 */
export function refuseOverride(db: Db, audit: AuditTrail, override: { source: string; value: string }, configPath: string): never {
  try {
    audit.record({ action: 'config.override', target: override.value, outcome: 'refused', details: { source: override.source, installedConfig: configPath } });
  } finally {
    db.close();
  }
  throw new UserError(
    said(sm.overrideRefused, { path: configPath, source: override.source, value: override.value }),
    sm.overrideRefusedHint,
    EXIT_REFUSED_CODE,
  );
}

/**
 * Crash tests only: with EVIDENCE_VAULT_TEST_PAUSE_AFTER_TOMBSTONE=1 a disposal stops for good right
 * after its tombstones are committed, so a test can kill -9 the process at exactly that point.
 */
export function pauseForCrashTest(): (() => Promise<void>) | undefined {
  if (process.env.EVIDENCE_VAULT_TEST_PAUSE_AFTER_TOMBSTONE !== '1' || readInstallation()) return undefined;
  return () => {
    process.stderr.write('paused after tombstone\n');
    return new Promise<void>(() => setInterval(() => undefined, 60_000));
  };
}
