/**
 * A station rebuilt from the object store (`restore-station`), pure: the trail's segments checked from
 * themselves alone, the metadata objects read as they must be, and which trail entries a freshly made
 * vault may already hold. What the store does not carry is said here once, for the output and the record.
 */
import { verifyChain, type AuditEntry, GENESIS_HASH } from './audit-chain.js';
import { parseSegmentKey, RECORDING_FORMAT, recordingObjectKey, type RecordingMetadata } from './replication.js';
import { isHoldReason } from './retention-policy.js';
import { CLASSIFICATION_LEVELS, isClassificationLevel } from './classification.js';
import { isRecordingFlag } from './recording-flags.js';
import { FOOTAGE_ROOT } from './vault-layout.js';

/** The trail's actions of restore-station itself: its refusals and failures before the catalogue, its record after. */
export const RESTORE_ACTION = 'restore-station';
export const CATALOGUE_ACTION = 'restore-station.catalogue';
export const RECORDING_ACTION = 'restore-station.recording';
export const PLACE_ACTION = 'restore-station.place';

/** What the store does not carry: in the trail's entries only, or nowhere off the machine. */
export const NOT_CARRIED = [
  'operators-and-roles',
  'access-requests-and-grants',
  'inspections',
  'register-history',
  'device-assignments',
  'officer-status',
  'classification',
  'archive-sets-and-discs',
  'media-details',
  'trail-after-last-segment',
] as const;
export type NotCarried = (typeof NOT_CARRIED)[number];

/**
 * Entries a vault may hold before it is restored: what `init` writes, operators added by the
 * administrator, looks that change nothing, refusals, and restore-station's own earlier attempts. Also
 * the dock service's own comings and goings and its scheduled rounds, as on a PC set up anew, where the
 * installer starts the service as soon as `init` has made the vault: with no recording and no tombstone
 * in the catalogue (checked beside this), a fixity round or a retention sweep had nothing to act on, and
 * a recorder refused at the dock left nothing behind.
 */
const SET_UP = new Set([
  'operator.bootstrap',
  'vault.init',
  'config.loaded',
  'status',
  'replicate.status',
  'verify',
  'audit.log',
  'audit.verify',
  'operator.list',
  'daemon.start',
  'daemon.stop',
  'fixity.run',
  'retention.sweep',
  'dock.foreign-usb',
  'dock.unknown-recorder',
  // A dock that failed: anything it had stored would be a recording, checked beside this.
  'dock.failed',
  // The service finding the store out of reach, and back: it sent nothing meanwhile.
  'replicate.unreachable',
  'replicate.reachable',
]);

export function isSetUpEntry(e: Pick<AuditEntry, 'action' | 'outcome'>): boolean {
  return SET_UP.has(e.action) || e.action.startsWith('operator.') || e.action === RESTORE_ACTION || e.action.startsWith(`${RESTORE_ACTION}.`) || e.outcome === 'refused';
}

export interface SegmentRef {
  key: string;
  firstSeq: number;
  lastSeq: number;
}

export type SegmentOrder = { ok: true; segments: SegmentRef[] } | { ok: false; seq: number; detail: string };

/** The station's segments in order, each starting where the one before ended: the first entry missing is named. */
export function orderSegments(keys: readonly string[]): SegmentOrder {
  const segments = keys
    .map((key) => ({ key, range: parseSegmentKey(key) }))
    .filter((s): s is { key: string; range: { firstSeq: number; lastSeq: number } } => s.range !== null)
    .map((s) => ({ key: s.key, ...s.range }))
    .sort((a, b) => a.firstSeq - b.firstSeq || a.lastSeq - b.lastSeq);
  let next = 1;
  for (const s of segments) {
    if (s.firstSeq !== next || s.lastSeq < s.firstSeq) {
      // Two segments holding the same entries: two machines wrote this station's trail (a fork), or one was rewritten.
      const detail = s.firstSeq > next ? `no segment holds entries ${next}–${s.firstSeq - 1}` : `${s.key} holds entries ${s.firstSeq}–${Math.min(next - 1, s.lastSeq)} a second time: two trails under one station name`;
      return { ok: false, seq: Math.min(next, s.firstSeq), detail };
    }
    next = s.lastSeq + 1;
  }
  return { ok: true, segments };
}

