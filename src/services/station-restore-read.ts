/**
 * `restore-station`, first step: the station's trail segments and metadata objects read from the store
 * into scratch files, nothing written to the catalogue yet. The trail's chain is checked from the
 * segments alone (each hash, each link, no gap between segments); a break stops the restore, naming
 * the entry. Each metadata object is read at the version the trail says this station put; a
 * recording's bytes object is looked up (its version), not fetched: the bytes come once the catalogue
 * stands, and are taken only once they hash right.
 */
import { segmentPrefix, type RecordingMetadata } from '../core/replication.js';
import { FIRST_PREV_HASH, metadataKeyId, orderSegments, parseSegment, readMetadata, segmentBreak, type SegmentRef } from '../core/station-restore.js';
import { TrailFacts } from '../core/station-restore-rows.js';
import { isClassificationLevel, strictest, type ClassificationLevel } from '../core/classification.js';
import type { AuditEntry } from '../core/audit-chain.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { LaterVersions, NotRestored, RestorePhase, RestoreScratch } from './station-restore-ports.js';

export const TRAIL_LINES = 'trail.jsonl';
export const METADATA_LINES = 'recordings.jsonl';

export interface ReadSegment extends SegmentRef {
  versionId: string;
  retainUntil: string | null;
  head: string;
}

/** A metadata object as read, with its bytes object's version in the store (null: not there). */
export interface ReadRecording {
  key: string;
  /** The version of the metadata object read. */
  metadataVersionId: string;
  m: RecordingMetadata;
  bytes: { versionId: string; etag: string } | null;
}

export interface StoreReading {
  segments: ReadSegment[];
  entries: number;
  head: { seq: number; hash: string } | null;
  recordings: number;
  unusable: NotRestored[];
  laterVersions: LaterVersions[];
  facts: TrailFacts;
}

export type ReadOutcome = { ok: true; reading: StoreReading } | { ok: false; seq: number; detail: string };

export async function readStation(s3: ObjectStore, station: string, scratch: RestoreScratch, concurrency: number, onPhase?: (p: RestorePhase) => void): Promise<ReadOutcome> {
  const facts = new TrailFacts();
  const trail = await readTrail(s3, station, scratch, facts, onPhase);
  if (!trail.ok) return trail;
  const { recordings, unusable, laterVersions } = await readMetadataObjects(s3, station, scratch, concurrency, facts, onPhase);
  return { ok: true, reading: { ...trail, recordings, unusable, laterVersions, facts } };
}

async function readTrail(s3: ObjectStore, station: string, scratch: RestoreScratch, facts: TrailFacts, onPhase?: (p: RestorePhase) => void) {
  const keys: string[] = [];
  for await (const o of s3.list(segmentPrefix(station))) keys.push(o.key);
  const order = orderSegments(keys);
  if (!order.ok) return order;
  const segments: ReadSegment[] = [];
  let prev = FIRST_PREV_HASH;
  let entries = 0;
  let last: AuditEntry | null = null;
  for (const ref of order.segments) {
    const read = await segmentText(s3, ref);
    if (!read.ok) return read;
    const head = read.head;
    const lines = parseSegment(read.text);
    const broken = segmentBreak(ref, lines, prev);
    if (broken) return { ok: false as const, ...broken };
    const batch = lines as AuditEntry[];
    scratch.append(TRAIL_LINES, batch);
    for (const e of batch) facts.note(e);
    last = batch[batch.length - 1]!;
    prev = last.hash;
    entries += batch.length;
    segments.push({ ...ref, versionId: head.versionId, retainUntil: head.retainUntil?.toISOString() ?? null, head: last.hash });
    onPhase?.({ phase: 'trail', segments: segments.length, entries });
  }
  return { ok: true as const, segments, entries, head: last ? { seq: last.seq, hash: last.hash } : null };
}

/**
 * Each metadata object at the version this station put: the one its chain-checked trail names last for
 * the recording, else (put after the last segment, or by a release whose entries named none) the key's
 * first version. Never the latest as such: anyone with the store's keys can put a version on top. A
 * version after the one taken is not taken, and said (a change after the last segment looks the same).
 * Versions are listed, not keys: a delete marker on top hides nothing from the restore.
 */
/**
 * A segment's text, from every version under its key: a station only ever puts the same bytes again
 * (a retry), so versions that differ mean someone holding the store's keys put another trail on top —
 * a rewritten trail rechained from the start passes the chain check, so the latest alone proves nothing.
 */
