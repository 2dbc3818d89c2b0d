/**
 * A station's audit trail checked from its segments in the store alone (docs/replication.md "Audit
 * trail segments"): inside each segment every entry's hash is recomputed (src/core/audit-chain.ts) and
 * linked to the one before it; across segments the seqs follow without a gap or overlap and each
 * segment's first prevHash is the previous segment's last hash, from seq 1 and 64 zeros. Every problem
 * names the station's seq where it is, never only the first. Pure.
 */
import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { FieldError, Fields, parseJsonObject } from './object-fields.js';

export type TrailProblemKind =
  /** Entries the segments should hold are in none (a missing segment, or entries left out). */
  | 'missing'
  /** A seq held twice (two segments overlap), or seqs out of order. */
  | 'overlap'
  /** An entry's prevHash is not the hash of the entry before it. */
  | 'broken-link'
  /** An entry's hash is not the hash of its fields: it was altered after it was written. */
  | 'bad-hash'
  /** A line that is not a trail entry. */
  | 'unreadable'
  /** A segment whose entries are not the seqs its name says. */
  | 'misnamed'
  /** A segment key whose content changed: the store holds versions with different bytes. */
  | 'rewritten';

export interface TrailProblem {
  kind: TrailProblemKind;
  /** The station's seq where the problem is (for `missing`, the first seq not found). */
  seq: number;
  /** The segment's key. */
  segment: string;
  detail: string;
}

/** What the continuity across segments needs of one segment; its own problems found when it was read. */
export interface SegmentSummary {
  key: string;
  /** The seqs its name says. */
  namedFirst: number;
  namedLast: number;
  entries: number;
  /** The first and last entry's seq, prevHash and hash; null when no line could be read. */
  firstSeq: number | null;
  lastSeq: number | null;
  firstPrevHash: string | null;
  lastHash: string | null;
  problems: TrailProblem[];
}

const HASH = /^[0-9a-f]{64}$/;
const OUTCOMES = new Set(['ok', 'refused', 'failed']);

function entryOf(f: Fields): AuditEntry {
  const seq = f.integer('seq', 1);
  const at = f.string('at');
  const operator = f.string('operator');
  const role = f.stringOrNull('role');
  const action = f.string('action');
  const target = f.stringOrNull('target');
  const outcome = f.string('outcome');
  if (!OUTCOMES.has(outcome)) throw new FieldError('outcome', `"${outcome}" is not ok, refused or failed`);
  const details = f.raw('details');
  if (typeof details !== 'object' || details === null || Array.isArray(details)) throw new FieldError('details', 'not an object');
  const prevHash = f.string('prevHash', { pattern: HASH });
  const hash = f.string('hash', { pattern: HASH });
  return { seq, at, operator, role, action, target, outcome: outcome as AuditEntry['outcome'], details: details as Record<string, unknown>, prevHash, hash };
}

/** Inside one segment: seqs one after another, each prevHash the hash before it, each hash recomputed. */
function chainProblems(key: string, entries: readonly AuditEntry[]): TrailProblem[] {
  const problems: TrailProblem[] = [];
  let expected = entries[0]!.seq;
  let prev = entries[0]!.prevHash;
  for (const e of entries) {
    if (e.seq > expected) problems.push({ kind: 'missing', seq: expected, segment: key, detail: `entries ${expected}–${e.seq - 1} are not in the segment` });
    else if (e.seq < expected) problems.push({ kind: 'overlap', seq: e.seq, segment: key, detail: `entry ${e.seq} comes after entry ${expected - 1}` });
    else if (e.prevHash !== prev) problems.push({ kind: 'broken-link', seq: e.seq, segment: key, detail: `entry ${e.seq}'s previous hash is not the hash of entry ${e.seq - 1}` });
    if (entryHash(e, e.prevHash) !== e.hash) problems.push({ kind: 'bad-hash', seq: e.seq, segment: key, detail: `entry ${e.seq} was altered after it was written` });
    prev = e.hash;
    expected = e.seq + 1;
  }
  return problems;
}

/** A segment's JSON lines as entries, each checked against its own hash and the one before it. */
export function readSegment(key: string, named: { firstSeq: number; lastSeq: number }, text: string): { entries: AuditEntry[]; summary: SegmentSummary } {
  const problems: TrailProblem[] = [];
  const entries: AuditEntry[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => {
    try {
      entries.push(entryOf(parseJsonObject(line)));
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      const seq = (entries[entries.length - 1]?.seq ?? named.firstSeq - 1) + 1;
      problems.push({ kind: 'unreadable', seq, segment: key, detail: `line ${i + 1}: ${err.message}` });
    }
  });
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (first) problems.push(...chainProblems(key, entries));
  if (!first || first.seq !== named.firstSeq || last!.seq !== named.lastSeq) {
    const held = first ? `entries ${first.seq}–${last!.seq}` : 'no entry';
    problems.push({ kind: 'misnamed', seq: first?.seq ?? named.firstSeq, segment: key, detail: `named for entries ${named.firstSeq}–${named.lastSeq}, holds ${held}` });
  }
  return {
    entries,
    summary: {
      key,
      namedFirst: named.firstSeq,
      namedLast: named.lastSeq,
      entries: entries.length,
      firstSeq: first?.seq ?? null,
      lastSeq: last?.seq ?? null,
      firstPrevHash: first?.prevHash ?? null,
      lastHash: last?.hash ?? null,
      problems,
    },
  };
}

