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
 */
import { createHash, randomBytes } from 'node:crypto';
import { xxh3 } from '@node-rs/xxhash';

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

export function xxh3Digest(seed: string): Digest {
  const h = xxh3.Xxh3.withSeed(BigInt(`0x${seed}`));
  return { update: (b) => void h.update(b), hex: () => h.digest().toString(16).padStart(16, '0') };
}

/** A new copy's XXH3, under a seed of its own. */
export function newCheck(): { digest: Digest; check: () => ReadCheck } {
  const seed = randomBytes(8).toString('hex');
  const digest = xxh3Digest(seed);
  return { digest, check: () => ({ seed, xxh3: digest.hex() }) };
}
