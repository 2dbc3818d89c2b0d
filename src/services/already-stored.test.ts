import { describe, expect, it } from 'vitest';
import type { StoredFrom } from '../adapters/catalog/recording-store.js';
import { alreadyStored, type SourceContext } from './already-stored.js';

const stored = (over: Partial<StoredFrom>): StoredFrom => ({ id: 1, sha256: 'aa', size: 10, vaultPath: 'v', originalName: 'X.MP4', sourcePath: 'DCIM/X.MP4', deviceNumber: '0001234', officerId: null, startedAt: '2026-05-15T08:00:00+08:00', startedAtSource: 'file-name', localDate: '2026-05-15', durationSeconds: 1, format: null, videoCodec: null, audioCodec: null, width: null, height: null, probeError: null, ingestedAt: '', sessionId: 1, flags: [], sourceKey: 'volume:A', sourceRoot: '/media/a', ...over }) as StoredFrom;
const ctx = (over: Partial<SourceContext>): SourceContext => ({ key: 'volume:B', realPath: '/media/b', relPath: 'DCIM/X.MP4', device: '0005678', deviceTyped: false, startFromName: null, ...over });

describe('alreadyStored', () => {
  it('is the same recording from the same source, whatever number is typed now', () => {
    expect(alreadyStored([stored({})], 'aa', ctx({ key: 'volume:A', device: '9999999', deviceTyped: true }))?.id).toBe(1);
  });
  it('is the same recording from the same recorder, by another path', () => {
    expect(alreadyStored([stored({})], 'aa', ctx({ device: '0001234' }))?.id).toBe(1);
  });
  it('with a typed number, is the same recording when the name gives the same time', () => {
    expect(alreadyStored([stored({})], 'aa', ctx({ deviceTyped: true, startFromName: '2026-05-15T08:00:00+08:00' }))?.id).toBe(1);
  });
  it('is another recording when two recorders hold one identical file whose name gives no time, typed number or not', () => {
    expect(alreadyStored([stored({ startedAtSource: 'metadata' })], 'aa', ctx({ deviceTyped: true }))).toBeUndefined();
    expect(alreadyStored([stored({ deviceNumber: null, sourceKey: 'path:/a' })], 'aa', ctx({ device: null, key: 'path:/b' }))).toBeUndefined();
  });
  it('never matches other bytes', () => {
    expect(alreadyStored([stored({})], 'bb', ctx({ key: 'volume:A' }))).toBeUndefined();
  });
});
