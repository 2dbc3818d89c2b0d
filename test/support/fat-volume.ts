/**
 * Real FAT32 volumes, as a docked recorder shows them: built with mkfs.vfat + mtools, mounted with
 * FUSE fusefat (the kernel here has no vfat). Unmounting is the cable being pulled.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stopWhen } from './wait.js';

export interface VolumeFile {
  /** Path inside the volume, e.g. DCIM/100MEDIA/A.MP4 */
  path: string;
  /** A file on this machine to copy in. */
  from: string;
}

/**
 * The smallest card formatted FAT32 with 32 KiB clusters (FAT32 needs at least 65,525 clusters), as a
 * recorder formats its card. The image is sparse, so its size costs only what is written into it.
 * The cluster size matters: fusefat walks a file's cluster chain from its start on every read, so
 * with the 512-byte clusters mkfs.vfat picks for a small image, reading the last 24 MiB of a 120 MiB
 * file took 8.4 s against 0.6 s for its first 24 MiB, and the whole file 34 s; with 32 KiB, 1.2 s.
 */
const CARD_MIB = 4096;

/** Build a FAT32 image holding `files`: a card of at least `sizeMiB` (and at least CARD_MIB), 32 KiB clusters. */
export function buildFatImage(image: string, files: VolumeFile[], sizeMiB = CARD_MIB, label = 'RECORDER'): void {
  fs.rmSync(image, { force: true });
  execFileSync('truncate', ['-s', `${Math.max(sizeMiB, CARD_MIB)}M`, image]);
  execFileSync('mkfs.vfat', ['-F', '32', '-s', '64', '-n', label, image], { stdio: 'ignore' });
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = path.posix.dirname(f.path).split('/').filter((p) => p && p !== '.');
    for (let i = 1; i <= parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  for (const d of [...dirs].sort()) execFileSync('mmd', ['-i', image, `::${d}`]);
  // -m keeps the source's mtime, as a recorder's own file times are (ingest compares them: clock-skew).
  for (const f of files) execFileSync('mcopy', ['-m', '-i', image, f.from, `::${f.path}`]);
}

export interface Mounted {
  mountPoint: string;
  unmount(): void;
  /** The fusefat process: kill it to yank the cable. */
  pid(): number | null;
}

export function mountFat(image: string, mountPoint: string, mode: 'ro' | 'rw+' | 'rw+,allow_other' = 'ro'): Mounted {
  fs.mkdirSync(mountPoint, { recursive: true });
  execFileSync('fusefat', ['-o', mode, image, mountPoint], { stdio: 'ignore' });
  return {
    mountPoint,
    unmount() {
      spawnSync('fusermount', ['-u', '-z', mountPoint], { stdio: 'ignore' });
    },
    pid() {
      const out = spawnSync('pgrep', ['-f', `fusefat -o ${mode} ${image} ${mountPoint}`], { encoding: 'utf8' }).stdout.trim();
      return out ? Number(out.split('\n')[0]) : null;
    },
  };
}

/** How much the fusefat process `pid` has read from its image so far (its rchar): how far its card has been read. */
export function imageBytesRead(pid: number): number {
  return Number(/^rchar: (\d+)$/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
}

/**
 * Stops a card (SIGSTOP to its fusefat process) at a moment when `probe(bytes read from its image)`
 * holds, as a card that stops answering mid-copy (see stopWhen: the card cannot move on between the
 * look and the stop, so a file copied in a second is still caught part-way).
 */
export async function stopCardWhen(pid: number, what: string, probe: (bytesRead: number) => boolean, deadlineMs = 120_000): Promise<void> {
  await stopWhen(pid, what, () => probe(imageBytesRead(pid)), deadlineMs);
}

export function sha256sum(file: string): string {
  return execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0]!;
}

/** A recorder docked: a FAT32 image holding `files`, built once and mounted at `mountPoint`. */
export function mountRecorder(image: string, mountPoint: string, files: VolumeFile[], options: { sizeMiB?: number; mode?: 'ro' | 'rw+' } = {}): Mounted {
  if (!fs.existsSync(image)) buildFatImage(image, files, options.sizeMiB);
  return mountFat(image, mountPoint, options.mode);
}

/** The fusefat process serving `mountPoint`, found by its name and command line while nothing is stopped (never list processes while one is: they would hang on its mount). */
export function fusePid(mountPoint: string): number {
  for (const pid of fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'fusefat') continue;
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(mountPoint)) return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  throw new Error(`no fusefat process for ${mountPoint}`);
}
