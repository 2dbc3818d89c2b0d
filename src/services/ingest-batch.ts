/**
 * Small files (photos, snapshots) in batches: the steps of one file at a time (ingest-file.ts), each
 * done for the whole batch at once. One worker job copies, fsyncs and reads back every file of the
 * batch from the disk; their rows are made; their vault names are claimed in one transaction; one
 * more job links them into their day folders and seals them; each then waits for its group's commit
 * (commit-group.ts) as any copy does. A file that leaves the common path (its name taken, its copy
 * not trusted, its source changed or grown past a small file) goes on alone as ingest-file.ts takes
 * it, keeping its copy where it can. Nothing is catalogued that was not read back from the disk.
 */
import { PROBE_HEAD_BYTES } from '../core/types.js';
import { resolveInVault, suffixedName } from '../core/vault-layout.js';
import { errorCode, errorMessage } from '../core/errors.js';
import type { SourceFile } from '../adapters/volume-scanner.js';
import { alreadyStored } from './already-stored.js';
import { annotate, entryDetails, sourceChanged, StopIngest, type FileIngest, type IngestRun, type PlacedOutcome } from './ingest-file.js';
import type { PlacedCopy } from './ingest-commit.js';
import type { IngestDeps, StoredSmall } from './ingest-ports.js';
import { isPrepared, onceEachRecorder, prepareFile, recordingOf, type FileCopy, type PrepareDeps, type PrepareSettings } from './ingest-prepare.js';
import type { FileOutcome } from './ingest-summary.js';
import { ReadBackMismatch } from './vault-placement.js';

/**
 * A batch holds up to this many files and bytes: few worker round trips, and the heads it carries stay
 * small; its copies are blocking reads of the recorder, which hold the worker's thread for at most
 * these bytes (a thread's other job, a video's copy, waits meanwhile).
 */
export const BATCH_LIMITS = { files: 64, bytes: 4 * 1024 * 1024 };

type Outcome = FileOutcome | PlacedOutcome;

/** A file for a batch, with what hears of its bytes (its progress). */
export interface BatchFile {
  file: SourceFile;
  onBytes: (n: number) => void;
}

/** A batch whose copy job is under way (BatchIngest.begin). */
export interface BegunBatch {
  /** Every file's outcome, in the order given. */
  finish(): Promise<PromiseSettledResult<Outcome>[]>;
}

/** A file of the batch, as far as it has gone. */
interface Item {
  index: number;
  c: FileCopy;
  tmp: string;
  stored?: StoredSmall;
  row?: PlacedCopy['row'];
  folder?: string;
  /** The vault name claimed for it. */
  rel?: string;
}

/** One batch's bookkeeping: each file's outcome by its index, and the files that go on alone afterwards. */
interface Batch {
  run: IngestRun;
  lookups: PrepareDeps;
  out: Promise<Outcome>[];
  alone: { index: number; go: () => Promise<Outcome> }[];
}

export class BatchIngest {
  constructor(
    private readonly settings: PrepareSettings & { vaultRoot: string },
    private readonly deps: IngestDeps,
    private readonly single: FileIngest,
  ) {}

  /** Every file's outcome, in the order given, settled as FileIngest.ingest's would be. */
  ingest(run: IngestRun, files: readonly BatchFile[]): Promise<PromiseSettledResult<Outcome>[]> {
    return this.begin(run, files).finish();
  }

  /**
   * The batch's files prepared and their copy job handed to the workers, at once; `finish` does the
   * rest. A lane begins its next batch before finishing this one, so the workers copy, flush and read
   * back the next files while the main thread names, claims and links these and commits groups.
   */
  begin(run: IngestRun, files: readonly BatchFile[]): BegunBatch {
    const b: Batch = { run, lookups: onceEachRecorder(this.deps), out: [], alone: [] };
    const items: Item[] = [];
    // One read transaction for the batch's look-ups, not one per query (each took the catalogue's shared-memory lock).
    const together = this.deps.readTogether ?? ((fn: () => void) => fn());
    together(() =>
      files.forEach(({ file, onBytes }, index) => {
        try {
          const prepared = prepareFile(run, file, onBytes, this.settings, b.lookups);
          if (!isPrepared(prepared)) b.out[index] = Promise.resolve(prepared);
          // Same name and size stored before: whether it is this very recording is for the source's hash to say.
          else if (this.deps.recordings.sameNameAndSize(file.name, file.size).length) b.alone.push({ index, go: () => this.single.ingest(run, file, onBytes) });
          else items.push({ index, c: prepared, tmp: run.staging.tempPath() });
        } catch (err) {
          // Taken by allSettled once the batch is through: marked handled meanwhile.
          b.out[index] = Promise.reject(err);
          b.out[index].catch(() => undefined);
        }
      }),
    );
    const stored = this.store(run, items);
    return { finish: () => this.finish(b, items, stored) };
  }

