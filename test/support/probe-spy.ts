import type { MediaProbe } from '../../src/adapters/media-probe.js';

/** A probe that passes every file on to `inner` and keeps their names: what reached ffprobe. */
export function counting(inner: MediaProbe): MediaProbe & { seen: string[] } {
  const seen: string[] = [];
  return { seen, probe: (f: string) => (seen.push(f), inner.probe(f)) };
}
