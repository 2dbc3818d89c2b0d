/**
 * What a large copy's read-back is compared with. The copy hashes each chunk with SHA-256 (the
 * evidence hash, kept in the catalogue) and, in the same pass over the same bytes, with XXH3-64 keyed
 * by a seed drawn for that copy. The read-back from the disk (disk-read.ts) then computes only the
 * XXH3: SHA-256 runs at 1.5 GB/s a core here, XXH3 at 12, and eight docks at once had spent 2.8 of
 * their 5.7 CPU seconds on the two SHA-256 passes. A match says the disk holds the bytes that were
 * hashed; any single flipped bit, a torn or misplaced write, changes the XXH3. The seed, unknown
 * outside the worker until the copy is done, keeps a file made to collide from being planted
 * between the write and its read-back. Fixity checks (`verify`) still compute the SHA-256 from the disk.
 *
 * @node-rs/xxhash: the reference xxHash (Rust, native), prebuilt; its streaming XXH3 is 64-bit.
 * Loaded at the first copy, and optional: where its binary cannot be loaded (a platform it has none
 * for), a copy makes no check and its read-back compares the SHA-256, as a small file's does.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A copy's XXH3-64 and the seed it was keyed with (hex). */
export interface ReadCheck {
  seed: string;
  xxh3: string;
}

/** What a read-back is compared with: the copy's SHA-256, and its XXH3 where the copy made one. */
export interface Expected {
  sha256: string;
  check?: ReadCheck;
}

/** A digest fed the bytes as they pass, then read once. */
export interface Digest {
  update(bytes: Uint8Array): void;
  hex(): string;
}

export function sha256Digest(): Digest {
  const h = createHash('sha256');
  return { update: (b) => void h.update(b), hex: () => h.digest('hex') };
}

type XxhashAddon = typeof import('@node-rs/xxhash');
let addon: Promise<XxhashAddon | null> | undefined;
/** The addon, loaded once (null: it cannot be loaded here). Kept: each `import()` in the bundle copies its exports again. */
const xxhash = () => (addon ??= import('@node-rs/xxhash').catch(() => null));

/** XXH3-64 under `seed`, or null where the addon cannot be loaded. */
export async function xxh3Digest(seed: string): Promise<Digest | null> {
  const lib = await xxhash();
  if (!lib) return null;
  const h = lib.xxh3.Xxh3.withSeed(BigInt(`0x${seed}`));
  return { update: (b) => void h.update(b), hex: () => h.digest().toString(16).padStart(16, '0') };
}

/** A new copy's XXH3, under a seed of its own; null where the addon cannot be loaded (no check made). */
export async function newCheck(): Promise<{ digest: Digest; check: () => ReadCheck } | null> {
  const seed = randomBytes(8).toString('hex');
  const digest = await xxh3Digest(seed);
  return digest && { digest, check: () => ({ seed, xxh3: digest.hex() }) };
}
