/**
 * I/O blocks in transparent huge pages (2 MiB), for the file workers' direct reads and writes.
 *
 * A direct read or write hands the disk one scatter entry per physically contiguous run of the buffer:
 * 1,024 for 4 MiB of ordinary 4 KiB pages (and a virtual disk that takes 254 a request splits it in
 * five), two for huge pages. Measured on this project's reference PC (virtio disk, O_DIRECT, 4 MiB at a
 * time, 1 GiB): reads 560-730 MiB/s from small pages, 1,550-1,930 from huge ones; writes 710-1,180
 * against 1,650-1,820. The same bytes reach the same disk: only the buffer's pages differ.
 *
 * Node cannot ask for huge pages (no madvise); glibc can. A process started with
 * GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc 2.35 and later) has malloc ask MADV_HUGEPAGE for each
 * block it maps, where the kernel's setting is `madvise` (most distributions') or `always`. The file
 * workers are started so (file-worker-process.ts, which says what else that changes in them). Where
 * the kernel has no free huge page it compacts memory or gives ordinary pages, as its `defrag` setting
 * says: a block works either way, only as fast as its pages allow. A ring is made once and reused.
 *
 * A block's slots start on a 2 MiB boundary, which needs its address, and JavaScript cannot read one.
 * glibc maps a large block on its own and puts it 16 bytes after the mapping's start: the address is
 * taken from /proc/self/maps only once the block's first bytes, random, are read back there through
 * /proc/self/mem. A block not found so is not used (null: the caller takes another kind).
 */
import { randomFillSync } from 'node:crypto';
import fs from 'node:fs';

const HUGE_PAGE = 2 * 1024 * 1024;
/** glibc's header before a block it maps on its own (two size_t). */
const MAPPED_CHUNK_HEADER = 16;
const MARK = 32;

/** Whether this process's allocator asks for huge pages, and the kernel may give them (read once). */
export function hugePagesAsked(): boolean {
  asked ??= /(^|:)glibc\.malloc\.hugetlb=1(:|$)/.test(process.env.GLIBC_TUNABLES ?? '') && kernelGivesHugePages();
  return asked;
}
let asked: boolean | undefined;

function kernelGivesHugePages(): boolean {
  try {
    return !fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[never]');
  } catch {
    return false; // no such kernel setting: no huge pages
  }
}

/**
 * A block with `bytes` from `start` on, `start` on a 2 MiB boundary; null when its address could not be
 * confirmed. Its mapping is a whole number of huge pages, so a kernel that aligns such mappings (Linux
 * 6.7 and later) puts the block's header in one and its slots in the next; only the pages touched count.
 */
export function hugePageBlock(bytes: number): { block: Buffer; start: number } | null {
  const mapped = Math.ceil((bytes + HUGE_PAGE + MAPPED_CHUNK_HEADER) / HUGE_PAGE) * HUGE_PAGE;
  // glibc maps ALIGN_UP(ALIGN_UP(asked + 8, 16) + 8, page) bytes for `asked`: exactly `mapped` here.
  const block = Buffer.allocUnsafeSlow(mapped - 2 * MAPPED_CHUNK_HEADER);
  const address = addressOf(block, mapped);
  if (address === null) return null;
  const start = (HUGE_PAGE - (address % HUGE_PAGE)) % HUGE_PAGE;
  return start + bytes <= block.length ? { block, start } : null;
}

/** The block's address: a mapping of at least `mapped` bytes whose block (at its start, or its end after a merge) holds the block's mark. */
function addressOf(block: Buffer, mapped: number): number | null {
  randomFillSync(block, 0, MARK);
  const mark = block.subarray(0, MARK);
  let maps: string;
  let mem: number;
  try {
    maps = fs.readFileSync('/proc/self/maps', 'utf8');
    mem = fs.openSync('/proc/self/mem', 'r');
  } catch {
    return null; // no /proc: not confirmed
  }
  const seen = Buffer.alloc(MARK);
  try {
    for (const line of maps.split('\n')) {
      // Private anonymous memory, readable and writable: "start-end rw-p 00000000 00:00 0".
      const m = /^([0-9a-f]+)-([0-9a-f]+) rw-p 0+ 00:00 0\s*$/.exec(line);
      if (!m) continue;
      const from = parseInt(m[1]!, 16);
      const to = parseInt(m[2]!, 16);
      if (to - from < mapped) continue;
      for (const base of new Set([from, to - mapped])) {
        try {
          if (fs.readSync(mem, seen, 0, MARK, base + MAPPED_CHUNK_HEADER) === MARK && seen.equals(mark)) return base + MAPPED_CHUNK_HEADER;
        } catch {
          /* not readable: not it */
        }
      }
    }
    return null;
  } finally {
    fs.closeSync(mem);
  }
}
