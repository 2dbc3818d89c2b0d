/**
 * A fresh upload's lock is taken from the read-back's own answer (GetObject carries the lock), not
 * asked for again: a lock the store did not keep still fails the recording, and a store whose GET
 * leaves the lock out is asked with a HEAD. The store here is held in memory; the real store's answers
 * are covered by test/replication.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ObjectHead, ObjectStore, ReadBack } from '../adapters/object-store.js';
import type { OutboxItem } from '../adapters/catalog/replication-store.js';
import { putRecording, type RecordingSendDeps } from './replication-recording.js';

const SHA = 'a'.repeat(64);
const LOCK = new Date('2027-06-01T00:00:00Z');

function setUp(held: ReadBack['held'], headHeld: Pick<ObjectHead, 'lockMode' | 'retainUntil'> = { lockMode: 'COMPLIANCE', retainUntil: LOCK }) {
  const heads: string[] = [];
  const s3 = {
    versions: async () => [],
    putFile: async () => ({ versionId: 'v1', etag: 'e' }),
    readBack: async () => ({ sha256: SHA, size: 10, held }),
    head: async (key: string) => {
      heads.push(key);
      return { size: 10, etag: 'e', versionId: 'v1', sha256: SHA, station: 'st', ...headHeld };
    },
    putBytes: async () => ({ versionId: 'm1', etag: 'e' }),
  } as unknown as ObjectStore;
  const saveReplica = vi.fn();
  const recording = { id: 7, sha256: SHA, size: 10, vaultPath: 'x/7.mp4' };
  const deps = {
    outbox: { saveReplica, finish: vi.fn() },
    digests: { note: vi.fn() },
    describer: { describe: () => ({ recording, metadata: { objectKey: `recordings/sha256/aa/${SHA}`, disposed: false }, metadataKey: 'stations/st/recordings/7.json', lockUntil: LOCK, retentionEnd: LOCK }) },
    hashVaultFile: vi.fn(),
    audit: { run: (_e: unknown, fn: () => void) => fn(), runMany: (fn: () => void) => fn() },
    clock: { nowIso: () => '2026-11-30T00:00:00Z' },
    vaultRoot: '/nowhere',
    station: 'st',
  } as unknown as RecordingSendDeps;
  return { s3, deps, heads, saveReplica, item: { id: 1, recordingId: 7, kind: 'put', attempts: 0 } as unknown as OutboxItem };
}

describe('putRecording: the lock of a fresh upload', () => {
  it('is read from the GET that read the bytes back: no HEAD of the bytes object', async () => {
    const t = setUp({ lockMode: 'COMPLIANCE', retainUntil: LOCK });
    expect(await putRecording(t.s3, t.item, t.deps)).toBe(10);
    expect(t.heads).toEqual(['stations/st/recordings/7.json']);
    expect(t.saveReplica).toHaveBeenCalledOnce();
  });

  it('not kept as asked (a shorter date in the GET answer): the recording fails, nothing is marked replicated', async () => {
    const t = setUp({ lockMode: 'COMPLIANCE', retainUntil: new Date('2026-12-01T00:00:00Z') });
    await expect(putRecording(t.s3, t.item, t.deps)).rejects.toThrow(/did not keep the lock/);
    expect(t.saveReplica).not.toHaveBeenCalled();
  });

  it('left out of the GET answer: the store is asked with a HEAD, and what it says decides', async () => {
    const kept = setUp({ lockMode: null, retainUntil: null });
    await putRecording(kept.s3, kept.item, kept.deps);
    expect(kept.heads[0]).toBe(`recordings/sha256/aa/${SHA}`);
    expect(kept.saveReplica).toHaveBeenCalledOnce();

    const notKept = setUp({ lockMode: null, retainUntil: null }, { lockMode: 'GOVERNANCE', retainUntil: LOCK });
    await expect(putRecording(notKept.s3, notKept.item, notKept.deps)).rejects.toThrow(/did not keep the lock/);
    expect(notKept.saveReplica).not.toHaveBeenCalled();
  });
});
