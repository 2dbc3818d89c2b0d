/**
 * The write-once copy on the object store, pure (docs/replication.md): where each thing goes in the
 * bucket, how long the store must keep it, what the metadata object says, when to try again.
 */
import type { ClassificationLevel } from './classification.js';
import type { RecordingObject } from './recording-object.js';
import { addDays, addMonths, isPermanentHold, type HoldReason, type RetentionDecision } from './retention-policy.js';

export const RECORDING_FORMAT = 'evidence-vault/recording@1';
export const STATION_FORMAT = 'evidence-vault/station@1';

/** Content-addressed: the same bytes always go to the same key, so nothing is sent twice as another object. */
/** A catalogue hash as the store's keys and the upload's signature take it: 64 lower-case hex digits. */
export const isSha256 = (s: string): boolean => /^[0-9a-f]{64}$/.test(s);

export function recordingObjectKey(sha256: string): string {
  return `recordings/sha256/${sha256.slice(0, 2)}/${sha256}`;
}

export function metadataKey(station: string, recordingId: number): string {
  return `stations/${station}/recordings/${recordingId}.json`;
}

export const pad12 = (n: number) => String(n).padStart(12, '0');

export function segmentKey(station: string, firstSeq: number, lastSeq: number): string {
  return `stations/${station}/trail/${pad12(firstSeq)}-${pad12(lastSeq)}.jsonl`;
}

export function segmentPrefix(station: string): string {
  return `stations/${station}/trail/`;
}

/** first and last seq from a segment's key; null for any other key. */
export function parseSegmentKey(key: string): { firstSeq: number; lastSeq: number } | null {
  const m = /\/trail\/(\d{12})-(\d{12})\.jsonl$/.exec(key);
  return m ? { firstSeq: Number(m[1]), lastSeq: Number(m[2]) } : null;
}

/** Where a station checks, once a connection, that the store refuses bytes not those signed for (nothing stays there). */
export function payloadCheckKey(station: string): string {
  return `stations/${station}/payload-check`;
}

export function stationKey(station: string): string {
  return `stations/${station}/station.json`;
}

/**
 * The farthest date a lock is set to. Ceph's gateway (16.2) keeps retain-until as unsigned 32-bit
 * seconds: a date after 2106-02-07 wraps round to the past, leaving the object unlocked (seen: a
 * 100-year lock came back as 1990). Locks stop short of that; every lock is also read back after it is
 * set, so a store with a nearer limit is caught, not trusted.
 */
export const FARTHEST_LOCK_DATE = '2099-12-31';

/** `date`, or the farthest date a lock is set to if it is later. */
export function capLockDate(date: string): string {
  return date > FARTHEST_LOCK_DATE ? FARTHEST_LOCK_DATE : date;
}

export interface LockSettings {
  permanentRetainYears: number;
  heldExtendMonths: number;
}

export interface ActiveHold {
  reason: HoldReason;
  permanent: boolean;
}

/**
 * The last local date the store must keep a recording: its retention end, or far ahead while a
 * permanent hold keeps it (from its own date, so the same every day: no daily re-extension), or at
 * least `heldExtendMonths` from today while another hold keeps it (renewed while held).
 */
export function lockedThrough(decision: Pick<RetentionDecision, 'keptThrough'>, localDate: string, holds: readonly ActiveHold[], today: string, s: LockSettings): string {
  if (holds.some((h) => isPermanentHold(h.reason, h.permanent))) return capLockDate(addMonths(localDate, 12 * s.permanentRetainYears));
  if (holds.length > 0) {
    const held = addMonths(today, s.heldExtendMonths);
    return capLockDate(held > decision.keptThrough ? held : decision.keptThrough);
  }
  return capLockDate(decision.keptThrough);
}

/** The day after the last kept day, as the local date the lock runs out at the start of. */
export function lockEndsOn(keptThroughDate: string): string {
  return addDays(keptThroughDate, 1);
}

/**
 * How far this PC's clock may be from the store's. Lock dates, the shortest lock and disposal follow the
 * PC's clock, while the S3 client quietly signs in the store's time: a PC years ahead would lock footage
 * for years too long (a COMPLIANCE lock can never be shortened), one far behind would ask for locks in
 * the past.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An outbox row a process works on stays its own while it renews its claim (every CLAIM_RENEW_MS): a
 * holder that is alive but does nothing (a `replicate run` suspended with Ctrl-Z) loses it after the
 * lease, so it cannot hold other rows' replication up for ever.
 */
export const CLAIM_LEASE_MS = 120_000;
export const CLAIM_RENEW_MS = 30_000;

/** A claim as the outbox keeps it: the holder's process token and when it last renewed it. */
export function claimText(token: string, atMs: number): string {
  return `${token}@${atMs}`;
}

/** The holder and renewal time of a claim (0 for a claim written without one: stale). */
export function parseClaim(text: string): { token: string; atMs: number } {
  const at = text.lastIndexOf('@');
  return at < 0 ? { token: text, atMs: 0 } : { token: text.slice(0, at), atMs: Number(text.slice(at + 1)) || 0 };
}

/** A held recording's lock is renewed when less than this many days remain. */
export const RENEW_WITHIN_DAYS = 30;

/** Waiting after a failure: 5 s doubling to 10 minutes, so a store that is down for a day costs little. */
export function retryDelayMs(attempts: number): number {
  return Math.min(600_000, 5_000 * 2 ** Math.max(0, Math.min(attempts - 1, 10)));
}

/**
 * What a station writes: the reader's shape (recording-object.ts, which also takes what older releases
 * wrote) without the nulls only they leave. One shape, so a field added for readers is a field writers
 * must fill.
 */
export type RecordingMetadata = Omit<RecordingObject, 'cases' | 'holds' | 'retainUntil' | 'disposed' | 'classification'> & {
  format: typeof RECORDING_FORMAT;
  cases: { number: string; category: string }[];
  holds: ActiveHold[];
  retainUntil: string;
  disposed: { at: string; approvedBy: string; reason: string } | null;
  /** R14: the recording's effective level (its own and its cases' strictest), so readers off the station can withhold secret footage's details. */
  classification: ClassificationLevel;
};

/** Metadata as bytes: UTF-8 JSON, keys in the documented order, one trailing newline. */
export function metadataBytes(m: RecordingMetadata): Buffer {
  return Buffer.from(`${JSON.stringify(m, null, 1)}\n`, 'utf8');
}
