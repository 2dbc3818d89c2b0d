/**
 * What ingest knows of one file before and after its copy, whichever way it is copied (one at a time,
 * ingest-file.ts, or in a batch of small files, ingest-batch.ts): its vault name, recorder and flags
 * from its name, and then its catalogue row from the copy and the probe.
 */
import { attributeOfficer } from '../core/assignments.js';
import { judgeClock } from '../core/clock-drift.js';
import { parseRecorderFileName, type FileNameFacts } from '../core/recorder-file-name.js';
import { recordingStart } from '../core/recording-start.js';
import type { RecordingFlag } from '../core/types.js';
import { checkFileName, vaultName } from '../core/vault-layout.js';
import type { NewRecording } from '../adapters/catalog/recording-store.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { ProbeResult } from '../adapters/media-probe.js';
import type { SourceFile } from '../adapters/volume-scanner.js';
import type { SourceContext } from './already-stored.js';
import type { IngestDeps } from './ingest-ports.js';
import type { FileOutcome } from './ingest-summary.js';

/** One file on its way in, once its name and recorder are known. */
export interface FileCopy {
  file: SourceFile;
  device: string | null;
  safeName: string;
  facts: FileNameFacts;
  flags: RecordingFlag[];
  known: SourceContext;
  onBytes: (n: number) => void;
}

/** What every file of a run shares, as far as naming and dating it goes. */
export interface RunFacts {
  sessionId: number;
  device: string | null;
  quarantine: boolean;
  deviceTyped: boolean;
  source: { key: string; realPath: string };
  dockedAtMs: number;
}

export interface PrepareSettings {
  fileNamePatterns: readonly RegExp[];
  clockSkewToleranceSeconds?: number;
}

export type PrepareDeps = Pick<IngestDeps, 'clock' | 'registers' | 'officers'>;

/**
 * The register look-ups of prepareFile and recordingOf with each recorder read once, for a batch of
 * files: they ask about the same recorder for every file, within milliseconds.
 */
export function onceEachRecorder(deps: PrepareDeps): PrepareDeps {
  const devices = new Map<string, ReturnType<PrepareDeps['registers']['device']>>();
  const holders = new Map<string, (atMs: number) => string | null>();
  const { officers } = deps;
  const holderOf = (device: string) => officers!.holderOf?.(device) ?? ((atMs: number) => officers!.officerAt(device, atMs));
  return {
    clock: deps.clock,
    registers: {
      device: (number) => {
        if (!devices.has(number)) devices.set(number, deps.registers.device(number));
        return devices.get(number);
      },
    },
    officers: officers && {
      officerAt: (device, atMs) => {
        let holder = holders.get(device);
        if (!holder) holders.set(device, (holder = holderOf(device)));
        return holder(atMs);
      },
    },
  };
}

/** The file's vault name, recorder and flags from its name; a name that cannot be stored is rejected. */
export function prepareFile(run: RunFacts, file: SourceFile, onBytes: (n: number) => void, settings: PrepareSettings, deps: PrepareDeps): FileCopy | FileOutcome {
  const nameCheck = vaultName(file.name);
  if (!nameCheck.ok) return { kind: 'rejected', sourcePath: file.relPath, reason: nameCheck.reason };
  const facts = parseRecorderFileName(file.name, settings.fileNamePatterns);
  let device = run.quarantine ? null : (run.device ?? facts.deviceNumber);
  const flags: RecordingFlag[] = [];
  if (device !== null) {
    const folderCheck = checkFileName(device);
    if (!folderCheck.ok || folderCheck.sanitized) device = null;
  }
  if (device === null) flags.push('quarantined');
  else if (!deps.registers.device(device)) flags.push('unregistered-device');
  if (nameCheck.sanitized) flags.push('name-sanitized');
  if (nameCheck.shortened) flags.push('name-shortened');
  const { clock } = deps;
  const fromName = facts.wallClock ? recordingStart(facts.wallClock, null, file.mtime, clock) : null;
  const known: SourceContext = {
    key: run.source.key,
    realPath: run.source.realPath,
    relPath: file.relPath,
    device,
    deviceTyped: run.deviceTyped,
    startFromName: fromName?.source === 'file-name' ? clock.iso(fromName.startedAt) : null,
  };
  return { file, device, safeName: nameCheck.name, facts, flags, known, onBytes };
}

export const isPrepared = (p: FileCopy | FileOutcome): p is FileCopy => 'safeName' in p;

/** The catalogue row, but for where it was placed and when: media facts, start time, officer, flags. */
export function recordingOf(
  run: RunFacts,
  c: FileCopy,
  copied: HashResult,
  probed: ProbeResult,
  settings: PrepareSettings,
  deps: PrepareDeps,
): Omit<NewRecording, 'vaultPath' | 'ingestedAt'> {
  const { clock, officers } = deps;
  const flags = [...c.flags];
  if (!probed.ok) flags.push('probe-error');
  const info = probed.ok ? probed.info : null;
  const { startedAt, source } = recordingStart(c.facts.wallClock, info, c.file.mtime, clock);
  if (source === 'mtime') flags.push('time-from-mtime');
  const assigned = c.device !== null && officers ? officers.officerAt(c.device, startedAt.getTime()) : null;
  const officer = attributeOfficer(assigned, c.facts.officerId);
  if (officer.mismatch) flags.push('officer-mismatch');
  // The recorder's clock, judged from the file's own times (core/clock-drift.ts); flags only, never a refusal.
  const nameMs = c.facts.wallClock ? clock.instant(c.facts.wallClock).getTime() : null;
  const claims = { nameMs, creationTime: info?.creationTime ?? null, mtimeMs: c.file.mtime.getTime(), durationSeconds: info?.durationSeconds ?? null };
  const drift = judgeClock(startedAt.getTime(), run.dockedAtMs, claims, settings.clockSkewToleranceSeconds);
  if (drift.clockAhead) flags.push('clock-ahead');
  if (drift.skewSeconds !== null) flags.push('clock-skew');
  return {
    sha256: copied.sha256,
    size: copied.size,
    originalName: c.file.name,
    sourcePath: c.file.relPath,
    deviceNumber: c.device,
    officerId: officer.officerId,
    startedAt: clock.iso(startedAt),
    startedAtEpochMs: startedAt.getTime(),
    startedAtSource: source,
    localDate: clock.localDate(startedAt),
    durationSeconds: info?.durationSeconds ?? null,
    format: info?.format ?? null,
    videoCodec: info?.videoCodec ?? null,
    audioCodec: info?.audioCodec ?? null,
    width: info?.width ?? null,
    height: info?.height ?? null,
    probeError: probed.ok ? null : probed.error,
    sourceMtime: c.file.mtime.toISOString(),
    sessionId: run.sessionId,
    flags,
    clockSkewSeconds: drift.skewSeconds,
  };
}
