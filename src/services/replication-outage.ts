/**
 * Replication's failures on the record without flooding it. A recording that fails the same way on
 * every retry (the back-off retries up to ~144 times a day) is recorded once per distinct error, and
 * again only once it has succeeded or fails differently; its outbox row keeps the text last recorded,
 * so a second process (the dock service beside a `replicate run`) does not record it again either. A
 * store that cannot be reached is one entry when a station first finds it so and one when it answers
 * again: the outage is a row of the catalogue, taken by one transaction, never by two processes.
 */
import type { FailureKind } from '../core/replication-failure.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { AuditTrail } from './audit-trail.js';

export interface OutageDeps {
  outbox: ReplicationStore;
  audit: AuditTrail;
  clock: UnitClock;
}

/** A failed attempt: the row postponed, and on the record unless this very error is there already. */
export function recordFailure(deps: OutageDeps, item: OutboxItem, nextTryMs: number, error: string, kind: FailureKind): boolean {
  const { outbox, audit } = deps;
  if (item.recordedError === error.slice(0, 500)) {
    outbox.postpone(item, nextTryMs, error, kind);
    return false;
  }
  audit.run(
    {
      action: `replicate.${item.kind}`,
      target: `recording ${item.recordingId}`,
      outcome: 'failed',
      // Retries failing the same way are not recorded again: the count here is how many came before this one.
      details: { recordingId: item.recordingId, attempts: item.attempts + 1, error, kind, previousError: item.recordedError },
    },
    () => outbox.postpone(item, nextTryMs, error, kind, true),
  );
  return true;
}

/** The store could not be reached: on the record when this is the start of the outage. */
export function noteUnreachable(deps: OutageDeps, endpoint: string, what: string): void {
  const { outbox, audit, clock } = deps;
  audit.runMany(() => {
    if (outbox.storeUnreachable(clock.nowIso(), what)) {
      audit.insertInTransaction({ action: 'replicate.unreachable', target: endpoint, outcome: 'failed', details: { error: what } });
    }
  });
}

/** The store answered: on the record when an outage was on. */
export function noteReachable(deps: OutageDeps, endpoint: string): void {
  const { outbox, audit } = deps;
  if (!outbox.unreachableSince()) return;
  audit.runMany(() => {
    const ended = outbox.storeReachable();
    if (ended) audit.insertInTransaction({ action: 'replicate.reachable', target: endpoint, details: { unreachableSince: ended.since, error: ended.detail } });
  });
}
