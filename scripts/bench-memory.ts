/**
 * Page-cache memory the host has taken back, paid for by neither contender. This machine is a virtual
 * machine with free page reporting (/sys/module/page_reporting): the guest hands the host blocks of
 * memory it frees, and whoever takes such a page next waits while the host faults it in again. A
 * contender that goes through the page cache (`cp` writing its copies, `openssl` reading evicted ones)
 * takes a page for every 4 KiB; ingest's direct I/O reuses its own buffers. Measured here, 1 GiB:
 * `openssl dgst` of evicted copies took 3.4 s of system time after the memory had gone back to the
 * host, 0.2-0.4 s when the page cache had just held something else; `cp -r` of 3 GiB from tmpfs 11.6-13.5 s
 * of system time against 0.5-1.5 s. The yardstick paid the host, not its work: large files came out at
 * 0.55 of plain. A bare-metal evidence PC pays nothing of the kind.
 *
 * So, where the platform reports free pages, before every timed contender (ours and the plain tools'
 * alike, and before plain's `openssl`, after its copies are evicted) the bench reads as many bytes of
 * a scratch file on the measured disk as that contender will cache, then evicts them: their pages
 * stay the guest's (page-cache pages freed one by one seldom make the large free blocks the guest
 * reports), and the contender's page cache is made of them. Memory freed by a process's exit does
 * not do: it goes back to the host within seconds. Elsewhere the bench does nothing of this.
 */
import fs from 'node:fs';
import path from 'node:path';
import { evict } from './bench-run.js';

const MiB = 1024 * 1024;
const CHUNK = 4 * MiB;

/** Whether freed memory goes back to the host here. */
export const reportsFreePages = (): boolean => fs.existsSync('/sys/module/page_reporting');

/** The scratch file of a work directory and its size (grown as larger contenders need). */
const scratches = new Map<string, number>();

/**
 * Read `bytes` of a scratch file in `dir` (the measured disk) through the page cache, then evict it
 * (bench-run.ts `evict`, which flushes first). Capped at half the memory available now. The file is
 * a hole (ftruncate): reading it fills page-cache pages with zeros without reading the disk.
 */
export function warmPageCache(dir: string, bytes: number): void {
  if (!reportsFreePages()) return;
  const available = Number(/MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0) * 1024;
  const size = Math.floor(Math.min(bytes, available / 2) / CHUNK) * CHUNK;
  if (size <= 0) return;
  const file = path.join(dir, '.bench-page-cache-scratch');
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    if ((scratches.get(dir) ?? 0) < size) {
      fs.ftruncateSync(fd, size);
      scratches.set(dir, size);
    }
    for (let at = 0; at < size; at += CHUNK) fs.readSync(fd, buf, 0, CHUNK, at);
  } finally {
    fs.closeSync(fd);
  }
  evict([file]);
}
