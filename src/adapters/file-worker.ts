/**
 * File worker process entry (file-worker-process.ts): runs durable-file jobs out of the service's
 * process, so files are copied and hashed on both cores while the service keeps the catalogue and
 * the progress bar going, and a recorder's file is never held open by the process that starts programs.
 */
import { copyAndHash, hashFile } from './durable-file.js';
import { placeFile } from './place-file.js';
import { hashFromDisk } from './disk-read.js';
import { copySmall, hashSmall, sealSmall } from './small-file.js';
import { jobFailure, linkSmallBatch, storeSmallBatch } from './small-file-batch.js';
import { blockingReads, scanVolume } from './volume-scanner.js';
import type { WorkerJob, WorkerReply } from './file-worker-protocol.js';

/**
 * Bytes done so far, sent at most every 200 ms so progress bars move during large files; bytes held back
 * are sent when the 200 ms are up even if no more come (a card that stops answering right after a fast
 * burst still shows how far its copy got, and its silence starts there). `end` drops them: the job's
 * answer counts every byte.
 */
function progressReporter(id: number): { report: (n: number) => void; end: () => void } {
  let pending = 0;
  // A report of no bytes (a scan's empty folder) still says the job is alive.
  let due = false;
  let last = Date.now();
  let later: NodeJS.Timeout | null = null;
  const flush = () => {
    // Called directly (200 ms up), a timer still set would send again at once.
    if (later) clearTimeout(later);
    later = null;
    if (!due) return;
    send({ id, progress: pending } satisfies WorkerReply);
    pending = 0;
    due = false;
    last = Date.now();
  };
  return {
    report: (n) => {
      pending += n;
      due = true;
      const wait = 200 - (Date.now() - last);
      if (wait <= 0) flush();
      else later ??= setTimeout(flush, wait);
    },
    end: () => {
      due = false;
      pending = 0;
      flush(); // clears the timer; with nothing due, sends nothing
    },
  };
}

/**
 * Small files (a photo) take the synchronous path (small-file.ts): this thread runs one job at a time,
 * and each asynchronous call would be a round trip through the I/O thread pool. Large ones keep the
 * pipelined path of durable-file.ts.
 */
async function run(job: WorkerJob, progress: (n: number) => void): Promise<unknown> {
  switch (job.op) {
    case 'copy':
      return copySmall(job.src, job.dst, progress, job.headBytes, job.named) ?? copyAndHash(job.src, job.dst, { onBytes: progress, chunkBytes: job.chunk, named: job.named, check: job.check !== false });
    case 'hash':
      return hashSmall(job.path, progress) ?? hashFile(job.path, progress, job.chunk);
    case 'hash-disk':
      return hashFromDisk(job.path, progress, job.chunk);
    case 'place': {
      // Its read-back's progress tells the pool the job is alive (the bytes are counted with the copy).
      const result = await placeFile(job.tmp, job.target, job.expected, { syncDir: job.syncDir, onBytes: progress, chunk: job.chunk });
      // Seal only a copy whose read-back matched: a bad one is left writable for the caller to remove.
      if (result.placed && result.readBack.matches) sealSmall(job.target);
      return result;
    }
    case 'store-batch':
      return storeSmallBatch(job.items, job.headBytes, progress, job.stillZone);
    case 'link-batch':
      return linkSmallBatch(job.items);
    case 'scan':
      // Its progress (files listed, no bytes) says the recorder answers; a read of it that hangs falls silent.
      return scanVolume(job.root, new Set(job.extensions), blockingReads(progress));
    case 'ready':
      return null;
  }
}

/** Replies go in order; the service gone (its channel closed), this process has no one to work for. */
const send = (reply: WorkerReply) => process.send!(reply);
process.on('disconnect', () => process.exit(0));

process.on('message', (job: WorkerJob) => {
  const progress = progressReporter(job.id);
  run(job, progress.report).then(
    (value) => {
      progress.end();
      send({ id: job.id, ok: true, value } satisfies WorkerReply);
      // A volume's listing (ten thousand entries, their lstats and the message) is garbage once sent:
      // collected now, this worker goes back to its usual size for the copies that follow.
      if (job.op === 'scan') setImmediate(() => (globalThis as { gc?: () => void }).gc?.());
    },
    (err: unknown) => {
      progress.end();
      send({ id: job.id, ok: false, error: jobFailure(err) } satisfies WorkerReply);
    },
  );
});