export interface TrailStatus {
  ok: boolean;
  segments: number;
  entries: number;
  /** The last entry of the chain as the segments hold it (seq and hash), null with no entry. */
  head: { seq: number; hash: string } | null;
  problems: TrailProblem[];
}

/** The key of a pair of segments, the same in either order. */
export function segmentPair(a: string, b: string): string {
  return a < b ? `${a}\n${b}` : `${b}\n${a}`;
}

const rangeOf = (s: SegmentSummary) => ({ key: s.key, first: s.firstSeq ?? s.namedFirst, last: s.lastSeq ?? s.namedLast });

/** Pairs of segments holding some of the same seqs: whether they agree is asked of the entries kept (trailEntriesAgree). */
export function overlappingSegments(segments: readonly SegmentSummary[]): [string, string][] {
  const ranges = segments.map(rangeOf).sort((a, b) => a.first - b.first);
  const pairs: [string, string][] = [];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length && ranges[j]!.first <= ranges[i]!.last; j++) pairs.push([ranges[i]!.key, ranges[j]!.key]);
  }
  return pairs;
}

/**
 * The chain across a station's segments, with the problems each had on its own. `rewritten` lists the
 * segment keys the store holds different contents for (they count as problems whatever the chain says:
 * a consistent rewrite of the history is exactly what the store is there to catch). Segments that hold
 * some of the same seqs overlap, a problem unless every seq both hold has the same hash in both
 * (`agreeing`, from segmentPair): a station that sent a segment, crashed before recording it, and sent
 * its entries again with later ones under a longer key.
 */
export function checkContinuity(segments: readonly SegmentSummary[], rewritten: readonly { key: string; seq: number; detail: string }[] = [], agreeing: ReadonlySet<string> = new Set()): TrailStatus {
  const problems: TrailProblem[] = rewritten.map((r) => ({ kind: 'rewritten', seq: r.seq, segment: r.key, detail: r.detail }));
  const ordered = [...segments].sort((a, b) => rangeOf(a).first - rangeOf(b).first || rangeOf(b).last - rangeOf(a).last || a.key.localeCompare(b.key));
  const seen: { key: string; first: number; last: number }[] = [];
  let expectedSeq = 1;
  let prevHash: string | null = GENESIS_HASH;
  let head: TrailStatus['head'] = null;
  let entries = 0;
  for (const s of ordered) {
    problems.push(...s.problems);
    const { first, last } = rangeOf(s);
    if (first > expectedSeq) {
      problems.push({ kind: 'missing', seq: expectedSeq, segment: s.key, detail: `entries ${expectedSeq}–${first - 1} are in no segment` });
    } else if (first < expectedSeq) {
      const over = seen.filter((x) => x.last >= first && x.first <= last);
      if (!over.every((x) => agreeing.has(segmentPair(x.key, s.key)))) {
        problems.push({ kind: 'overlap', seq: first, segment: s.key, detail: `holds entries from ${first}, which ${over.map((x) => x.key).join(', ')} holds with other hashes` });
      }
    } else if (prevHash !== null && s.firstPrevHash !== null && s.firstPrevHash !== prevHash) {
      problems.push({ kind: 'broken-link', seq: first, segment: s.key, detail: `entry ${first}'s previous hash is not the hash of entry ${first - 1}` });
    }
    seen.push({ key: s.key, first, last });
    // Only what goes beyond the chain so far moves it on (a segment inside it adds nothing).
    if (last < expectedSeq) continue;
    entries += Math.max(0, s.entries - Math.max(0, expectedSeq - first));
    expectedSeq = last + 1;
    if (s.lastSeq !== null && s.lastHash !== null) {
      prevHash = s.lastHash;
      head = { seq: s.lastSeq, hash: s.lastHash };
    } else {
      // Nothing of it could be read: the next segment's link cannot be checked, its seqs still can.
      prevHash = null;
    }
  }
  problems.sort((a, b) => a.seq - b.seq || a.kind.localeCompare(b.kind));
  return { ok: problems.length === 0, segments: segments.length, entries, head, problems };
}
