/**
 * One recording to the store (docs/replication.md): its first upload (`put`) and, after a change on the
 * station, its lock and metadata brought up to date (`refresh`). A recording is marked replicated only
 * once this station's own version of its bytes is in the store under a COMPLIANCE lock, read back and
 * found equal, with its metadata object beside it; the mark, the outbox row's removal and the trail
 * entry are one transaction.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import { digestEntry } from '../core/metadata-digest.js';
import { isSha256, metadataBytes } from '../core/replication.js';
import { withFailureKind } from '../core/replication-failure.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { MetadataDigestStore } from '../adapters/catalog/metadata-digest-store.js';
import type { ObjectStore, ReadBack } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { Described, RecordingDescriber } from './replication-facts.js';
import { confirmLock, lockKept } from './lock-check.js';
import { ownVersions } from './own-versions.js';
import { PutStillPending } from './replication-waits.js';

export interface RecordingSendDeps {
  outbox: ReplicationStore;
  /** Each metadata version put is noted with the put, for the next digest. */
  digests: MetadataDigestStore;
  describer: RecordingDescriber;
  /** The vault file hashed, only to say why the store refused its bytes. */
  hashVaultFile: (file: string, expectedSize: number) => Promise<{ sha256: string | null; size: number }>;
  audit: AuditTrail;
  clock: UnitClock;
  vaultRoot: string;
  station: string;
}

/** The bytes (unless this station's copy is already there), read back, then the metadata; null when there was nothing to send. */
export async function putRecording(s3: ObjectStore, item: OutboxItem, deps: RecordingSendDeps): Promise<number | null> {
  const { describer, outbox, audit, clock } = deps;
  const d = describer.describe(item.recordingId);
  if (!d || d.metadata.disposed) {
    // Disposed of before it was sent: the disposal's own row removes whatever an earlier attempt left in the store.
    audit.runMany(() => outbox.finish(item));
    return null;
  }
  const r = d.recording;
  // A damaged catalogue row: nothing is looked up or sent under a key made of it.
  if (!isSha256(r.sha256)) throw withFailureKind(new UserError(said(m.catalogueHashInvalid, { path: r.vaultPath, found: JSON.stringify(r.sha256.slice(0, 80)) })), 'catalogue-damaged');
  const key = d.metadata.objectKey;
  const found = await reusableVersion(s3, d, deps.station);
  let versionId: string;
  let md5: string;
  let heldNow: ReadBack['held'] | null = null;
  if (found) {
    ({ versionId, md5 } = found);
    if (!found.retainUntil || found.retainUntil < d.lockUntil) await s3.extendRetention(key, versionId, d.lockUntil);
  } else {
    const file = path.join(deps.vaultRoot, r.vaultPath);
    // Signed with the catalogue's hash: the store stores the bytes only if they are the catalogue's.
    const sent = await s3.putFile(key, file, r.size, r.sha256, d.lockUntil, { sha256: r.sha256, station: deps.station, recording: String(r.id) });
    if (sent === 'bytes-refused') throw await whyRefused(file, r, deps);
    if (sent === 'file-changed') throw withFailureKind(new UserError(said(m.vaultChangedWhileSent, { path: r.vaultPath, size: r.size })), 'vault-copy-differs');
    versionId = sent.versionId;
    md5 = sent.etag;
    const back = await s3.readBack(key, versionId);
    if (back.sha256 !== r.sha256 || back.size !== r.size) throw withFailureKind(new UserError(said(m.readBackDiffers, { key, expected: r.sha256, found: back.sha256 })), 'read-back-differs');
    heldNow = back.held;
  }
  // The version just put and read back: the GET's answer says what lock it holds (a store that leaves
  // the lock out of it is asked, as a version found already there and extended is).
  if (found || !heldNow?.lockMode) await confirmLock(s3, key, versionId, d.lockUntil);
  else lockKept(key, versionId, d.lockUntil, heldNow);
  const body = metadataBytes(d.metadata);
  const meta = await s3.putBytes(d.metadataKey, body, d.lockUntil, 'application/json');
  await confirmLock(s3, d.metadataKey, meta.versionId, d.lockUntil);
  const retainUntil = d.lockUntil.toISOString();
  audit.run(
    { action: 'replicate.put', target: r.vaultPath, details: { recordingId: r.id, key, versionId, metadataVersionId: meta.versionId, retainUntil, bytes: r.size, alreadyInStore: found !== null } },
    () => {
      outbox.saveReplica({ recordingId: r.id, objectKey: key, versionId, md5, retainUntil, metadataVersionId: meta.versionId, replicatedAt: clock.nowIso() });
      deps.digests.note({ ...digestEntry(d.metadataKey, meta.versionId, body), retainUntil });
      outbox.finish(item);
    },
  );
  return found ? 0 : r.size;
}

