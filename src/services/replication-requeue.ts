/**
 * Live recordings the store has no copy of and no upload queued for: their outbox row was lost (a
 * catalogue restored from a backup, a row removed by hand), and nothing would ever send them. `verify
 * --remote` reports them; `replicate run` (and the dock service's daily pass) queues their first upload
 * again, on the record, in one transaction with the entry, so two runs at once never both claim it.
 */
import { listed } from '../core/station-restore.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { AuditTrail } from './audit-trail.js';

const PAGE = 500;

export function requeueUnqueued(deps: { outbox: ReplicationStore; audit: AuditTrail }): number {
  const { outbox, audit } = deps;
  let total = 0;
  for (let after = 0; ; ) {
    const n = audit.runMany(() => {
      const page = outbox.unqueuedAfter(after, PAGE);
      if (page.length === 0) return -1;
      after = page[page.length - 1]!.recordingId;
      const queued = page.filter((u) => outbox.queuePut(u.recordingId)).map((u) => u.recordingId);
      if (queued.length) audit.insertInTransaction({ action: 'replicate.requeue', target: 'outbox', details: { reason: 'neither in the store nor queued to be sent', recordingIds: listed(queued, 500) } });
      return queued.length;
    });
    if (n < 0) return total;
    total += n;
  }
}
