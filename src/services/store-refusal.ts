/**
 * The store refusing the station's keys (a wrong secret, a revoked key, a key without rights to the
 * bucket) said as such: a person's error to fix in the credentials file (exit 77), not an unexpected
 * failure with the store's bare error name.
 */
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import { keyRefusal } from '../core/store-errors.js';
import type { ObjectStore } from '../adapters/object-store.js';

/** `err` as the person's error when the store refused the keys; else `err` itself. */
export function explainedStoreError(err: unknown, s3: Pick<ObjectStore, 'endpoint' | 'bucket'>): unknown {
  const code = keyRefusal(err);
  return code ? new UserError(said(m.keysRefused, { endpoint: s3.endpoint, bucket: s3.bucket, code }), m.keysRefusedHint, 77) : err;
}
