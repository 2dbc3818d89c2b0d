/**
 * The file workers' slots (src/adapters/file-workers.ts): a thread runs more than one job at once, so
 * a job stuck waiting on its file (here a file on a recorder whose FUSE process is stopped, as a card
 * that stops answering; a FIFO in a file's place is refused at once, never waited on) does not hold
 * up the next; and never more jobs in flight than threads × jobs each: the rest queue.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileWorkers, STALL_MS } from '../src/adapters/file-workers.js';
import { fusePid, mountRecorder, type Mounted } from './support/fat-volume.js';
import { stopWhen, waitFor } from './support/wait.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-workers-'));

/**
 * A recorder whose reads hang while `hang` holds: its FAT32 volume's FUSE process stopped (SIGSTOP), so
 * opening a file on it waits for a daemon that does not answer, until `release` (SIGCONT). Processes
 * are never listed while it is stopped (their command lines would wait on it too).
 */
class HangingCard {
  private readonly mounted: Mounted;
  private readonly pid: number;
  private next = 0;

  constructor(name: string) {
    const src = path.join(dir, `${name}-clip.bin`);
    fs.writeFileSync(src, `the clip on ${name}`);
    const files = Array.from({ length: 8 }, (_, i) => ({ path: `DCIM/C${i}.MP4`, from: src }));
    this.mounted = mountRecorder(path.join(dir, `${name}.img`), path.join(dir, name), files);
    this.pid = fusePid(this.mounted.mountPoint);
  }

  /**
   * A file on the card not read before (nothing of it cached: its open asks the FUSE process). Jobs
   * that hang on it read it the asynchronous way (hashFromDisk): a small file's synchronous read
   * would hold the worker's whole thread, not one of its slots.
   */
  file(): string {
    return path.join(this.mounted.mountPoint, 'DCIM', `C${this.next++}.MP4`);
  }

  async hang(): Promise<void> {
    await stopWhen(this.pid, 'the card stopped', () => true);
  }

  release(): void {
    process.kill(this.pid, 'SIGCONT');
  }

  unmount(): void {
    this.release();
    this.mounted.unmount();
  }
}

/** A job's state, to see that it is still waiting: 'waiting' until it settles. */
function track(job: Promise<unknown>): () => string {
  let state = 'waiting';
  job.then(() => (state = 'read'), (err: Error) => (state = `failed: ${err.message}`));
  return () => state;
}

let cardA: HangingCard;
let cardB: HangingCard;
beforeAll(() => {
  cardA = new HangingCard('card-a');
  cardB = new HangingCard('card-b');
});
afterAll(() => {
  cardA?.unmount();
  cardB?.unmount();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * The worker processes this file's pools start: node children of this process (by their stat alone:
 * command lines are not read while a card is stopped).
 */
const workerPids = () =>
  fs.readdirSync('/proc').filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.includes(' (node) ') && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid;
    } catch {
      return false;
    }
  });

