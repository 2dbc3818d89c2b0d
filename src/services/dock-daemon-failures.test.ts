/**
 * A dock that fails before its session starts (the volume cannot be listed, the ingest cannot begin)
 * is on the record, once: a failure the ingest recorded itself is not recorded twice.
 */
import { describe, expect, it } from 'vitest';
import { markRecorded, UserError } from '../core/errors.js';
import { systemClock } from '../core/types.js';
import { unitClock } from '../core/unit-clock.js';
import { silentLogger } from '../adapters/logger.js';
import type { MountChanges } from '../core/mount-table.js';
import type { ScanResult } from '../adapters/volume-scanner.js';
import type { AuditInput } from './audit-trail.js';
import { waitFor } from '../../test/support/wait.js';
import { DockDaemon } from './dock-daemon.js';
import type { DockDeps } from './dock-ports.js';
import type { IngestRequest, IngestSummary } from './ingest.js';

/** A daemon whose one media root gets one volume docked; `listing` and `ingest` say how each step ends. */
function daemon(listing: () => Promise<ScanResult>, ingest: (r: IngestRequest) => Promise<IngestSummary>) {
  const recorded: AuditInput[] = [];
  let warmed = 0;
  let onChange: ((c: MountChanges) => void) | undefined;
  const deps: DockDeps = {
    volumes: { scan: listing, warm: () => void warmed++, fatIdentity: () => null, usbSerial: () => null, remove: async () => undefined },
    ingest: { ingest },
    recorders: { recorders: () => [], recorder: () => undefined },
    activity: { putDaemon() {}, heartbeat() {}, markStopped() {}, putActivity() {}, putActivities() {}, removeActivity() {}, clearActivity() {} },
    registers: { deviceBySerial: () => undefined },
    usb: { start: () => ({ available: false, reason: 'no bus here' }), stop() {} },
    mounts: { intervalMs: 500, start: (f) => (onChange = f), stop() {} },
    audit: { record: (input: AuditInput) => (recorded.push(input), undefined as never) },
    clock: unitClock(systemClock, 'Asia/Shanghai'),
    log: silentLogger(),
    drops: null,
  };
  const d = new DockDaemon(
    { mediaRoots: ['/media/ev'], usbIds: new Set(), settleMs: 0, maxParallel: 2, clearAfterIngest: false, extensions: new Set(['mp4']), fileNamePatterns: [], progressWriteMs: 60_000, stopGraceMs: 1000 },
    deps,
  );
  d.start();
  // Its copy workers were started with it, before any volume was seen.
  expect(warmed).toBe(1);
  onChange!({ added: [{ mountId: 7, mountPoint: '/media/ev/rec-1', fsType: 'vfat', source: '/dev/sdz1', readOnly: false }], removed: [] });
  return { d, recorded, failed: () => recorded.filter((e) => e.action === 'dock.failed') };
}

describe('a dock that fails', () => {
  it('recognising the volume: the failure is recorded, with the mount point and the error', async () => {
    const { d, failed } = daemon(() => Promise.reject(new Error('file worker ended (SIGKILL)')), () => Promise.reject(new Error('never started')));
    const [entry] = await waitFor('the failure on the record', () => (failed().length ? failed() : undefined), 10_000, 5);
    expect(entry).toMatchObject({ action: 'dock.failed', target: '/media/ev/rec-1', outcome: 'failed', details: { error: 'recognise the volume: file worker ended (SIGKILL)' } });
    await d.stop();
  });

  it('before its session starts: recorded once; a failure the ingest recorded itself is not recorded again', async () => {
    const listing = () => Promise.resolve<ScanResult>({ files: [], skipped: [], otherFiles: 0 });
    const unreadable = daemon(listing, () => Promise.reject(new UserError('cannot read the recorder volume at /media/ev/rec-1: EIO')));
    const [entry] = await waitFor('the failure on the record', () => (unreadable.failed().length ? unreadable.failed() : undefined), 10_000, 5);
    expect(entry).toMatchObject({ target: '/media/ev/rec-1', outcome: 'failed', details: { quarantined: true, error: expect.stringContaining('EIO') } });
    await unreadable.d.stop();

    let refused = false;
    const recordedByIngest = daemon(listing, () => {
      refused = true;
      return Promise.reject(markRecorded(new UserError('the source overlaps the vault')));
    });
    await waitFor('the ingest to be refused', () => refused, 10_000, 5);
    await recordedByIngest.d.stop();
    expect(recordedByIngest.failed()).toEqual([]);
  });
});
