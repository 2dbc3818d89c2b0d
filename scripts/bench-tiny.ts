/**
 * The bench's tiny files: 10,000 files of about 4 KB against the plain tools (`--small-files N`,
 * case `tiny`). What a recorder really writes at that size is a still: a 240x180 JPEG snapshot (the
 * low-resolution capture some recorders take beside a video, or a thumbnail) with its EXIF block,
 * named as the recorder names its photos. A still is probed in-process (no process per file), as
 * the issue asks; a 4 KB audio file would be a quarter of a second of sound, which no recorder
 * writes, and each audio file costs one ffprobe by design.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeStills, totalBytes } from './bench-media.js';
import { clearComparison, pairedRounds, type Context } from './bench-context.js';
import { summarise, type IngestComparison } from './bench-cases.js';

/**
 * `count` JPEG snapshots of about 4 KB in `<root>/DCIM/100MEDIA`: four pictures encoded once (a
 * gradient with fine noise), each file one of them with its own EXIF block (capture time, unique id),
 * so each hashes differently. Returns the files.
 */
export function makeSnapshots(root: string, device: string, count: number): string[] {
  // One second apart: ten thousand snapshots fit in a day (08:00 to about 10:47).
  return makeStills(root, device, count, { size: '240x180', lum: 'X', cb: 'Y/5', quality: 4, stepSeconds: 1 });
}

/** Tiny files: `count` snapshots of about 4 KB, ingest against cp -r + sync + openssl in paired rounds. */
export async function tinyCase(ctx: Context, count: number, rounds: number): Promise<IngestComparison> {
  const volume = path.join(ctx.source, 'tiny');
  ctx.log(`tiny files: making ${count} JPEG snapshots of about 4 KB in ${volume}`);
  const files = makeSnapshots(volume, '0009997', count);
  const bytes = totalBytes(files);
  const { rounds: done, peak } = await pairedRounds(ctx, 'tiny', rounds, [{ dir: volume, device: '0009997' }]);
  clearComparison(ctx, 'tiny');
  fs.rmSync(volume, { recursive: true, force: true });
  return summarise(done, peak, files.length, bytes);
}
