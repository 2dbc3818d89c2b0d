/**
 * MP4 and QuickTime files probed in-process (core/iso-media.ts says what is read and why); anything
 * that module does not read exactly as FFmpeg does goes to the fallback (ffprobe), which gives its own
 * verdict: a damaged file still gets its probe-error flag there.
 */
import fsp from 'node:fs/promises';
import fs from 'node:fs';
import { boxHeader } from '../core/iso-boxes.js';
import { movieFacts, plainLayout } from '../core/iso-media.js';
import type { MediaInfo } from '../core/types.js';
import type { MediaProbe, ProbeResult } from './media-probe.js';

/** A movie box larger than this (hours of tiny samples) is left to ffprobe rather than held in memory. */
const MAX_MOVIE_BYTES = 16 * 1024 * 1024;
/** A plain file has a handful of top-level boxes; more is unusual, and ffprobe's to read. */
const MAX_TOP_LEVEL_BOXES = 64;

export class IsoMediaFirst implements MediaProbe {
  constructor(private readonly fallback: MediaProbe) {}

  get stillZone(): string | undefined {
    return this.fallback.stillZone;
  }

  async probe(file: string, head?: Uint8Array): Promise<ProbeResult> {
    const info = await isoMediaInfo(file).catch(() => null);
    return info ? { ok: true, info } : this.fallback.probe(file, head);
  }
}

/** The facts of `file` when it is an MP4 or QuickTime file of the plain layout; null otherwise. */
export async function isoMediaInfo(file: string): Promise<MediaInfo | null> {
  const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) return null;
    const types: { type: string; size: number }[] = [];
    let movie: { at: number; size: number } | null = null;
    const buf = Buffer.alloc(16);
    for (let at = 0; at < st.size; ) {
      if (types.length >= MAX_TOP_LEVEL_BOXES) return null;
      const { bytesRead } = await fh.read(buf, 0, 16, at);
      const h = boxHeader(buf.subarray(0, bytesRead), st.size - at);
      if (!h) return null;
      types.push({ type: h.type, size: h.size });
      if (h.type === 'moov') movie = { at: at + h.headerSize, size: h.size - h.headerSize };
      // The first box says whether this is such a file at all: nothing else is read of any other.
      if (types.length === 1 && h.type !== 'ftyp') return null;
      at += h.size;
    }
    if (!movie || !plainLayout(types) || movie.size > MAX_MOVIE_BYTES) return null;
    const body = Buffer.alloc(movie.size);
    const { bytesRead } = await fh.read(body, 0, movie.size, movie.at);
    return bytesRead === movie.size ? movieFacts(body, st.size) : null;
  } finally {
    await fh.close();
  }
}
