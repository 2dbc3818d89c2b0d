/** Builds the checks on recordings (gaps, late storage, recorder clocks) from the parts wiring.ts made. */
import { RecordingChecksStore } from '../adapters/catalog/recording-checks-store.js';
import { GapService } from '../services/gaps.js';
import { LateStorageService } from '../services/late-storage.js';
import { RecordingChecks } from '../services/recording-checks.js';
import type { SharedParts } from './builders.js';

export function buildRecordingChecks(p: Pick<SharedParts, 'config' | 'db' | 'audit' | 'clock' | 'recordings' | 'registerStore'>): RecordingChecks {
  const store = new RecordingChecksStore(p.db);
  const { gapToleranceSeconds, sessionBreakMinutes } = p.config.recordingChecks;
  const deps = { store, recordings: p.recordings, audit: p.audit, clock: p.clock };
  const gaps = new GapService({ toleranceSeconds: gapToleranceSeconds, sessionBreakSeconds: sessionBreakMinutes * 60 }, deps);
  return new RecordingChecks(gaps, new LateStorageService(deps), { offsets: (n) => store.offsets(n), device: (n) => p.registerStore.device(n) }, p.clock);
}
