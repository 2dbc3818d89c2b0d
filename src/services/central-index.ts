/**
 * `central index`: every station's objects in the bucket into PostgreSQL, idempotently and
 * incrementally. Each key's ETag is kept with what was read from it, so a second run with nothing new
 * reads nothing (a listing compared page by page), and a key with a new version (a recording's
 * attribution, case link, hold or disposal) is read again. A listing page is compared while the next
 * one is fetched, its objects are read a few dozen at a time, and each page is written in one
 * transaction while the next page is read. Objects that are not what their format says are findings
 * kept per key, not rows with guesses. One run at a time (an advisory lock); every run is recorded in
 * `index_runs` and logged, failures and refusals too.
 */
import { errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { parseStationKey, recordingsPrefix, stationDescriptorKey } from '../core/central-layout.js';
import { parseRecordingObject, parseStationDescriptor, type RecordingObject } from '../core/recording-object.js';
import type { TrailProblem } from '../core/trail-continuity.js';
import type { UnitClock } from '../core/unit-clock.js';
import { MAX_SMALL_OBJECT_BYTES, type BucketReader, type IndexRunLog, type IndexTables, type ListedObject, type RunLogger } from './central-ports.js';
import { indexTrail } from './central-trail-index.js';
import { fromDigests, loadDigests, type DigestTables } from './central-digests.js';
import { inParallel, readAhead } from './bounded-parallel.js';
import { holdsUnstorableText, UNSTORABLE_PROBLEM } from '../core/storable-text.js';

export interface StationIndexSummary {
  station: string;
  /** Keys listed and objects read (GET) in this run. */
  objectsListed: number;
  objectsRead: number;
  /** Recordings' metadata indexed in this run, and how many of them came from digest lines (no GET each). */
  recordingsRead: number;
  recordingsFromDigests: number;
  /** What the catalogue holds for the station after the run. */
  recordings: number;
  segments: number;
  /** Objects that are not what their format says (every one known, not only this run's). */
  invalid: number;
  trail: { ok: boolean; entries: number; head: { seq: number; hash: string } | null; problems: number; firstProblem: TrailProblem | null };
}

export interface IndexSummary {
  stations: StationIndexSummary[];
  totals: { stations: number; objectsListed: number; objectsRead: number; recordingsRead: number; recordingsFromDigests: number; recordings: number; segments: number; invalid: number; trailsBroken: number };
  seconds: number;
  /** A broken trail or an object that is not what its format says, at any station. */
  findings: boolean;
}

export interface IndexProgress {
  station: string;
  stationNo: number;
  stations: number;
  listed: number;
  read: number;
}

export interface CentralIndexDeps {
  bucket: BucketReader;
  tables: IndexTables;
  digests: DigestTables;
  runs: IndexRunLog;
  clock: UnitClock;
  osAccount: string;
  log: RunLogger;
  /** Objects read from the store at once. */
  readsInFlight?: number;
}

/** Stations indexed at once (each holds up to two PostgreSQL connections: its page being written and its next page's lookups). */
const STATIONS_AT_ONCE = 4;

const tooLargeProblem = (size: number) => `${size} bytes: larger than any object of its kind a station writes (${MAX_SMALL_OBJECT_BYTES}); not read`;

type ReadResult = { read: { key: string; etag: string; versionId: string | null; size: number } } & ({ object: RecordingObject } | { problem: string; kind: 'recording' | 'unknown' });

export class CentralIndexService {
  constructor(private readonly deps: CentralIndexDeps) {}

  async run(onProgress?: (p: IndexProgress) => void): Promise<IndexSummary> {
    const { runs, clock, osAccount, log } = this.deps;
    const what = 'central index';
    if (!(await runs.lockIndex())) {
      const busy = new UserError(said(m.indexBusy), m.indexBusyHint, 75);
      await runs.recordRefusedRun({ osAccount, at: clock.nowIso(), what, error: busy.message });
      log.warn({ who: osAccount, what, outcome: 'refused' }, busy.message);
      throw busy;
    }
    const started = clock.now().getTime();
    let id: number | null = null;
    try {
      id = await runs.startRun({ osAccount, startedAt: clock.nowIso(), what });
      const names = await this.deps.bucket.stationNames();
      // Stations a few at a time: each is a chain of waits on the store and on PostgreSQL, which
      // several stations' chains fill between them.
      const stations = await inParallel([...names.entries()], STATIONS_AT_ONCE, ([i, station]) =>
        this.station(station, (listed, read) => onProgress?.({ station, stationNo: i + 1, stations: names.length, listed, read })),
      );
      const sum = (f: (s: StationIndexSummary) => number) => stations.reduce((n, s) => n + f(s), 0);
      const totals = {
        stations: stations.length,
        objectsListed: sum((s) => s.objectsListed),
        objectsRead: sum((s) => s.objectsRead),
        recordingsRead: sum((s) => s.recordingsRead),
        recordingsFromDigests: sum((s) => s.recordingsFromDigests),
        recordings: sum((s) => s.recordings),
        segments: sum((s) => s.segments),
        invalid: sum((s) => s.invalid),
        trailsBroken: stations.filter((s) => !s.trail.ok).length,
      };
      const summary: IndexSummary = { stations, totals, seconds: (clock.now().getTime() - started) / 1000, findings: totals.invalid > 0 || totals.trailsBroken > 0 };
      const outcome = summary.findings ? 'findings' : 'ok';
      await runs.finishRun(id, { finishedAt: clock.nowIso(), outcome, details: summary, error: null });
      log.info({ who: osAccount, what, outcome, totals, seconds: summary.seconds }, `${what}: ${outcome}`);
      return summary;
    } catch (err) {
      if (id !== null) await runs.finishRun(id, { finishedAt: clock.nowIso(), outcome: 'failed', details: null, error: errorMessage(err) }).catch(() => undefined);
      log.error({ who: osAccount, what, outcome: 'failed', error: errorMessage(err) }, `${what}: failed`);
      throw err;
    } finally {
      await runs.unlockIndex();
    }
  }

  private async station(station: string, progress: (listed: number, read: number) => void): Promise<StationIndexSummary> {
    const { tables, clock } = this.deps;
    await tables.touchStation(station, clock.nowIso());
    const counts = { listed: 0, read: 0, recordingsRead: 0, fromDigests: 0 };
    await this.descriptor(station, counts);
    const digests = await loadDigests(station, this.deps);
    counts.listed += digests.listed;
    counts.read += digests.read;
    await this.recordings(station, counts, progress);
    // What the listing did not take from the digests' lines is of versions no longer the latest.
    await this.deps.digests.dropLines(station);
    const trail = await indexTrail(station, { ...this.deps, readsInFlight: this.deps.readsInFlight ?? 32 });
    const totals = await tables.stationTotals(station);
    const t = trail.status;
    return {
      station,
      objectsListed: counts.listed + trail.listed,
      objectsRead: counts.read + trail.read,
      recordingsRead: counts.recordingsRead,
      recordingsFromDigests: counts.fromDigests,
      recordings: totals.recordings,
      segments: t.segments,
      invalid: totals.invalid,
      trail: { ok: t.ok, entries: t.entries, head: t.head, problems: t.problems.length, firstProblem: t.problems[0] ?? null },
    };
  }

  private async descriptor(station: string, counts: { listed: number; read: number }): Promise<void> {
    const { bucket, tables, clock } = this.deps;
    const key = stationDescriptorKey(station);
    for await (const page of bucket.pages(key)) {
      for (const o of page.filter((x) => x.key === key)) {
        counts.listed++;
        if ((await tables.knownEtags([key])).get(key) === o.etag) continue;
        const object = await bucket.read(key, MAX_SMALL_OBJECT_BYTES);
        if (!object) continue;
        counts.read++;
        const read = { key, etag: object.etag, versionId: object.versionId, size: object.size };
        const d = object.tooLarge ? { ok: false as const, problem: tooLargeProblem(object.size) } : parseStationDescriptor(object.text, station);
        if (d.ok) await tables.saveDescriptor(d.value, read, clock.nowIso());
        else await tables.saveProblems(station, 'station', [{ read, problem: d.problem }], clock.nowIso());
      }
    }
  }

  private async recordings(station: string, counts: { listed: number; read: number; recordingsRead: number; fromDigests: number }, progress: (listed: number, read: number) => void): Promise<void> {
    const { bucket, tables, clock } = this.deps;
    let saving: Promise<void> | null = null;
    try {
      for await (const page of readAhead(bucket.pages(recordingsPrefix(station)))) {
        counts.listed += page.length;
        const known = await tables.knownEtags(page.map((o) => o.key));
        const changed = page.filter((o) => known.get(o.key) !== o.etag);
        const lines = await fromDigests(station, changed, this.deps.digests);
        const fromLines = changed.flatMap((o) => {
          const line = lines.get(o.key);
          return line ? [this.recordingOf(station, o.key, { key: o.key, etag: o.etag, versionId: line.versionId, size: o.size }, line.body)] : [];
        });
        const toGet = changed.filter((o) => !lines.has(o.key));
        const got = (await inParallel(toGet, this.deps.readsInFlight ?? 32, (o) => this.readRecording(station, o))).filter((r): r is ReadResult => r !== null);
        counts.read += got.filter((r) => 'object' in r || r.kind === 'recording').length;
        counts.fromDigests += fromLines.filter((r) => 'object' in r).length;
        const results = [...fromLines, ...got];
        const ok = results.filter((r): r is ReadResult & { object: RecordingObject } => 'object' in r);
        counts.recordingsRead += ok.length;
        // One page written at a time, while the next is read; a failed write surfaces at the next page.
        if (saving) await saving;
        saving = (async () => {
          await tables.saveRecordings(station, ok, clock.nowIso());
          for (const kind of ['recording', 'unknown'] as const) {
            const bad = results.flatMap((r) => ('problem' in r && r.kind === kind ? [{ read: r.read, problem: r.problem }] : []));
            await tables.saveProblems(station, kind, bad, clock.nowIso());
          }
        })();
        saving.catch(() => undefined);
        progress(counts.listed, counts.read);
      }
      if (saving) await saving;
    } finally {
      // Whatever stops the listing, the page being written is finished first (or has failed).
      await saving?.catch(() => undefined);
    }
  }

  private async readRecording(station: string, o: ListedObject): Promise<ReadResult | null> {
    const key = parseStationKey(o.key);
    if (key?.kind !== 'recording' || key.station !== station) {
      return { read: { key: o.key, etag: o.etag, versionId: null, size: o.size }, problem: 'not a recording metadata key (stations/<station>/recordings/<id>.json)', kind: 'unknown' };
    }
    const object = await this.deps.bucket.read(o.key, MAX_SMALL_OBJECT_BYTES);
    if (!object) return null;
    if (object.tooLarge) return { read: { key: o.key, etag: object.etag, versionId: object.versionId, size: object.size }, problem: tooLargeProblem(object.size), kind: 'recording' };
    return this.recordingOf(station, o.key, { key: o.key, etag: object.etag, versionId: object.versionId, size: object.size }, object.text);
  }

  /** A metadata object's text, read from the store or from a digest line that is exactly its bytes. */
  private recordingOf(station: string, key: string, read: ReadResult['read'], text: string): ReadResult {
    const named = parseStationKey(key);
    if (named?.kind !== 'recording' || named.station !== station) return { read, problem: 'not a recording metadata key (stations/<station>/recordings/<id>.json)', kind: 'unknown' };
    if (holdsUnstorableText(parseOrNull(text))) return { read, problem: UNSTORABLE_PROBLEM, kind: 'recording' };
    const parsed = parseRecordingObject(text, named);
    return parsed.ok ? { read, object: parsed.value } : { read, problem: parsed.problem, kind: 'recording' };
  }
}

/** The JSON value of a text, or null where it is not JSON (the parse that follows says why). */
function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
