/**
 * This station's hold on its name in the bucket (`stations/<station>/…`). Two stations configured with
 * the same name would write over each other's metadata objects and trail segments: recording ids and
 * trail seqs start at 1 on every station. The descriptor names the station's trail by its first
 * entry's hash, which no other vault shares (a station rebuilt from the store keeps its trail, so
 * keeps it too); a descriptor naming another trail stops the run before anything else is written.
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

/** Writes the descriptor unless the name is another station's; returns that station's trail origin when it is, else null. */
export async function claimStationName(s3: ObjectStore, d: StationDescriptor): Promise<string | null> {
  const key = stationKey(d.station);
  const before = await originIn(s3, key);
  if (before !== null && before !== d.trailOrigin) return before;
  await s3.putBytes(key, Buffer.from(`${JSON.stringify({ format: STATION_FORMAT, ...d })}\n`), null, 'application/json');
  // Two stations starting under one name at once: the one whose descriptor did not stay stops too.
  const after = await originIn(s3, key);
  return after !== null && after !== d.trailOrigin ? after : null;
}

async function originIn(s3: ObjectStore, key: string): Promise<string | null> {
  if (!(await s3.head(key))) return null;
  try {
    const v = JSON.parse((await s3.getBytes(key)).toString('utf8')) as { trailOrigin?: unknown };
    return typeof v.trailOrigin === 'string' ? v.trailOrigin : null;
  } catch {
    return null;
  }
}