  private async finish(b: Batch, items: Item[], stored: Promise<(StoredSmall | Error | 'large')[]>): Promise<PromiseSettledResult<Outcome>[]> {
    const named = await this.name(b, items, await stored);
    await this.link(b, this.claim(b, named));
    // One at a time, after the batch: a full vault stops the rest (as it stops the run).
    let stop: StopIngest | undefined;
    for (const { index, go } of b.alone) {
      const outcome = stop ? Promise.reject(stop) : go();
      b.out[index] = outcome;
      await outcome.catch((err: unknown) => {
        if (err instanceof StopIngest) stop = err;
      });
    }
    return Promise.allSettled(b.out);
  }

  /** Copy, flush and read back the batch in one job; per file its stored copy or its error. */
  private async store(run: IngestRun, items: Item[]): Promise<(StoredSmall | Error | 'large')[]> {
    if (!items.length) return [];
    try {
      // Where the probe reads stills in-process, the worker reads them where it copied them: their
      // heads need not cross to this process nor be parsed here (a third of its CPU for 4 KB snapshots).
      const opts = { headBytes: PROBE_HEAD_BYTES, lane: run.source.key, stillZone: this.deps.probe.stillZone };
      return await this.deps.workers.storeBatch(items.map((i) => ({ src: i.c.file.absPath, dst: i.tmp })), opts);
    } catch (err) {
      // The job itself failed (its worker died): each file fails as its own copy would have.
      return items.map(() => err as Error);
    }
  }

  /** Each stored copy's checks, probe, row and day folder. */
  private async name(b: Batch, items: Item[], stored: (StoredSmall | Error | 'large')[]): Promise<Item[]> {
    const named: Item[] = [];
    for (const [k, item] of items.entries()) {
      const { c } = item;
      const result = stored[k]!;
      // Grown past a small file since the scan: copied alone, the pipelined way (nothing was written).
      if (result === 'large') b.alone.push({ index: item.index, go: () => this.single.copy(b.run, c) });
      else if (result instanceof Error) this.failed(b, item, annotate(result, `copy ${c.file.relPath}`));
      else if (await this.checkAndName(b, item, result)) named.push(item);
    }
    return named;
  }

  /** The checks of ingest-file.ts on a stored copy, then its row and day folder; false when it goes no further in the batch. */
  private async checkAndName(b: Batch, item: Item, stored: StoredSmall): Promise<boolean> {
    const { c } = item;
    c.onBytes(stored.size);
    try {
      if (stored.readBack.sha256 !== stored.sha256 || stored.readBack.size !== stored.size) throw new ReadBackMismatch(`read-back of ${c.file.relPath} does not match what was copied`);
      const now = stored.sourceSizeAfter;
      if (now !== undefined && now !== null && now !== stored.size) throw sourceChanged(c.file, stored.size, now);
      // The batch looked for the scan's size stored before; a copy of another size may be stored under another name.
      const twin = stored.size === c.file.size ? undefined : alreadyStored(this.deps.recordings.sameNameAndSize(c.file.name, stored.size), stored.sha256, c.known);
      if (twin) {
        await b.run.staging.discard(item.tmp);
        b.out[item.index] = Promise.resolve({ kind: 'already', sourcePath: c.file.relPath, vaultPath: twin.vaultPath, size: twin.size, recordingId: twin.id });
        return false;
      }
      item.stored = stored;
      const probed = stored.still ? { ok: true as const, info: stored.still } : await this.deps.probe.probe(item.tmp, stored.head);
      item.row = recordingOf(b.run, c, stored, probed, this.settings, b.lookups);
      item.folder = await this.single.dayFolder(b.run, item.row.localDate, c.device);
      return true;
    } catch (err) {
      this.failed(b, item, err);
      return false;
    }
  }

