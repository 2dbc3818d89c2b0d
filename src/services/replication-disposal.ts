/**
 * Lawful disposal reaching the store: once the station has disposed of a recording (its tombstone),
 * this station's versions of its bytes object are removed from the store — unless other recordings of
 * the station still need those bytes, or a lock is still in force (then the disposal waits until the
 * lock's date and says so). Other stations' versions under the same content key are theirs and stay.
 * The store is asked what it holds, not only the catalogue: a run killed after its upload and before
 * its record left a version no replica row names. The metadata's last version records the disposal;
 * the tombstone records the store's side.
 */
import { digestEntry } from '../core/metadata-digest.js';
import { capLockDate, metadataBytes } from '../core/replication.js';
import { addMonths } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { MetadataDigestStore } from '../adapters/catalog/metadata-digest-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecordingDescriber } from './replication-facts.js';
import { confirmLock } from './lock-check.js';
import { ownVersions } from './own-versions.js';
import { LockStillInForce, PutStillPending } from './replication-waits.js';

interface DisposalDeps {
  outbox: ReplicationStore;
  digests: MetadataDigestStore;
  describer: RecordingDescriber;
  audit: AuditTrail;
  clock: UnitClock;
  station: string;
}

/** The disposal record (the metadata's last version) is kept as long as trail segments: a record, not footage. */
const RECORD_YEARS = 100;

export async function disposeFromStore(s3: ObjectStore, item: OutboxItem, deps: DisposalDeps): Promise<void> {
  const { outbox, describer, audit, clock } = deps;
  // An upload under way would put the bytes back after they were removed: the disposal runs after it.
  if (outbox.putPending(item.recordingId)) throw new PutStillPending(item.recordingId);
  const rep = outbox.replica(item.recordingId);
  const d = describer.describe(item.recordingId);
  if (rep?.removedAt || !d) {
    audit.run({ action: 'replicate.dispose', target: `recording ${item.recordingId}`, details: { recordingId: item.recordingId, inStore: false } }, () => {
      if (!rep?.removedAt) outbox.markRemoved(item.recordingId, clock.nowIso());
      outbox.finish(item);
    });
    return;
  }
  const key = d.metadata.objectKey;
  const twins = outbox.liveTwins(item.recordingId, d.recording.sha256);
  const removed: string[] = [];
  if (twins === 0) {
    const versions = await ownVersions(s3, key, deps.station);
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
  // The metadata records the disposal wherever the store was told of the recording.
  let record: { versionId: string; body: Buffer; until: Date } | null = null;
  if (rep || (await s3.head(d.metadataKey))) {
    const until = new Date(`${capLockDate(addMonths(clock.today(), 12 * RECORD_YEARS))}T00:00:00Z`);
    const body = metadataBytes(d.metadata);
    record = { versionId: (await s3.putBytes(d.metadataKey, body, until, 'application/json')).versionId, body, until };
    await confirmLock(s3, d.metadataKey, record.versionId, until);
  }
  const metadataVersionId = record?.versionId ?? null;
  audit.run(
    {
      action: 'replicate.dispose',
      target: d.recording.vaultPath,
      details: { recordingId: item.recordingId, key, inStore: rep !== undefined || removed.length > 0, versionsRemoved: removed, keptForTwins: twins, metadataVersionId },
    },
    () => {
      outbox.markRemoved(item.recordingId, clock.nowIso());
      if (record) deps.digests.note({ ...digestEntry(d.metadataKey, record.versionId, record.body), retainUntil: record.until.toISOString() });
      outbox.finish(item);
    },
  );
}
