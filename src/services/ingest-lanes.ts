/**
 * The lanes of an ingest run: each takes files off the shared queue until it is empty, the run
 * stopped, or a stop was asked for. A large file goes alone (ingest-file.ts); small ones go in a
 * batch of the next small files in the queue (ingest-batch.ts). A placed copy's outcome is recorded
 * when its group commits; the lane goes on to the next file meanwhile.
 */
import { errorMessage } from '../core/errors.js';
import { fileProgress, type Progress } from '../core/progress.js';
import { SMALL_FILE_BYTES } from '../core/types.js';
import type { Logger } from '../adapters/logger.js';
import type { SourceFile } from '../adapters/volume-scanner.js';
import { BATCH_LIMITS, type BatchIngest, type BegunBatch } from './ingest-batch.js';
import { StopIngest, type FileIngest, type IngestRun, type PlacedOutcome } from './ingest-file.js';
import { logOutcome, tally, type FileOutcome, type IngestSummary } from './ingest-summary.js';

/** A batch of small files begun, with each file's progress. */
interface BegunSmall {
  batch: SourceFile[];
  progress: ReturnType<typeof fileProgress>[];
  begun: BegunBatch;
}

/** What the lanes of one run share. */
export interface LaneWork {
  run: IngestRun;
  queue: SourceFile[];
  summary: IngestSummary;
  progress?: Progress;
  signal?: AbortSignal;
  onFile?: (outcome: FileOutcome) => void;
  /** Outcomes of copies placed and waiting for their group's commit: the run ends only when all are in. */
  committing: Promise<void>[];
}

export class IngestLanes {
  constructor(
    private readonly files: FileIngest,
    private readonly batches: BatchIngest,
    private readonly log: Logger,
  ) {}

  async lane(w: LaneWork): Promise<void> {
    const { queue } = w;
    // The next batch, begun before this one is finished (ingest-batch.ts): its copy job keeps the
    // workers busy while the main thread names, claims and links this one and commits groups. A
    // batch begun is always finished, even when the run stops meanwhile: its files are in flight.
    let ahead: BegunSmall | null = null;
    try {
      for (;;) {
        let current = ahead;
        ahead = null;
        if (!current) {
          if (this.stopping(w)) break;
          const file = queue.shift();
          if (!file) break;
          if (file.size > SMALL_FILE_BYTES) {
            await this.large(w, file);
            continue;
          }
          current = this.beginSmall(w, file);
        }
        if (queue[0] && queue[0].size <= SMALL_FILE_BYTES && !this.stopping(w)) ahead = this.beginSmall(w, queue.shift()!);
        await this.finishSmall(w, current);
      }
    } finally {
      if (ahead) await this.finishSmall(w, ahead);
    }
  }

  /** A large file, alone (ingest-file.ts). */
  private async large(w: LaneWork, file: SourceFile): Promise<void> {
    const fp = fileProgress(w.progress, file.size);
    const settled = await this.files.ingest(w.run, file, fp.onBytes).then(
      (value) => ({ status: 'fulfilled', value }) as const,
      (reason: unknown) => ({ status: 'rejected', reason }) as const,
    );
    this.settle(w, file, fp.done, settled);
  }

  /** Whether the run takes no more files: stopped early, or a stop was asked for. */
  private stopping(w: LaneWork): boolean {
    if (w.summary.stoppedEarly) return true;
    if (!w.signal?.aborted) return false;
    w.summary.stoppedEarly = 'stop requested';
    return true;
  }

  /** A batch of `first` and the small files after it in the queue, begun (its copy job handed out). */
  private beginSmall(w: LaneWork, first: SourceFile): BegunSmall {
    const batch = [first, ...nextSmallFiles(w.queue, first.size)];
    const progress = batch.map((f) => fileProgress(w.progress, f.size));
    let begun: BegunBatch;
    try {
      begun = this.batches.begin(w.run, batch.map((f, k) => ({ file: f, onBytes: progress[k]!.onBytes })));
    } catch (reason) {
      begun = { finish: () => Promise.reject(reason) };
    }
    return { batch, progress, begun };
  }

  private async finishSmall(w: LaneWork, { batch, progress, begun }: BegunSmall): Promise<void> {
    const settled = await begun.finish().catch(
      // Whatever went wrong with the batch as a whole, each of its files gets an outcome.
      (reason: unknown) => batch.map(() => ({ status: 'rejected', reason }) as const),
    );
    settled.forEach((s, k) => this.settle(w, batch[k]!, progress[k]!.done, s));
  }

  /** Record a file's outcome now, or when its group commits (a placed copy); `done` moves the progress bar on. */
  private settle(w: LaneWork, file: SourceFile, done: () => void, s: PromiseSettledResult<FileOutcome | PlacedOutcome>): void {
    const record = (o: FileOutcome) => {
      w.onFile?.(o);
      tally(w.summary, o);
      logOutcome(this.log, w.run.sessionId, o);
    };
    const fail = (err: unknown) => {
      if (err instanceof StopIngest) w.summary.stoppedEarly ??= err.message;
      record({ kind: 'failed', sourcePath: file.relPath, error: err instanceof StopIngest ? err.message : errorMessage(err) });
    };
    if (s.status === 'rejected') fail(s.reason);
    else if (s.value.kind !== 'placed') record(s.value);
    else {
      w.committing.push(s.value.committed.then(record, fail).finally(done));
      return;
    }
    done();
  }
}

/** The small files at the head of the queue that fit in one batch with a first of `firstBytes`. */
function nextSmallFiles(queue: SourceFile[], firstBytes: number): SourceFile[] {
  const taken: SourceFile[] = [];
  let bytes = firstBytes;
  while (taken.length + 1 < BATCH_LIMITS.files && queue[0] && queue[0].size <= SMALL_FILE_BYTES && bytes + queue[0].size <= BATCH_LIMITS.bytes) {
    bytes += queue[0].size;
    taken.push(queue.shift()!);
  }
  return taken;
}