/** One segment's lines as entries; null where a line is not one. */
export function parseSegment(text: string): (AuditEntry | null)[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      try {
        const e = JSON.parse(l) as AuditEntry;
        return e && typeof e === 'object' && Number.isSafeInteger(e.seq) && typeof e.hash === 'string' ? e : null;
      } catch {
        return null;
      }
    });
}

/** The first break in a segment, given the hash the previous one ended with: its seq and what is wrong; null when whole. */
export function segmentBreak(ref: SegmentRef, lines: readonly (AuditEntry | null)[], prevHash: string): { seq: number; detail: string } | null {
  const bad = lines.findIndex((e) => e === null);
  if (bad >= 0) return { seq: ref.firstSeq + bad, detail: `line ${bad + 1} of ${ref.key} is not a trail entry` };
  const entries = lines as AuditEntry[];
  if (entries.length !== ref.lastSeq - ref.firstSeq + 1) return { seq: ref.firstSeq, detail: `${ref.key} holds ${entries.length} entries, its name says ${ref.lastSeq - ref.firstSeq + 1}` };
  const problem = verifyChain(entries, prevHash, ref.firstSeq)[0];
  return problem ? { seq: problem.seq, detail: `${problem.kind}: ${problem.detail}` } : null;
}

export const FIRST_PREV_HASH = GENESIS_HASH;

/** A metadata object as it must be; a string says why it is not one this station can restore from. */
export function readMetadata(text: string, station: string, recordingId: number): RecordingMetadata | string {
  let m: RecordingMetadata;
  try {
    m = JSON.parse(text) as RecordingMetadata;
  } catch {
    return 'not JSON';
  }
  if (!m || typeof m !== 'object' || m.format !== RECORDING_FORMAT) return `not ${RECORDING_FORMAT}`;
  if (m.station !== station) return `written by station ${String(m.station)}`;
  if (m.recordingId !== recordingId) return `names recording ${String(m.recordingId)} under the key of ${recordingId}`;
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) return 'no SHA-256';
  if (!Number.isSafeInteger(m.size) || m.size < 0) return 'no size';
  if (m.objectKey !== recordingObjectKey(m.sha256)) return `its bytes' key ${String(m.objectKey)} is not its SHA-256's`;
  if (!isVaultPath(m.vaultPath)) return `vault path ${String(m.vaultPath)} is not one inside the vault's footage folder`;
  for (const k of ['originalName', 'startedAt', 'localDate', 'ingestedAt', 'writtenAt'] as const) if (typeof m[k] !== 'string' || !m[k]) return `no ${k}`;
  if (!['file-name', 'metadata', 'mtime'].includes(m.startedAtSource) || Number.isNaN(Date.parse(m.startedAt))) return 'no valid start time';
  if (!Array.isArray(m.flags) || !m.flags.every((f) => isRecordingFlag(f))) return 'unknown flags';
  if (!Array.isArray(m.cases) || !Array.isArray(m.holds) || !m.holds.every((h) => isHoldReason(h.reason))) return 'unreadable cases or holds';
  // Absent before levels were sent. Any other value is no station's: taken as ordinary it would show
  // footage someone meant hidden, and the catalogue refuses it (the whole restore failed on it).
  const level: unknown = m.classification;
  if (level !== undefined && level !== null && !(typeof level === 'string' && isClassificationLevel(level))) return `level ${JSON.stringify(level)} is none of ${CLASSIFICATION_LEVELS.join(', ')}`;
  return m;
}

/** A path below the footage folder, with no way out of the vault. */
export function isVaultPath(p: unknown): p is string {
  if (typeof p !== 'string' || !p.startsWith(`${FOOTAGE_ROOT}/`)) return false;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\\]/.test(p)) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The recording id a metadata key names; null for any other key. */
export function metadataKeyId(key: string): number | null {
  const m = /\/recordings\/(\d{1,15})\.json$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** A list for the trail: all of it up to `n`, else its first `n` and how many there were (both copies of the trail are kept for good). */
export function listed<T>(list: readonly T[], n = 100): { count: number; first: T[] } {
  return { count: list.length, first: list.slice(0, n) };
}
