/** Free space on the vault's filesystem (for the disk-full forecast). */
import fs from 'node:fs';

export function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return Number(s.bavail) * Number(s.bsize);
}
