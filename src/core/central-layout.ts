/**
 * The bucket's keys as the central catalogue reads them (docs/replication.md "The bucket"): every
 * station writes under `stations/<station>/` its descriptor, one metadata object per recording, and
 * its audit trail in segments, metadata digests (the keys as the station writes them: src/core/replication.ts). Pure:
 * names in, meanings out.
 */
import { segmentPrefix, stationKey } from './replication.js';

/** A station's name: lower-case letters, digits and `-` (the station config's `replication.station`). */
export const STATION_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62})$/;

export const STATIONS_PREFIX = 'stations/';

export function stationPrefix(station: string): string {
  return `${STATIONS_PREFIX}${station}/`;
}

export function recordingsPrefix(station: string): string {
  return `${stationPrefix(station)}recordings/`;
}

export const trailPrefix = segmentPrefix;
export const stationDescriptorKey = stationKey;

/** What a key under `stations/` is, or null for a key the layout does not define (left alone). */
export type StationKey =
  | { kind: 'recording'; station: string; recordingId: number }
  | { kind: 'trail'; station: string; firstSeq: number; lastSeq: number }
  | { kind: 'digest'; station: string }
  | { kind: 'station'; station: string };

const RECORDING_KEY = /^stations\/([^/]+)\/recordings\/([1-9][0-9]{0,15})\.json$/;
const TRAIL_KEY = /^stations\/([^/]+)\/trail\/([0-9]{12})-([0-9]{12})\.jsonl$/;
const DIGEST_KEY = /^stations\/([^/]+)\/digests\/[0-9]{12}-[0-9]{12}-[0-9]{12}\.jsonl$/;
const STATION_KEY = /^stations\/([^/]+)\/station\.json$/;

export function parseStationKey(key: string): StationKey | null {
  let m = RECORDING_KEY.exec(key);
  if (m && STATION_NAME.test(m[1]!)) {
    const recordingId = Number(m[2]);
    return Number.isSafeInteger(recordingId) ? { kind: 'recording', station: m[1]!, recordingId } : null;
  }
  m = TRAIL_KEY.exec(key);
  if (m && STATION_NAME.test(m[1]!)) return { kind: 'trail', station: m[1]!, firstSeq: Number(m[2]), lastSeq: Number(m[3]) };
  m = DIGEST_KEY.exec(key);
  if (m && STATION_NAME.test(m[1]!)) return { kind: 'digest', station: m[1]! };
  m = STATION_KEY.exec(key);
  if (m && STATION_NAME.test(m[1]!)) return { kind: 'station', station: m[1]! };
  return null;
}

/** The station a `stations/<station>/` prefix names, or null when the name is not a station's. */
export function stationOfPrefix(prefix: string): string | null {
  const m = /^stations\/([^/]+)\/$/.exec(prefix);
  return m && STATION_NAME.test(m[1]!) ? m[1]! : null;
}

/** An S3 ETag without the quotes the protocol puts around it. */
export function bareEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');
}
