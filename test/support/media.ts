/** Real media made by ffmpeg for tests: small, generated on the spot, never committed. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/**
 * `ffmpeg … file`, or a copy of the clip the same arguments made earlier in this run: ffmpeg writes
 * the same bytes for the same arguments (no clock, no randomness in these sources), and an encode
 * costs a few tenths of a CPU-second where a copy costs nothing (media-cache-setup.ts keeps them).
 * The clip is made under a name of its own and renamed, so a test file beside never copies half of one.
 */
function ffmpeg(args: string[], file: string): void {
  const cache = inject('mediaCache') as string | undefined;
  // The format follows the extension (.MP4 and .mp4 alike).
  const ext = path.extname(file).toLowerCase();
  if (!cache) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
    return;
  }
  const kept = path.join(cache, createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 32) + ext);
  if (!fs.existsSync(kept)) {
    const made = path.join(cache, `${process.pid}-${path.basename(kept)}`);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, made]);
    fs.renameSync(made, kept);
  }
  fs.copyFileSync(kept, file);
}

export function makeVideo(file: string, seconds = 1, opts: { creationTime?: string; size?: string } = {}): void {
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc=size=${opts.size ?? '160x120'}:rate=10`,
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest',
    ...(opts.creationTime ? ['-metadata', `creation_time=${opts.creationTime}`] : []),
  ], file);
}

export function makeAudio(file: string, seconds = 1): void {
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=880', '-t', String(seconds)], file);
}

export function makePhoto(file: string): void {
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1'], file);
}

export interface RecorderFileName {
  device?: string;
  officer?: string;
  /** Local start time as the recorder writes it: YYYYMMDDhhmmss. */
  stamp: string;
  seq: number;
  ext?: string;
}

/** A file name as a GA/T 947 style recorder writes it: `0001234_110101_20260515073000_0001.MP4`. */
export function recorderFileName({ device = '0001234', officer = '110101', stamp, seq, ext = 'MP4' }: RecorderFileName): string {
  return `${device}_${officer}_${stamp}_${String(seq).padStart(4, '0')}.${ext}`;
}

/** Today's date as YYYYMMDD in the tests' zone, Asia/Shanghai (UTC+8 all year): what a recorder docked today stamps. */
export function todayStamp(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
}

/** A recorder's folder as a card reader shows it: each named file a real video `seconds` long (default 1). */
export function writeRecorderFiles(dir: string, files: { name: string; seconds?: number }[]): string[] {
  fs.mkdirSync(dir, { recursive: true });
  return files.map(({ name, seconds = 1 }) => {
    const file = path.join(dir, name);
    makeVideo(file, seconds);
    return file;
  });
}
