/** XXH3-64 of `data` in one call, as a test's own reckoning of a copy's read-back check (read-check.ts). */
import { xxh3 } from '@node-rs/xxhash';

export const xxh3Of = (data: Uint8Array, seed: string): string => xxh3.xxh64(data, BigInt(`0x${seed}`)).toString(16).padStart(16, '0');
