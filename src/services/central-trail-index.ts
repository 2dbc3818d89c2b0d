/**
 * One station's audit trail into the central catalogue: every segment key's versions are listed (a
 * key holding versions with different bytes was rewritten: the store keeps both), the segments not
 * indexed yet or changed since are read a few dozen at a time and checked on their own, written a
 * batch to a transaction, and the chain across all of them is checked from the segments alone. The
 * status, with every problem at its seq, is kept per station.
 */
import { parseStationKey, trailPrefix } from '../core/central-layout.js';
import { checkContinuity, overlappingSegments, readSegment, segmentPair, type SegmentSummary, type TrailStatus } from '../core/trail-continuity.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { SegmentRead } from '../adapters/central-db-index.js';
import { inParallel } from './bounded-parallel.js';
import { MAX_SEGMENT_BYTES, type BucketReader, type IndexTables, type ListedVersion } from './central-ports.js';

export interface TrailIndexResult {
  listed: number;
  read: number;
  invalid: number;
  status: TrailStatus;
}

/** Segments written to PostgreSQL in one transaction. */
const BATCH = 100;

export async function indexTrail(station: string, deps: { bucket: BucketReader; tables: IndexTables; clock: UnitClock; readsInFlight: number }): Promise<TrailIndexResult> {
  const { bucket, tables, clock } = deps;
  const { versions } = await bucket.versions(trailPrefix(station));
  const byKey = new Map<string, ListedVersion[]>();
  for (const v of versions) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  const known = await tables.segments(station);
  const summaries: SegmentSummary[] = [];
  const present: string[] = [];
  const toRead: { key: string; named: { firstSeq: number; lastSeq: number }; previousEtag: string | null }[] = [];
  const strangers: ListedVersion[] = [];
  const rewritten: { key: string; seq: number; detail: string }[] = [];
  for (const [key, all] of byKey) {
    const latest = all.find((v) => v.isLatest);
    if (!latest) continue; // its latest version is a delete marker: the segment is gone from the store
    const named = parseStationKey(key);
    if (named?.kind !== 'trail' || named.station !== station) {
      strangers.push(latest);
      continue;
    }
    present.push(key);
    const etags = new Set(all.map((v) => v.etag));
    if (etags.size > 1) rewritten.push({ key, seq: named.firstSeq, detail: `the store holds ${all.length} versions of the segment with ${etags.size} different contents` });
    const had = known.get(key);
    if (had && had.etag === latest.etag) summaries.push(had.summary);
    else toRead.push({ key, named, previousEtag: had?.etag ?? null });
  }
  let read = 0;
  for (let i = 0; i < toRead.length; i += BATCH) {
    const batch = await inParallel(toRead.slice(i, i + BATCH), deps.readsInFlight, async (s): Promise<SegmentRead | null> => {
      const object = await bucket.read(s.key, MAX_SEGMENT_BYTES);
      if (!object) return null;
      // One too large to be a station's is not read: it holds no entries here, and the chain says where it breaks.
      const { entries, summary } = readSegment(s.key, s.named, object.tooLarge ? '' : object.text);
      return { read: { key: s.key, etag: object.etag, versionId: object.versionId, size: object.size }, summary, entries, previousEtag: s.previousEtag };
    });
    const got = batch.filter((b): b is SegmentRead => b !== null);
    await tables.saveSegments(station, got, clock.nowIso());
    read += got.length;
    summaries.push(...got.map((g) => g.summary));
  }
  // Keys under trail/ the layout does not define: findings, kept until they change.
  const knownEtags = await tables.knownEtags(strangers.map((v) => v.key));
  const problems = strangers
    .filter((v) => knownEtags.get(v.key) !== v.etag)
    .map((v) => ({ read: { key: v.key, etag: v.etag, versionId: v.versionId, size: v.size }, problem: 'not a trail segment key (stations/<station>/trail/<12 digits>-<12 digits>.jsonl)' }));
  await tables.saveProblems(station, 'unknown', problems, clock.nowIso());
  await tables.markSegmentsPresent(station, present, clock.nowIso());
  // Rewrites noticed by an earlier run stay findings, whatever the store shows now.
  for (const r of await tables.rewrites(station)) {
    if (!rewritten.some((x) => x.key === r.key)) rewritten.push({ key: r.key, seq: r.firstSeq, detail: `its content changed after it was indexed (${r.noticedAt})` });
  }
  // Segments holding the same seqs: a retried send (the same entries) or not (other hashes).
  const agreeing = new Set<string>();
  for (const [a, b] of overlappingSegments(summaries)) if (await tables.trailEntriesAgree(a, b)) agreeing.add(segmentPair(a, b));
  const status = checkContinuity(summaries, rewritten, agreeing);
  await tables.saveTrailStatus(station, status, clock.nowIso());
  return { listed: present.length, read, invalid: problems.length, status };
}