/**
 * The store refused the bytes as not the catalogue's: the vault's file differs (hashed here to say so),
 * or they changed on the way (the next try sends them again).
 */
async function whyRefused(file: string, r: Described['recording'], deps: RecordingSendDeps): Promise<Error> {
  const local = await deps.hashVaultFile(file, r.size);
  if (local.sha256 === null || local.size !== r.size) return withFailureKind(new UserError(said(m.vaultSizeDiffers, { path: r.vaultPath, expected: r.size, found: local.size })), 'vault-copy-differs');
  if (local.sha256 !== r.sha256) return withFailureKind(new UserError(said(m.vaultCopyDiffers, { path: r.vaultPath, expected: r.sha256, found: local.sha256 })), 'vault-copy-differs');
  return withFailureKind(new UserError(said(m.changedOnTheWay, { path: r.vaultPath })), 'changed-in-transit');
}

/**
 * This station's own version of the bytes already in the store (a run killed after its upload), read
 * back and equal; null when there is none, and a version that is not the bytes it claims is passed
 * over (a fresh copy goes up beside it: a wrong object under the key cannot hold replication up).
 */
async function reusableVersion(s3: ObjectStore, d: Described, station: string): Promise<{ versionId: string; md5: string; retainUntil: Date | null } | null> {
  const r = d.recording;
  for (const v of await ownVersions(s3, d.metadata.objectKey, station)) {
    if (v.head.sha256 !== r.sha256 || v.size !== r.size) continue;
    const back = await s3.readBack(v.key, v.versionId);
    if (back.sha256 === r.sha256 && back.size === r.size) return { versionId: v.versionId, md5: v.head.etag, retainUntil: v.head.retainUntil };
  }
  return null;
}

/** A change on the station: the lock extended if it must be longer now (never shortened), new metadata. */
export async function refreshRecording(s3: ObjectStore, item: OutboxItem, deps: RecordingSendDeps): Promise<boolean> {
  const { describer, outbox, audit, clock } = deps;
  // The first upload described the recording when it began: this change waits for it, never dropped.
  if (outbox.putPending(item.recordingId)) throw new PutStillPending(item.recordingId);
  const rep = outbox.replica(item.recordingId);
  const d = rep && !rep.removedAt ? describer.describe(item.recordingId) : null;
  if (!rep || !d) {
    // Never sent (disposed of first), or removed: nothing in the store to bring up to date.
    audit.runMany(() => outbox.finish(item));
    return false;
  }
  const current = new Date(rep.retainUntil);
  const extended = d.lockUntil > current;
  if (extended) await s3.extendRetention(rep.objectKey, rep.versionId, d.lockUntil);
  const until = extended ? d.lockUntil : current;
  await confirmLock(s3, rep.objectKey, rep.versionId, until);
  const body = metadataBytes({ ...d.metadata, retainUntil: clock.iso(until) });
  const meta = await s3.putBytes(d.metadataKey, body, until, 'application/json');
  await confirmLock(s3, d.metadataKey, meta.versionId, until);
  audit.run({ action: 'replicate.refresh', target: d.recording.vaultPath, details: { recordingId: item.recordingId, retainUntil: until.toISOString(), extended, metadataVersionId: meta.versionId } }, () => {
    outbox.saveReplica({ ...rep, retainUntil: until.toISOString(), metadataVersionId: meta.versionId });
    deps.digests.note({ ...digestEntry(d.metadataKey, meta.versionId, body), retainUntil: until.toISOString() });
    outbox.finish(item);
  });
  return true;
}
