/**
 * The file workers' slots (src/adapters/file-workers.ts): a thread runs more than one job at once, so
 * a job stuck waiting on its file (here a disk read of a FIFO nobody writes yet, as a copy waits on a
 * slow fsync; a copy or hash of one is refused at once)
 * does not hold up the next; and never more jobs in flight than threads × jobs each: the rest queue.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWorkers, STALL_MS } from '../src/adapters/file-workers.js';
import { waitFor } from './support/wait.js';

/** Open the FIFO for writing and close it again, when a reader is there (no reader: nothing happens). */
function writeOnce(fifo: string): void {
  try {
    fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
  }
}

describe('file workers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-workers-'));
  const workers = new FileWorkers(1, 2);

  afterAll(async () => {
    await workers.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs a second job beside one stuck on its file, and queues a third while two are stuck', async () => {
    const plain = path.join(dir, 'plain.bin');
    fs.writeFileSync(plain, 'recorded bytes');
    const digest = createHash('sha256').update('recorded bytes').digest('hex');
    const [fifoA, fifoB] = ['a.fifo', 'b.fifo'].map((n) => path.join(dir, n));
    execFileSync('mkfifo', [fifoA!, fifoB!]);

    // The open of a FIFO waits until someone opens it for writing: this job is stuck. The disk read
    // may open it twice (O_DIRECT, refused once a writer came, then through the cache), the second
    // time before or after the first writer closed: writers come, each only while a reader waits (one
    // opened without a reader would fail at once), until the job is over.
    const release = async (fifo: string, job: Promise<string>) => {
      let over = false;
      void job.then(() => (over = true));
      await waitFor(`the job on ${fifo} to end`, () => over || void writeOnce(fifo), 30_000, 10);
    };
    const stuckA = workers.hashFromDisk(fifoA!).then(() => 'read', () => 'failed');
    expect(await workers.hash(plain)).toEqual({ sha256: digest, size: 14 });

    const stuckB = workers.hashFromDisk(fifoB!).then(() => 'read', () => 'failed');
    const third = workers.hash(plain);
    expect(workers.queued).toBe(1); // both slots of the one thread are taken

    // Release A: its slot goes to the job that waited.
    await release(fifoA!, stuckA);
    expect(await third).toEqual({ sha256: digest, size: 14 });
    expect(workers.queued).toBe(0);
    await release(fifoB!, stuckB);
  });

  it('keeps its thread when reads started ahead fail out of order (every read fails)', async () => {
    // A regular file each of whose reads fails: the worker's own memory, read where nothing is mapped.
    // (A FIFO held open did this before FIFOs were refused at the open.)
    // Before, one job in about ten had a later read fail first, unhandled: the thread died, and the
    // jobs queued behind it waited for ever.
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => workers.hashFromDisk('/proc/self/mem').then(() => 'read', (err: NodeJS.ErrnoException) => err.code)));
    expect(new Set(outcomes)).toEqual(new Set(['EIO']));
    const plain = path.join(dir, 'after.bin');
    fs.writeFileSync(plain, 'still here');
    expect((await workers.hash(plain)).size).toBe(10);
  });

  it('lists a volume before the copies already waiting: a recorder docked while others copy starts at once', async () => {
    const pool = new FileWorkers(1, 1);
    try {
      const plain = path.join(dir, 'waiting.bin');
      fs.writeFileSync(plain, 'waiting bytes');
      const volume = path.join(dir, 'volume');
      fs.mkdirSync(path.join(volume, 'DCIM'), { recursive: true });
      fs.writeFileSync(path.join(volume, 'DCIM', 'A.MP4'), 'clip');
      const fifo = path.join(dir, 'busy.fifo');
      execFileSync('mkfifo', [fifo]);
      const ended: string[] = [];
      const busy = pool.hashFromDisk(fifo).then(() => 'read', () => 'failed');
      const waiting = [pool.hash(plain, undefined, { lane: 'a' }), pool.hash(plain, undefined, { lane: 'b' })].map((p, k) => p.then(() => ended.push(`copy ${k}`)));
      const listed = pool.scan(volume, new Set(['mp4']), { lane: 'c' }).then((r) => ended.push(`scan ${r.files.map((f) => f.relPath).join()}`));
      expect(pool.queued).toBe(3);
      let over = false;
      void busy.then(() => (over = true));
      await waitFor('the busy job to end', () => over || void writeOnce(fifo), 30_000, 10);
      await Promise.all([...waiting, listed]);
      expect(ended).toEqual(['scan DCIM/A.MP4', 'copy 0', 'copy 1']);
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that dies: its own jobs fail, the ones queued behind it run on a new one', async () => {
    const pool = new FileWorkers(1, 1);
    try {
      const plain = path.join(dir, 'queued.bin');
      fs.writeFileSync(plain, 'queued bytes');
      expect((await pool.hash(plain)).size).toBe(12); // the worker has started and answered
      const fifo = path.join(dir, 'dies.fifo');
      execFileSync('mkfifo', [fifo]);
      let ended: string | undefined;
      void pool.hashFromDisk(fifo).then(() => (ended = 'read'), (err: Error) => (ended = err.message));
      const queued = pool.hash(plain);
      expect(pool.queued).toBe(1);
      // The worker ends under its job, as an uncaught error would end it.
      const [worker] = (pool as unknown as { workers: { kill(): void }[] }).workers;
      worker!.kill();
      await waitFor('the dead worker to fail its job', () => ended ?? void writeOnce(fifo), 30_000, 10);
      expect(ended).toMatch(/file worker ended \(SIGKILL\)/);
      expect((await queued).size).toBe(12);
      expect(pool.queued).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('starts workers as jobs need them: the few jobs of a short run take one, a backlog that waits a second', async () => {
    // The worker processes this test's pools start: children of this process not there before.
    const workerPids = () =>
      fs.readdirSync('/proc').filter((pid) => {
        try {
          const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('file-worker');
        } catch {
          return false;
        }
      });
    const before = new Set(workerPids());
    const started = () => workerPids().filter((pid) => !before.has(pid)).length;
    const files = ['one', 'two', 'three', 'four', 'five'].map((n) => path.join(dir, `${n}.bin`));
    for (const f of files) fs.writeFileSync(f, f);

    // A second worker only for jobs that wait a minute: five small ones never do.
    const patient = new FileWorkers(2, 2, STALL_MS, 60_000);
    try {
      expect(started()).toBe(0); // nothing starts before a job
      const sizes = await Promise.all(files.map((f) => patient.hash(f).then((r) => r.size)));
      expect(sizes).toEqual(files.map((f) => Buffer.byteLength(f)));
      expect(started()).toBe(1);
    } finally {
      await patient.close();
    }
    await waitFor('the first pool\'s worker to be gone', () => started() === 0, 30_000, 10);

    // A second worker as soon as a job waits behind a first that is up and full.
    const eager = new FileWorkers(2, 2, STALL_MS, 0);
    const [fifoA, fifoB] = ['c.fifo', 'd.fifo'].map((n) => path.join(dir, n));
    execFileSync('mkfifo', [fifoA!, fifoB!]);
    try {
      expect((await eager.hash(files[0]!)).size).toBeGreaterThan(0); // the first is up
      const stuck = [fifoA!, fifoB!].map((fifo) => ({ fifo, job: eager.hashFromDisk(fifo).then(() => 'read', () => 'failed') }));
      expect((await eager.hash(files[1]!)).size).toBeGreaterThan(0); // ran beside the two stuck jobs
      expect(started()).toBe(2);
      for (const { fifo, job } of stuck) {
        let over = false;
        void job.then(() => (over = true));
        await waitFor(`the job on ${fifo} to end`, () => over || void writeOnce(fifo), 30_000, 10);
      }
    } finally {
      await eager.close();
    }
  });
});
