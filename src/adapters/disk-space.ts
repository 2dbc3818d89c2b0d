/** Free space where a folder is (or would be created): statfs on its nearest existing ancestor. */
import fs from 'node:fs';
import path from 'node:path';

export function freeBytesAt(dir: string): { bytes: number; checkedAt: string } {
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  const s = fs.statfsSync(at);
  // bavail, not bfree: blocks reserved for root do not count for a vault or an archive disk.
  return { bytes: Number(s.bavail) * Number(s.bsize), checkedAt: at };
}

export function freeBytes(dir: string): number {
  return freeBytesAt(dir).bytes;
}

/** Free (for a non-root writer) and total bytes of the file system holding `dir`. */
export function diskUsage(dir: string): { freeBytes: number; totalBytes: number } {
  const { checkedAt } = freeBytesAt(dir);
  const s = fs.statfsSync(checkedAt);
  return { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
}
