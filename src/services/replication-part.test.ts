import { afterEach, describe, expect, it, vi } from 'vitest';
import { unitClock } from '../core/unit-clock.js';
import type { Logger } from '../adapters/logger.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import { ReplicationPart, SEGMENT_AFTER_MS } from './replication-part.js';
import type { ReplicationService, RunSummary } from './replication.js';

const summary = (put: number): RunSummary => ({ put, bytes: put, refreshed: 0, disposed: 0, failed: 0, waitingOnLocks: 0, trailSegments: 0, metadataDigests: 0, requeued: 0, unreachable: null });

/** The part over a service that records what each pass asked for and puts `puts[k]` recordings on pass k. */
function partWith(puts: number[]) {
  let t = Date.parse('2026-11-29T09:00:00Z');
  const asked: { trail?: boolean; requeue?: boolean; at: number }[] = [];
  const service = {
    runOnce: async (_p: unknown, opts: { trail?: boolean; requeue?: boolean }) => {
      asked.push({ ...opts, at: t });
      return summary(puts[asked.length - 1] ?? 0);
    },
    close: () => undefined,
  } as unknown as ReplicationService;
  const outbox = { queueRenewals: () => 0, nextDueMs: () => null } as unknown as ReplicationStore;
  const log = { info: () => undefined, error: () => undefined } as unknown as Logger;
  const part = new ReplicationPart(service, outbox, { dailyAt: '0 3 * * *', scheduler: () => ({ nextRun: () => null, stop: async () => undefined }) }, unitClock({ now: () => new Date(t) }, 'Asia/Shanghai'), log);
  return { part, asked, advance: (ms: number) => (t += ms) };
}

describe('the dock service sends a trail segment soon after replicated work, not only daily', () => {
  afterEach(() => vi.useRealTimers());

  it('anchors a put within SEGMENT_AFTER_MS, with no requeue scan, and sends no segment while nothing was done', async () => {
    vi.useFakeTimers();
    // Pass 1 is the daily one (at start); pass 2 puts three recordings; then nothing more comes.
    const { part, asked, advance } = partWith([0, 3]);
    part.start();
    const pass = async () => {
      advance(2_000);
      await vi.advanceTimersByTimeAsync(2_000);
    };
    await vi.advanceTimersByTimeAsync(0);
    expect(asked[0]).toMatchObject({ trail: true, requeue: true });
    await pass(); // the put
    expect(asked[1]).toMatchObject({ trail: false, requeue: false });
    const putAt = asked[1]!.at;
    while (asked.length < 400 && !asked.at(-1)!.trail) await pass();
    const anchoring = asked.at(-1)!;
    expect(anchoring).toMatchObject({ trail: true, requeue: false });
    expect(anchoring.at - putAt).toBeGreaterThanOrEqual(SEGMENT_AFTER_MS);
    expect(anchoring.at - putAt).toBeLessThanOrEqual(SEGMENT_AFTER_MS + 2_000);
    // Nothing put since: the passes after it send no segment.
    const after = asked.length;
    for (let k = 0; k < 320; k++) await pass();
    expect(asked.slice(after).filter((a) => a.trail)).toEqual([]);
    await part.stop();
  });
});
