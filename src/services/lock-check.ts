/**
 * A lock is read back like the bytes: after setting a retain-until, the store is asked what it holds.
 * A store that silently keeps another date (Ceph 16 wraps dates after 2106 round to the past) would
 * otherwise leave evidence unlocked while the station believes it locked.
 */
import { withFailureKind } from '../core/replication-failure.js';
import type { ObjectStore } from '../adapters/object-store.js';

export async function confirmLock(s3: ObjectStore, key: string, versionId: string, until: Date): Promise<void> {
  const head = await s3.head(key, versionId);
  // Stores keep whole seconds.
  if (head && head.lockMode === 'COMPLIANCE' && head.retainUntil && head.retainUntil.getTime() >= until.getTime() - 1000) return;
  const holds = head ? `${head.lockMode ?? 'no lock'} until ${head.retainUntil?.toISOString() ?? '—'}` : 'no such version';
  throw withFailureKind(new Error(`the store did not keep the lock on ${key} (version ${versionId}): asked COMPLIANCE until ${until.toISOString()}, it holds ${holds}`), 'lock-not-kept');
}
