import { afterEach, describe, expect, it } from 'vitest';
import { watchIngestStop, type IngestStop } from './ingest-stop.js';
import { ABANDONED_AT_STOP as ABANDONED } from '../core/types.js';

/** Copies in flight as the workers report them: `stalled` is what they have set aside now. */
function copies(stalled: string[] = []) {
  const abandoned: string[] = [];
  const looks = { n: 0 };
  return { stalled, abandoned, looks, parts: { stalledLanes: () => (looks.n++, stalled), abandon: async (why: string) => void abandoned.push(why) } };
}

describe('stopping an ingest', () => {
  let stop: IngestStop | undefined;
  afterEach(() => stop?.end());

  it('a first stop takes no more files and lets healthy copies finish; a second abandons them', () => {
    const c = copies();
    const said: string[] = [];
    stop = watchIngestStop('/media/rec', c.parts, (l) => said.push(l), 10_000);
    process.emit('SIGINT');
    expect(stop.signal.aborted).toBe(true);
    expect(c.abandoned).toEqual([]);
    process.emit('SIGTERM');
    expect(c.abandoned).toEqual([ABANDONED]);
    process.emit('SIGINT');
    expect(c.abandoned).toHaveLength(1);
    expect(said).toHaveLength(2);
  });

  it("abandons at the first stop the copies of a source already set aside, and only this ingest's sources count", () => {
    const c = copies(['/media/other']);
    stop = watchIngestStop('/media/rec', c.parts, () => {}, 10_000);
    stop.watchLane('volume:ABCD');
    c.stalled.push('volume:ABCD');
    process.emit('SIGINT');
    expect(c.abandoned).toEqual([ABANDONED]);
  });

  it('tells once that the source stopped answering, and a stop asked before it abandons when it does', async () => {
    const c = copies();
    const said: string[] = [];
    stop = watchIngestStop('/media/rec', c.parts, (l) => said.push(l), 5);
    process.emit('SIGINT');
    expect(c.abandoned).toEqual([]);
    c.stalled.push('/media/rec');
    await expect.poll(() => c.abandoned, { timeout: 5_000 }).toEqual([ABANDONED]);
    // Several looks later, still told once and abandoned once.
    const looked = c.looks.n;
    await expect.poll(() => c.looks.n, { timeout: 5_000 }).toBeGreaterThan(looked + 3);
    expect(said.filter((l) => l.includes('/media/rec'))).toHaveLength(1);
    expect(c.abandoned).toHaveLength(1);
  });

  it('leaves the process signals as it found them', () => {
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    watchIngestStop('/media/rec', copies().parts, () => {}).end();
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
  });
});
