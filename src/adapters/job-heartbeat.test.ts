import { afterEach, describe, expect, it, vi } from 'vitest';
import { beating, BEAT_MS } from './job-heartbeat.js';

describe('a file job beats while it waits on the vault alone', () => {
  afterEach(() => vi.useRealTimers());

  it('says "alive" every BEAT_MS while the work runs, and never after it ends', async () => {
    vi.useFakeTimers();
    const onBytes = vi.fn();
    let done!: (v: string) => void;
    const work = beating(new Promise<string>((r) => (done = r)), onBytes);
    await vi.advanceTimersByTimeAsync(3 * BEAT_MS + 10);
    expect(onBytes.mock.calls).toEqual([[0], [0], [0]]);
    done('flushed');
    expect(await work).toBe('flushed');
    await vi.advanceTimersByTimeAsync(5 * BEAT_MS);
    expect(onBytes).toHaveBeenCalledTimes(3);
  });

  it('stops beating when the work fails, and passes its error on', async () => {
    vi.useFakeTimers();
    const onBytes = vi.fn();
    let fail!: (e: Error) => void;
    const work = beating(new Promise<never>((_, j) => (fail = j)), onBytes);
    const failed = expect(work).rejects.toThrow('EIO');
    await vi.advanceTimersByTimeAsync(BEAT_MS + 10);
    fail(new Error('EIO'));
    await failed;
    await vi.advanceTimersByTimeAsync(5 * BEAT_MS);
    expect(onBytes).toHaveBeenCalledTimes(1);
  });
});
