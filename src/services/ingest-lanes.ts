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
import { BATCH_LIMITS, type BatchIngest } from './ingest-batch.js';
import { StopIngest, type FileIngest, type IngestRun, type PlacedOutcome } from './ingest-file.js';
import { logOutcome, tally, type FileOutcome, type IngestSummary } from './ingest-summary.js';

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
    const { queue, summary } = w;
    for (let file = queue.shift(); file; file = queue.shift()) {
      if (summary.stoppedEarly) break;
      if (w.signal?.aborted) {
        summary.stoppedEarly = 'stop requested';
        break;
      }
      if (file.size <= SMALL_FILE_BYTES) {
        const batch = [file, ...nextSmallFiles(queue, file.size)];
        const progress = batch.map((f) => fileProgress(w.progress, f.size));
        const settled = await this.batches.ingest(w.run, batch.map((f, k) => ({ file: f, onBytes: progress[k]!.onBytes }))).catch(
          // Whatever went wrong with the batch as a whole, each of its files gets an outcome.
          (reason: unknown) => batch.map(() => ({ status: 'rejected', reason }) as const),
        );
        settled.forEach((s, k) => this.settle(w, batch[k]!, progress[k]!.done, s));
        continue;
      }
      const fp = fileProgress(w.progress, file.size);
      const settled = await this.files.ingest(w.run, file, fp.onBytes).then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      );
      this.settle(w, file, fp.done, settled);
    }
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