  /**
   * Each copy's first-choice name, claimed for the batch in one transaction. A name another file of
   * this run holds, or the catalogue or a live process refuses, is left to the copy placed alone,
   * which takes the next free name.
   */
  private claim(b: Batch, named: Item[]): Item[] {
    const { run } = b;
    const wanted: Item[] = [];
    for (const item of named) {
      const rel = `${item.folder}/${suffixedName(item.c.safeName, 1)}`;
      if (run.reserved.has(rel)) {
        this.placeAlone(b, item);
        continue;
      }
      run.reserved.add(rel);
      item.rel = rel;
      wanted.push(item);
    }
    if (!wanted.length) return [];
    let granted: boolean[];
    try {
      granted = this.deps.custody.claimPlacements(wanted.map((i) => i.rel!), run.sessionId);
    } catch (err) {
      for (const item of wanted) {
        run.reserved.delete(item.rel!);
        this.failed(b, item, err);
      }
      return [];
    }
    return wanted.filter((item, k) => {
      if (granted[k]) return true;
      run.reserved.delete(item.rel!);
      this.placeAlone(b, item);
      return false;
    });
  }

  /** Link the claimed copies into place in one job and hand each over for its group's commit. */
  private async link(b: Batch, claimed: Item[]): Promise<void> {
    if (!claimed.length) return;
    const { run } = b;
    let linked: ({ placed: boolean } | Error)[];
    try {
      linked = await this.deps.workers.linkBatch(
        claimed.map((i) => ({ tmp: i.tmp, target: resolveInVault(this.settings.vaultRoot, i.rel!) })),
        { lane: run.source.key },
      );
    } catch (err) {
      linked = claimed.map(() => err as Error);
    }
    claimed.forEach((item, k) => {
      const result = linked[k]!;
      if (!(result instanceof Error) && result.placed) {
        const placed: PlacedCopy = { sessionId: run.sessionId, vaultPath: item.rel!, row: item.row!, known: item.c.known, details: entryDetails(run, item.c, item.row!, 'sha256'), tmp: item.tmp };
        b.out[item.index] = Promise.resolve(this.single.handOver(run, placed, false, item.tmp));
        return;
      }
      run.reserved.delete(item.rel!);
      try {
        this.deps.custody.releasePlacement(item.rel!, run.sessionId);
      } catch (err) {
        this.failed(b, item, err);
        return;
      }
      // A file there that nothing catalogued nor claims: an interrupted run's copy, which the copy
      // placed alone adopts when it holds these very bytes, or passes for the next free name.
      if (!(result instanceof Error)) this.placeAlone(b, item);
      else this.failed(b, item, errorCode(result) === 'ENOENT' ? this.single.folderGone(run, item.folder!, item.c.file, result) : result);
    });
  }

  /** Placed alone (ingest-file.ts), with its copy: claimed under the next free name, linked and read back there. */
  private placeAlone(b: Batch, item: Item): void {
    b.alone.push({
      index: item.index,
      go: () => this.single.place(b.run, item.c, item.tmp, item.stored!, item.row!, item.folder!).catch((err: unknown) => this.redo(b, item, err)),
    });
  }

  /** A failed step: the copy is given up; redone from the source, alone, where one file's copy would be. */
  private failed(b: Batch, item: Item, err: unknown): void {
    b.alone.push({ index: item.index, go: () => this.redo(b, item, err) });
  }

  private async redo(b: Batch, item: Item, err: unknown): Promise<Outcome> {
    await b.run.staging.discard(item.tmp);
    // The batch's copy was the file's first attempt; a full vault stops the run (StopIngest).
    if (!this.single.redo(err, 1)) throw err;
    this.deps.log.warn({ source: item.c.file.relPath, attempt: 1, err: errorMessage(err) }, 'copy not trusted: redoing it from the source');
    return this.single.copy(b.run, item.c, 2);
  }
}
