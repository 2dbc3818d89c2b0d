/**
 * A lock is read back like the bytes: after setting a retain-until, the store is asked what it holds.
 * A store that silently keeps another date (Ceph 16 wraps dates after 2106 round to the past) would
 * otherwise leave evidence unlocked while the station believes it locked.
 */
import { withFailureKind } from '../core/replication-failure.js';
import type { ObjectHead, ObjectStore } from '../adapters/object-store.js';

export async function confirmLock(s3: ObjectStore, key: string, versionId: string, until: Date): Promise<void> {
  lockKept(key, versionId, until, await s3.head(key, versionId));
}

/** What the store said it holds (a HEAD's or a GET's answer) against the lock asked for; throws unless it is kept. */
export function lockKept(key: string, versionId: string, until: Date, held: Pick<ObjectHead, 'lockMode' | 'retainUntil'> | null): void {
  // Stores keep whole seconds.
  if (held && held.lockMode === 'COMPLIANCE' && held.retainUntil && held.retainUntil.getTime() >= until.getTime() - 1000) return;
  const holds = held ? `${held.lockMode ?? 'no lock'} until ${held.retainUntil?.toISOString() ?? '—'}` : 'no such version';
  throw withFailureKind(new Error(`the store did not keep the lock on ${key} (version ${versionId}): asked COMPLIANCE until ${until.toISOString()}, it holds ${holds}`), 'lock-not-kept');
}
