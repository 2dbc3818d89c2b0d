/**
 * Lawful disposal reaching the store: once the station has disposed of a recording (its tombstone),
 * every version of its bytes object that this station put is removed from the store (another station's
 * versions of the same bytes are that station's) — unless other recordings here still need those
 * bytes, or a lock is still in force (then the disposal waits until the lock's date and says so). The
 * metadata's last version records the disposal; the tombstone records the store's side.
 */
import { capLockDate, metadataBytes } from '../core/replication.js';
import { addMonths } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecordingDescriber } from './replication-facts.js';

export class LockStillInForce extends Error {
  constructor(readonly until: Date) {
    super(`locked until ${until.toISOString()}`);
  }
}

interface DisposalDeps {
  outbox: ReplicationStore;
  describer: RecordingDescriber;
  audit: AuditTrail;
  clock: UnitClock;
  station: string;
}

/** The disposal record (the metadata's last version) is kept as long as trail segments: a record, not footage. */
const RECORD_YEARS = 100;

export async function disposeFromStore(s3: ObjectStore, item: OutboxItem, deps: DisposalDeps): Promise<void> {
  const { outbox, describer, audit, clock } = deps;
  const rep = outbox.replica(item.recordingId);
  const d = describer.describe(item.recordingId);
  if (!rep || rep.removedAt || !d) {
    // Never reached the store (or already removed): the tombstone says there is nothing there.
    audit.run({ action: 'replicate.dispose', target: `recording ${item.recordingId}`, details: { recordingId: item.recordingId, inStore: false } }, () => {
      if (!rep?.removedAt) outbox.markRemoved(item.recordingId, clock.nowIso());
      outbox.finish(item);
    });
    return;
  }
  const twins = outbox.liveTwins(item.recordingId, d.recording.sha256);
  const removed: string[] = [];
  if (twins === 0) {
    // The key is shared by content across the bureau: only the versions this station put are its to remove.
    const versions = [];
    for (const v of (await s3.versions(rep.objectKey)).filter((x) => x.key === rep.objectKey)) {
      if ((await s3.head(v.key, v.versionId))?.station === deps.station) versions.push(v);
    }
    const now = clock.now();
    // All locks first: remove nothing while any version must still be kept.
    for (const v of versions) {
      const lock = await s3.retention(v.key, v.versionId);
      if (lock && lock.until > now) throw new LockStillInForce(lock.until);
    }
    for (const v of versions) {
      await s3.deleteVersion(v.key, v.versionId);
      removed.push(v.versionId);
    }
  }
  const until = new Date(`${capLockDate(addMonths(clock.today(), 12 * RECORD_YEARS))}T00:00:00Z`);
  const meta = await s3.putBytes(d.metadataKey, metadataBytes(d.metadata), until, 'application/json');
  audit.run(
    { action: 'replicate.dispose', target: d.recording.vaultPath, details: { recordingId: item.recordingId, key: rep.objectKey, versionsRemoved: removed, keptForTwins: twins, metadataVersionId: meta.versionId } },
    () => {
      outbox.markRemoved(item.recordingId, clock.nowIso());
      outbox.finish(item);
    },
  );
}
