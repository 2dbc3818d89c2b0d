/** Configuration changes on the record: an entry whenever a process starts with a config unlike the last one recorded. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/audit-chain.js';
import { errorMessage } from '../core/errors.js';
import type { IntegrityStore } from '../adapters/catalog/integrity-store.js';
import type { Logger } from '../adapters/logger.js';
import type { AuditTrail } from './audit-trail.js';

export function configHash(config: unknown): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex');
}

/** Returns true when an entry was written. Never stops start-up: a failure is logged loudly. */
export function recordConfigIfChanged(audit: AuditTrail, store: IntegrityStore, config: Record<string, unknown>, configPath: string, log: Logger): boolean {
  try {
    const hash = configHash(config);
    const last = store.lastDetails('config.loaded');
    if (last?.configHash === hash) return false;
    audit.record({ action: 'config.loaded', target: configPath, details: { configHash: hash, previousHash: last?.configHash ?? null, config } });
    return true;
  } catch (err) {
    log.error({ err: errorMessage(err), configPath }, 'cannot record the configuration in the audit trail');
    return false;
  }
}
