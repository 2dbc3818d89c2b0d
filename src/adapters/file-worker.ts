/**
 * Worker thread entry: runs durable-file jobs off the main thread, so two files are copied and
 * hashed at once (both cores) while the main thread keeps the catalogue and the progress bar going.
 */
import { parentPort } from 'node:worker_threads';
import { copyAndHash, FsyncError, hashFile, placeFile, sealFile } from './durable-file.js';
import { hashFromDisk } from './disk-read.js';
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

async function run(job: WorkerJob): Promise<unknown> {
  switch (job.op) {
    case 'copy':
      return copyAndHash(job.src, job.dst, progressReporter(job.id));
    case 'hash':
      return hashFile(job.path, progressReporter(job.id));
    case 'hash-disk':
      return hashFromDisk(job.path, progressReporter(job.id));
    case 'place': {
      const result = await placeFile(job.tmp, job.target, { syncDir: job.syncDir });
      // Seal only a copy whose read-back matched: a bad one is left writable for the caller to remove.
      if (result.placed && result.readBack.sha256 === job.expectedSha256) await sealFile(job.target);
      return result;
    }
  }
}

parentPort!.on('message', (job: WorkerJob) => {
  run(job).then(
    (value) => parentPort!.postMessage({ id: job.id, ok: true, value } satisfies WorkerReply),
    (err: NodeJS.ErrnoException) =>
      parentPort!.postMessage({
        id: job.id,
        ok: false,
        error: { message: err.message, code: err.code, fsync: err instanceof FsyncError },
      } satisfies WorkerReply),
  );
});
