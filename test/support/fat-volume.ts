/**
 * Real FAT32 volumes, as a docked recorder shows them: built with mkfs.vfat + mtools, mounted with
 * FUSE fusefat (the kernel here has no vfat). Unmounting is the cable being pulled.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface VolumeFile {
  /** Path inside the volume, e.g. DCIM/100MEDIA/A.MP4 */
  path: string;
  /** A file on this machine to copy in. */
  from: string;
}

/** Build a FAT32 image holding `files`. Size in MiB (FAT32 needs at least ~33 MiB). */
export function buildFatImage(image: string, files: VolumeFile[], sizeMiB = 40, label = 'RECORDER'): void {
  fs.rmSync(image, { force: true });
  execFileSync('truncate', ['-s', `${sizeMiB}M`, image]);
  execFileSync('mkfs.vfat', ['-F', '32', '-n', label, image], { stdio: 'ignore' });
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

export function mountFat(image: string, mountPoint: string, mode: 'ro' | 'rw+' = 'ro'): Mounted {
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