describe('file workers', () => {
  const workers = new FileWorkers(1, 2);

  afterAll(async () => {
    await workers.close();
  });

  it("makes the read-back's XXH3 check of a large copy unless the caller reads it back by its SHA-256", async () => {
    const data = Buffer.alloc(9 * 1024 * 1024, 'evidence');
    const src = path.join(dir, 'large-check.bin');
    fs.writeFileSync(src, data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const ingested = await workers.copy(src, path.join(dir, 'large-check.ingest'));
    expect(ingested).toMatchObject({ sha256, size: data.length, check: { seed: expect.any(String), xxh3: expect.any(String) } });
    const exported = await workers.copy(src, path.join(dir, 'large-check.export'), undefined, { check: false });
    expect(exported).toEqual({ sha256, size: data.length });
  });

  it('runs a second job beside one stuck on its file, and queues a third while two are stuck', async () => {
    const plain = path.join(dir, 'plain.bin');
    fs.writeFileSync(plain, 'recorded bytes');
    const digest = createHash('sha256').update('recorded bytes').digest('hex');
    await cardA.hang();
    await cardB.hang();
    const stuckA = track(workers.hashFromDisk(cardA.file()));
    expect(await workers.hash(plain)).toEqual({ sha256: digest, size: 14 });
    expect(stuckA()).toBe('waiting');

    const stuckB = track(workers.hashFromDisk(cardB.file()));
    const third = workers.hash(plain);
    expect(workers.queued).toBe(1); // both slots of the one worker are taken

    // Card A answers again: its slot goes to the job that waited.
    cardA.release();
    expect(await third).toEqual({ sha256: digest, size: 14 });
    expect(stuckA()).toBe('read');
    expect(workers.queued).toBe(0);
    expect(stuckB()).toBe('waiting');
    cardB.release();
    await waitFor('the job on card B to end', () => stuckB() === 'read', 30_000, 10);
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
      await cardA.hang();
      const ended: string[] = [];
      const busy = track(pool.hashFromDisk(cardA.file()));
      const waiting = [pool.hash(plain, undefined, { lane: 'a' }), pool.hash(plain, undefined, { lane: 'b' })].map((p, k) => p.then(() => ended.push(`copy ${k}`)));
      const listed = pool.scan(volume, new Set(['mp4']), { lane: 'c' }).then((r) => ended.push(`scan ${r.files.map((f) => f.relPath).join()}`));
      expect(pool.queued).toBe(3);
      expect(busy()).toBe('waiting');
      cardA.release();
      await Promise.all([...waiting, listed]);
      expect(ended).toEqual(['scan DCIM/A.MP4', 'copy 0', 'copy 1']);
      expect(busy()).toBe('read');
    } finally {
      cardA.release();
      await pool.close();
    }
  });

  it('replaces a worker that dies: its own jobs fail, the ones queued behind it run on a new one', async () => {
    const pool = new FileWorkers(1, 1);
    try {
      const plain = path.join(dir, 'queued.bin');
      fs.writeFileSync(plain, 'queued bytes');
      expect((await pool.hash(plain)).size).toBe(12); // the worker has started and answered
      await cardA.hang();
      const stuck = track(pool.hashFromDisk(cardA.file()));
      const queued = pool.hash(plain);
      expect(pool.queued).toBe(1);
      // The worker ends under its job, as an uncaught error would end it.
      const [worker] = (pool as unknown as { workers: { kill(): void }[] }).workers;
      worker!.kill();
      await waitFor('the dead worker to fail its job', () => stuck() !== 'waiting', 30_000, 10);
      expect(stuck()).toMatch(/file worker ended \(SIGKILL\)/);
      expect((await queued).size).toBe(12);
      expect(pool.queued).toBe(0);
    } finally {
      cardA.release();
      await pool.close();
    }
  });

  it('starts workers as jobs need them: the few jobs of a short run take one, a backlog that waits a second', async () => {
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
    try {
      expect((await eager.hash(files[0]!)).size).toBeGreaterThan(0); // the first is up
      await cardA.hang();
      const stuck = [track(eager.hashFromDisk(cardA.file())), track(eager.hashFromDisk(cardA.file()))];
      expect((await eager.hash(files[1]!)).size).toBeGreaterThan(0); // ran beside the two stuck jobs
      expect(stuck.map((s) => s())).toEqual(['waiting', 'waiting']);
      expect(started()).toBe(2);
      cardA.release();
      await waitFor('the jobs on the card to end', () => stuck.every((s) => s() === 'read'), 30_000, 10);
    } finally {
      cardA.release();
      await eager.close();
    }
    await waitFor('the second pool\'s workers to be gone', () => started() === 0, 30_000, 10);

    // Warmed (the dock service at its start): its two workers up before any job, and the jobs that
    // follow start none more; a second warm starts nothing either.
    const warmed = new FileWorkers(2, 2, STALL_MS, 60_000);
    try {
      warmed.warm();
      await waitFor('the warmed workers to start', () => started() === 2, 30_000, 10);
      warmed.warm();
      const sizes = await Promise.all(files.map((f) => warmed.hash(f).then((r) => r.size)));
      expect(sizes).toEqual(files.map((f) => Buffer.byteLength(f)));
      expect(started()).toBe(2);
    } finally {
      await warmed.close();
    }
  });

  it('keeps the workers a burst started while they are idle, and ends those beyond its size once idle for the wait', async () => {
    const files = ['burst-a', 'burst-b'].map((n) => path.join(dir, `${n}.bin`));
    for (const f of files) fs.writeFileSync(f, f);
    // Two recorders' jobs at once: a worker each (size 1, two jobs a worker: up to two workers).
    const burst = (pool: FileWorkers) => Promise.all(files.map((f, k) => pool.hash(f, undefined, { lane: `recorder-${k}` })));
    const before = new Set(workerPids());
    const ours = () => new Set(workerPids().filter((pid) => !before.has(pid)));

    // A wait of a minute: a second burst right after the first runs on the same two workers.
    const patient = new FileWorkers(1, 2, STALL_MS, 0, 60_000);
    try {
      await burst(patient);
      const first = ours();
      expect(first.size).toBe(2);
      await burst(patient);
      expect(ours()).toEqual(first);
    } finally {
      await patient.close();
    }
    await waitFor('the first pool\'s workers to be gone', () => ours().size === 0, 30_000, 10);

    // No wait: the worker beyond the one kept ends at the watchdog's next look (every 0.5 s here), the other stays.
    const prompt = new FileWorkers(1, 2, 2_000, 0, 0);
    try {
      await burst(prompt);
      await waitFor('the worker beyond the one kept to end', () => ours().size === 1, 30_000, 10);
      const kept = ours();
      expect((await prompt.hash(files[0]!)).size).toBeGreaterThan(0);
      expect(ours()).toEqual(kept);
    } finally {
      await prompt.close();
    }
  });
});
