/**
 * One station's audit trail into the central catalogue: every segment key's versions are listed (a
 * key holding versions with different bytes was rewritten: the store keeps both), the segments not
 * indexed yet or changed since are read and checked on their own, and the chain across all of them is
 * checked from the segments alone. The status, with every problem at its seq, is kept per station.
 */
import { parseStationKey, trailPrefix } from '../core/central-layout.js';
import { checkContinuity, readSegment, type SegmentSummary, type TrailStatus } from '../core/trail-continuity.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { BucketReader, IndexTables, ListedVersion } from './central-ports.js';

export interface TrailIndexResult {
  listed: number;
  read: number;
  invalid: number;
  status: TrailStatus;
}

export async function indexTrail(station: string, deps: { bucket: BucketReader; tables: IndexTables; clock: UnitClock }): Promise<TrailIndexResult> {
  const { bucket, tables, clock } = deps;
  const { versions } = await bucket.versions(trailPrefix(station));
  const byKey = new Map<string, ListedVersion[]>();
  for (const v of versions) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v]);
  const known = await tables.segments(station);
  const summaries: SegmentSummary[] = [];
  const present: string[] = [];
  const problems: { read: { key: string; etag: string; versionId: string | null; size: number }; problem: string }[] = [];
  const rewritten: { key: string; seq: number; detail: string }[] = [];
  let read = 0;
  for (const [key, all] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
    const latest = all.find((v) => v.isLatest);
    if (!latest) continue; // its latest version is a delete marker: the segment is gone from the store
    const named = parseStationKey(key);
    if (named?.kind !== 'trail' || named.station !== station) {
      if ((await tables.knownEtags([key])).get(key) === latest.etag) continue;
      problems.push({ read: { key, etag: latest.etag, versionId: latest.versionId, size: latest.size }, problem: 'not a trail segment key (stations/<station>/trail/<12 digits>-<12 digits>.jsonl)' });
      continue;
    }
    present.push(key);
    const etags = [...new Set(all.map((v) => v.etag))];
    if (etags.length > 1) rewritten.push({ key, seq: named.firstSeq, detail: `the store holds ${all.length} versions of the segment with ${etags.length} different contents` });
    const had = known.get(key);
    if (had && had.etag === latest.etag) {
      summaries.push(had.summary);
      continue;
    }
    const object = await bucket.read(key);
    if (!object) continue;
    read++;
    const { entries, summary } = readSegment(key, named, object.text);
    await tables.saveSegment(station, { key, etag: object.etag, versionId: object.versionId, size: object.size }, summary, entries, had?.etag ?? null, clock.nowIso());
    summaries.push(summary);
  }
  await tables.saveProblems(station, 'unknown', problems, clock.nowIso());
  await tables.markSegmentsPresent(station, present, clock.nowIso());
  // Rewrites noticed by an earlier run stay findings, whatever the store shows now.
  for (const r of await tables.rewrites(station)) {
    if (!rewritten.some((x) => x.key === r.key)) rewritten.push({ key: r.key, seq: r.firstSeq, detail: `its content changed after it was indexed (${r.noticedAt})` });
  }
  const status = checkContinuity(summaries, rewritten);
  await tables.saveTrailStatus(station, status, clock.nowIso());
  return { listed: present.length, read, invalid: problems.length, status };
}
