/**
 * The I/O buffers of one process: rings of DEPTH chunks, shared by the copies (durable-file.ts) and
 * the read-backs from the disk (disk-read.ts). Memory is the jobs in flight, not the files done: a
 * ring goes back to the pool after its job, and the pool keeps the KEEP most recently used. One
 * more is let go, and the garbage collector asked to run where the process allows it (the file
 * workers start with --expose-gc): a 16 MiB ring let go would otherwise stay mapped until V8
 * happened to collect, and a worker's small heap gives it little reason to.
 *
 * Blocks are in huge pages where the process's allocator asks for them (the file workers':
 * huge-page-block.ts), their slots on a 2 MiB boundary: direct I/O from them ran 2-3 times as fast.
 * Otherwise WebAssembly memory where the runtime has it: V8 maps it on page boundaries, so a block's
 * start is page-aligned, which no Buffer allocation promises (malloc gives 16 bytes). Direct writes
 * need that: on this project's reference PC (a virtual disk) a direct write from a buffer aligned to
 * 512 bytes but not to the page took 100 ms per 4 MiB, from a page-aligned one 2 ms.
 *
 * Chunk sizes: 4 MiB while one recorder has the workers (large files measured fastest so: with 1 MiB
 * chunks ingest took 10 % longer, with 2 MiB 5 %); 1 MiB while several share them (file-workers.ts
 * chooses), so eight docks hold rings of 4 MiB, not 16, and their read-backs still keep the disk busy.
 */
import fs from 'node:fs';
import { hugePageBlock, hugePagesAsked } from './huge-page-block.js';
import { addressSpaceLimited } from './process-limits.js';

export const DEPTH = 4;
export const PAGE = 4096;
export const LARGE_CHUNK = 4 * 1024 * 1024;
export const SHARED_CHUNK = 1024 * 1024;
/** Idle rings kept: a worker runs up to two jobs at once (a copy beside a read-back). */
const KEEP = 2;
/** malloc returns 16-byte aligned memory. */
const STEP = 16;

export class Ring {
  /** Where the slots for direct reads start in the block: unknown until a direct read succeeds. */
  private aligned: number | undefined;

  constructor(
    readonly chunk: number,
    private readonly block: Buffer,
    /** Where in `block` a page starts, when known (huge-page blocks and WebAssembly memory): the slots start there. */
    private readonly pageStart?: number,
  ) {
    this.aligned = pageStart;
  }

  /** The block's bytes (for tests and the pool's count). */
  get bytes(): number {
    return this.block.length;
  }

  /**
   * The DEPTH slots for O_DIRECT writes, each starting on a page boundary; null when the block's
   * start is not known to be one (the caller writes through the cache).
   */
  writeSlots(): Buffer[] | null {
    return this.pageStart === undefined ? null : this.at(this.pageStart);
  }

  /** The DEPTH slots, for buffered reads and writes (any address will do). */
  slots(): Buffer[] {
    return this.at(this.aligned ?? 0);
  }

  /**
   * The slots for O_DIRECT reads of `fd`, whose buffers must be aligned to the device's block. The
   * address of a buffer cannot be read from JavaScript, but the kernel tells: a read into a
   * misaligned address fails with EINVAL. The block is one page larger than the slots, and the
   * first offset (in malloc's 16-byte steps) whose read succeeds is their start. Null when none
   * does: the caller reads through the cache.
   */
  directSlots(fd: number): Buffer[] | null {
    // A failure is not kept: a file system without direct reads says nothing of the next one's.
    this.aligned ??= probeAlignment(fd, this.block) ?? undefined;
    return this.aligned === undefined ? null : this.at(this.aligned);
  }

  /**
   * A direct read through the slots failed with EINVAL: the start recorded may have come from a file
   * the kernel read through its cache anyway (ext4's inline data), where any address works. Probed
   * again at the next use. Only for a ring with no other read in flight (the probe writes into it).
   */
  forgetAlignment(): void {
    this.aligned = this.pageStart;
  }

  private at(offset: number): Buffer[] {
    return Array.from({ length: DEPTH }, (_, i) => this.block.subarray(offset + i * this.chunk, offset + (i + 1) * this.chunk));
  }
}

function probeAlignment(fd: number, block: Buffer): number | null {
  for (let k = 0; k < PAGE; k += STEP) {
    try {
      fs.readSync(fd, block, k, PAGE, 0);
      return k;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    }
  }
  return null;
}

const idle: Ring[] = [];

/**
 * A ring of `chunk`-sized slots, or of whatever size is idle when the caller uses one slot of up to
 * SHARED_CHUNK (a small file's read-back): an idle ring of the size asked for is taken first.
 * `small`: for a few pages of each slot (small files), so a new ring is not made of huge pages: a
 * huge page is in memory whole once a byte of it is touched (10,000 files of 4 KB: each worker held
 * 12 MiB more). An idle ring of huge pages will do: a copy has already touched its slots.
 */
export function takeRing(asked?: number, small = false): Ring {
  // Direct reads need whole pages: a size that is not some pages (a job's `chunk` is the pool's word) gets the large one.
  const chunk = asked === undefined || (Number.isSafeInteger(asked) && asked > 0 && asked % PAGE === 0 && asked <= LARGE_CHUNK) ? asked : LARGE_CHUNK;
  const at = idle.findIndex((r) => (chunk === undefined ? true : r.chunk === chunk));
  if (at >= 0) return idle.splice(at, 1)[0]!;
  const size = chunk ?? SHARED_CHUNK;
  const huge = !small && hugePagesAsked() ? hugePageBlock(DEPTH * size) : null;
  if (huge) return new Ring(size, huge.block, huge.start);
  // A page-aligned block needs no spare page to find an aligned start in.
  const wasm = pageAlignedBlock(DEPTH * size);
  return wasm ? new Ring(size, wasm, 0) : new Ring(size, Buffer.allocUnsafeSlow(DEPTH * size + PAGE));
}

const WASM_PAGE = 65536;
/** The one WebAssembly interface used (the project's lib has no DOM types, where it is declared). */
type WasmMemory = new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
const Memory = (globalThis as { WebAssembly?: { Memory: WasmMemory } }).WebAssembly?.Memory;

/**
 * A block of WebAssembly memory: page-aligned, zero-filled, freed when collected. V8 reserves about
 * 10 GiB of address space (not memory) around each for its bounds checks. Under an address-space
 * limit (`ulimit -v`, LimitAS=, a caller's limit kept through sudo) a reservation that still fits
 * leaves too little for the rest: the next allocation failed, or V8 aborted the process. So none
 * while a limit is set (read each time: a process may be given one late), and none after one
 * allocation failed: null, and the caller takes an ordinary Buffer (copies through the cache).
 */
function pageAlignedBlock(bytes: number): Buffer | null {
  if (!Memory || wasmRefused || addressSpaceLimited()) return null;
  try {
    return Buffer.from(new Memory({ initial: Math.ceil(bytes / WASM_PAGE) }).buffer);
  } catch {
    wasmRefused = true;
    return null;
  }
}

let wasmRefused = false;

/** Back to the pool once no read or write into it is in flight. */
export function giveRing(ring: Ring): void {
  idle.push(ring);
  if (idle.length <= KEEP) return;
  idle.shift();
  (globalThis as { gc?: () => void }).gc?.();
}

/** Idle rings now, and their bytes (for tests). */
export function idleRings(): { count: number; bytes: number } {
  return { count: idle.length, bytes: idle.reduce((n, r) => n + r.bytes, 0) };
}
