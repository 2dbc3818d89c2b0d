/**
 * This station's hold on its name in the bucket (`stations/<station>/…`), checked before anything else
 * is written there.
 *
 * Two stations configured with the same name would write over each other's metadata objects and trail
 * segments: recording ids and trail seqs start at 1 on every station. The descriptor names the
 * station's trail by its first entry's hash, which no other vault shares (a station rebuilt from the
 * store keeps its trail, so keeps it too); a descriptor naming another trail stops the run.
 *
 * A station that has sent copies before finds its descriptor where it sent them. A bucket without it
 * is another bucket or store than before (a mistyped or changed `bucket` or `endpoint`): the catalogue
 * would go on saying its recordings are replicated while they are not there, so that stops the run too.
 */
import { STATION_FORMAT, stationKey } from '../core/replication.js';
import type { ObjectStore } from '../adapters/object-store.js';

export interface StationDescriptor {
  station: string;
  unit: string | null;
  timezone: string;
  updatedAt: string;
  /** SHA-256 hash of the station's first trail entry. */
  trailOrigin: string;
}

export type NameCheck = { kind: 'ours' } | { kind: 'taken'; theirs: string } | { kind: 'not-here' };

/** Writes the descriptor unless the name is another station's, or the bucket is not where this station sent its copies. */
export async function claimStationName(s3: ObjectStore, d: StationDescriptor, sentBefore: boolean): Promise<NameCheck> {
  const key = stationKey(d.station);
  const before = await descriptorIn(s3, key);
  if (before === null && sentBefore) return { kind: 'not-here' };
  if (before?.origin && before.origin !== d.trailOrigin) return { kind: 'taken', theirs: before.origin };
  await s3.putBytes(key, Buffer.from(`${JSON.stringify({ format: STATION_FORMAT, ...d })}\n`), null, 'application/json');
  // Two stations starting under one name at once: the one whose descriptor did not stay stops too.
  const after = await descriptorIn(s3, key);
  if (after?.origin && after.origin !== d.trailOrigin) return { kind: 'taken', theirs: after.origin };
  return { kind: 'ours' };
}

/** The descriptor under `key` (null: none), with the trail it names (null: an older one naming none). */
async function descriptorIn(s3: ObjectStore, key: string): Promise<{ origin: string | null } | null> {
  if (!(await s3.head(key))) return null;
  try {
    const v = JSON.parse((await s3.getBytes(key)).toString('utf8')) as { trailOrigin?: unknown };
    return { origin: typeof v.trailOrigin === 'string' ? v.trailOrigin : null };
  } catch {
    return { origin: null };
  }
}
