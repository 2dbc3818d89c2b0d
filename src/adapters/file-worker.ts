/**
 * Worker thread entry: runs durable-file jobs off the main thread, so two files are copied and
 * hashed at once (both cores) while the main thread keeps the catalogue and the progress bar going.
 */
import { parentPort } from 'node:worker_threads';
import { copyAndHash, FsyncError, hashFile, placeFile } from './durable-file.js';
import { hashFromDisk } from './disk-read.js';
import { copySmall, hashSmall, sealSmall } from './small-file.js';
import type { WorkerJob, WorkerReply } from './file-worker-protocol.js';

/** Bytes done so far, sent at most every 200 ms so progress bars move during large files. */
function progressReporter(id: number): (n: number) => void {
  let pending = 0;
  let last = Date.now();
  return (n) => {
    pending += n;
    const now = Date.now();
    if (now - last >= 200) {
      parentPort!.postMessage({ id, progress: pending } satisfies WorkerReply);
      pending = 0;
      last = now;
    }
  };
}

/**
 * Small files (a photo) take the synchronous path (small-file.ts): this thread runs one job at a time,
 * and each asynchronous call would be a round trip through the I/O thread pool. Large ones keep the
 * pipelined path of durable-file.ts.
 */
async function run(job: WorkerJob): Promise<unknown> {
  switch (job.op) {
    case 'copy':
      return copySmall(job.src, job.dst, progressReporter(job.id), job.headBytes) ?? copyAndHash(job.src, job.dst, progressReporter(job.id));
    case 'hash':
      return hashSmall(job.path, progressReporter(job.id)) ?? hashFile(job.path, progressReporter(job.id));
    case 'hash-disk':
      return hashFromDisk(job.path, progressReporter(job.id));
    case 'place': {
      const result = await placeFile(job.tmp, job.target, { syncDir: job.syncDir });
      // Seal only a copy whose read-back matched: a bad one is left writable for the caller to remove.
      if (result.placed && result.readBack.sha256 === job.expectedSha256) sealSmall(job.target);
      return result;
    }
  }
}

parentPort!.on('message', (job: WorkerJob) => {
  run(job).then(
    // A copy's head is handed over, not copied again.
    (value) => parentPort!.postMessage({ id: job.id, ok: true, value } satisfies WorkerReply, headOf(value)),
    (err: NodeJS.ErrnoException) =>
      parentPort!.postMessage({
        id: job.id,
        ok: false,
        error: { message: err.message, code: err.code, fsync: err instanceof FsyncError },
      } satisfies WorkerReply),
  );
});

function headOf(value: unknown): ArrayBuffer[] {
  const head = (value as { head?: unknown } | null)?.head;
  return head instanceof Uint8Array && head.buffer instanceof ArrayBuffer ? [head.buffer] : [];
}
