import { describe, expect, it } from 'vitest';
import { emptySummary, finishDetails, incomplete, leftBehind, sessionCounts, sessionStatus, tally } from './ingest-summary.js';

const scan = {
  files: [
    { relPath: 'DCIM/A.MP4', name: 'A.MP4', absPath: '/v/DCIM/A.MP4', size: 10, mtime: new Date(0) },
    { relPath: 'DCIM/B.MP4', name: 'B.MP4', absPath: '/v/DCIM/B.MP4', size: 20, mtime: new Date(0) },
  ],
  skipped: [{ relPath: 'link.MP4', reason: 'symlink' as const }],
  otherFiles: 3,
};

describe('ingest summary', () => {
  it('counts each outcome where it belongs', () => {
    const s = emptySummary(7, '/v', '0001234', scan);
    tally(s, { kind: 'stored', sourcePath: 'DCIM/A.MP4', vaultPath: 'x/A.MP4', recordingId: 1, size: 10, sha256: 'a', flags: ['probe-error'] });
    tally(s, { kind: 'stored', sourcePath: 'DCIM/C.MP4', vaultPath: 'x/C.MP4', recordingId: 2, size: 5, sha256: 'c', flags: [] });
    tally(s, { kind: 'already', sourcePath: 'DCIM/B.MP4', vaultPath: 'x/B.MP4', recordingId: 3, size: 20 });
    tally(s, { kind: 'rejected', sourcePath: 'DCIM/..', reason: 'bad name' });
    expect(s).toMatchObject({
      filesSeen: 2,
      stored: { files: 2, bytes: 15 },
      already: { files: 1, bytes: 20 },
      flagged: [{ sourcePath: 'DCIM/A.MP4', vaultPath: 'x/A.MP4', flags: ['probe-error'] }],
      rejected: [{ sourcePath: 'DCIM/..', reason: 'bad name' }],
      skipped: [{ sourcePath: 'link.MP4', reason: 'symlink', detail: undefined }],
      otherFiles: 3,
    });
    expect(sessionStatus(s, false)).toBe('done');
  });

  it('a refused name or an unreadable file is footage left on the source: the run is incomplete and names it; a symlink is not footage', () => {
    const clean = emptySummary(7, '/v', null, scan);
    expect(incomplete(clean)).toBe(false);
    const s = emptySummary(7, '/v', null, { ...scan, skipped: [...scan.skipped, { relPath: 'DCIM/D.MP4', reason: 'unreadable' as const, detail: 'EIO' }] });
    tally(s, { kind: 'rejected', sourcePath: 'DCIM/..', reason: 'bad name' });
    expect(incomplete(s)).toBe(true);
    expect(leftBehind(s)).toEqual([
      { sourcePath: 'DCIM/..', why: 'name refused: bad name' },
      { sourcePath: 'DCIM/D.MP4', why: 'unreadable: EIO' },
    ]);
    expect(finishDetails(s).left).toEqual(leftBehind(s));
    expect(sessionCounts(s).filesFailed).toBe(2);
  });

  it('a failure or an early stop makes the run incomplete; files not reached count as failed in the session row', () => {
    const s = emptySummary(7, '/v', null, scan);
    tally(s, { kind: 'failed', sourcePath: 'DCIM/A.MP4', error: 'EIO' });
    expect(incomplete(s)).toBe(true);
    expect(sessionStatus(s, false)).toBe('done');
    s.stoppedEarly = 'stop requested';
    s.notReached = 1;
    expect(sessionStatus(s, true)).toBe('interrupted');
    expect(sessionStatus(s, false)).toBe('failed');
    expect(sessionCounts(s)).toEqual({ filesStored: 0, bytesStored: 0, filesAlready: 0, filesFailed: 2 });
    expect(finishDetails(s)).toEqual({ left: [{ sourcePath: 'DCIM/A.MP4', why: 'EIO' }], sessionId: 7, stored: { files: 0, bytes: 0 }, already: { files: 0, bytes: 0 }, flagged: 0, rejected: 0, failed: 1, notReached: 1, stoppedEarly: 'stop requested' });
  });
});