async function segmentText(s3: ObjectStore, ref: SegmentRef) {
  const versions = (await s3.versions(ref.key)).filter((v) => v.key === ref.key);
  // Oldest last, as the store lists them: the station's own first put.
  const first = versions[versions.length - 1];
  const head = first && (await s3.head(ref.key, first.versionId));
  if (!first || !head?.versionId) return { ok: false as const, seq: ref.firstSeq, detail: `${ref.key} was listed but cannot be read` };
  const text = (await s3.getBytes(ref.key, first.versionId)).toString('utf8');
  for (const v of versions.slice(0, -1)) {
    const other = (await s3.getBytes(ref.key, v.versionId)).toString('utf8');
    if (other !== text) {
      const mine = text.split('\n');
      const theirs = other.split('\n');
      const line = mine.findIndex((l, i) => l !== theirs[i]);
      const seq = ref.firstSeq + (line < 0 ? mine.length : line);
      return { ok: false as const, seq, detail: `${ref.key} has a version (${v.versionId}) that differs from the one first put (${first.versionId}) from entry ${seq} on: a different trail was put on top in the store` };
    }
  }
  return { ok: true as const, text, head: { versionId: first.versionId, retainUntil: head.retainUntil } };
}

async function readMetadataObjects(s3: ObjectStore, station: string, scratch: RestoreScratch, concurrency: number, facts: TrailFacts, onPhase?: (p: RestorePhase) => void) {
  const byKey = new Map<string, string[]>();
  // Newest first for each key, as the store lists them.
  for (const v of await s3.versions(`stations/${station}/recordings/`)) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v.versionId]);
  const keys: { key: string; id: number; versions: string[] }[] = [];
  for (const [key, versions] of byKey) {
    const id = metadataKeyId(key);
    if (id !== null) keys.push({ key, id, versions });
  }
  const unusable: NotRestored[] = [];
  const laterVersions: LaterVersions[] = [];
  let next = 0;
  let read = 0;
  const lane = async () => {
    while (next < keys.length) {
      const { key, id, versions } = keys[next++]!;
      const named = facts.metadataVersion.get(id);
      const taken = named ?? versions[versions.length - 1]!;
      const at = versions.indexOf(taken);
      if (at < 0) {
        unusable.push({ id, vaultPath: null, key, reason: `the trail names version ${taken} of this metadata object, and the store does not hold it: its later versions are not taken (anyone with the store's keys can put one); restore it from an archive set or disc` });
      } else {
        if (at > 0) laterVersions.push({ id, key, taken, by: named ? 'trail' : 'first', later: versions.slice(0, at) });
        const m = readMetadata((await s3.getBytes(key, taken)).toString('utf8'), station, id);
        if (typeof m === 'string') {
          unusable.push({ id, vaultPath: null, key, reason: `metadata object unusable (version ${taken}): ${m}` });
        } else {
          const bytes = await ownVersion(s3, m.objectKey, station, m.sha256);
          const level = await strictestLevel(s3, key, station, id, m.classification, versions.slice(0, at));
          scratch.append(METADATA_LINES, [{ key, metadataVersionId: taken, m: { ...m, classification: level }, bytes } satisfies ReadRecording]);
        }
      }
      if (++read % 100 === 0 || read === keys.length) onPhase?.({ phase: 'metadata', read, total: keys.length });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { recordings: keys.length - unusable.length, unusable, laterVersions };
}

/**
 * R14: the level the recording comes back at, the strictest of the version taken and any later one.
 * A level set after the last trail segment went is sent at once while the trail goes daily, so the
 * trail names the version before it; taking that version's level alone brought secret footage back
 * visible to everyone. A later version can only raise the level here: one put by whoever holds the
 * store's keys then hides footage until someone cleared declassifies it, never shows it.
 */
async function strictestLevel(s3: ObjectStore, key: string, station: string, id: number, taken: RecordingMetadata['classification'], later: readonly string[]): Promise<ClassificationLevel> {
  const levels = [taken ?? 'ordinary'];
  for (const v of later) {
    const m = readMetadata((await s3.getBytes(key, v)).toString('utf8'), station, id);
    if (typeof m !== 'string' && typeof m.classification === 'string' && isClassificationLevel(m.classification)) levels.push(m.classification);
  }
  return strictest(levels);
}

/**
 * The version of a bytes object this station put (the key is shared by content across the bureau, and
 * another station's version is that station's to dispose of): the oldest whose metadata names this
 * station and these bytes — the station's own upload comes before any version someone holding the
 * store's keys puts on top claiming to be it; null when the store holds none. Its bytes are hashed
 * before they are placed, and the next such version tried when they are not these.
 */
async function ownVersion(s3: ObjectStore, key: string, station: string, sha256: string): Promise<ReadRecording['bytes']> {
  const versions = (await s3.versions(key)).filter((x) => x.key === key);
  for (const v of versions.reverse()) {
    const h = await s3.head(key, v.versionId);
    if (h !== null && h.station === station && h.sha256 === sha256) return { versionId: v.versionId, etag: h.etag };
  }
  return null;
}
