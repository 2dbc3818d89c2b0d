/**
 * clearAfterIngest: only files stored (read back, matched) or matched to a catalogued copy, only
 * after their catalogue commit (the outcome is reported after it), each one logged and audited.
 */
import { errorCode, errorMessage } from '../core/errors.js';
import type { Logger } from '../adapters/logger.js';
import type { DockedVolumes } from './dock-ports.js';
import type { AuditTrail } from './audit-trail.js';
import type { FileOutcome } from './ingest-summary.js';

export async function clearFromRecorder(
  volume: { mountPoint: string; deviceNumber: string | null },
  outcomes: readonly FileOutcome[],
  on: { audit: Pick<AuditTrail, 'record'>; log: Logger; volumes: Pick<DockedVolumes, 'remove'> },
): Promise<void> {
  const device = volume.deviceNumber;
  for (const o of outcomes) {
    try {
      await on.volumes.remove(volume.mountPoint, o.sourcePath);
      on.audit.record({ action: 'dock.clear', target: o.sourcePath, details: { device, vaultPath: 'vaultPath' in o ? o.vaultPath : null } });
      on.log.info({ source: o.sourcePath, device }, 'cleared from the recorder');
    } catch (err) {
      on.audit.record({ action: 'dock.clear', target: o.sourcePath, outcome: 'failed', details: { device, error: errorMessage(err) } });
      on.log.warn({ source: o.sourcePath, err: errorMessage(err) }, 'cannot clear from the recorder; it keeps the file');
      if (errorCode(err) === 'EROFS') return; // read-only volume: the rest would fail the same way
    }
  }
}
