/** Put real files into a vault and catalogue them as ingest would, for tests that need dated footage. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { recordingFolder } from '../../src/core/vault-layout.js';
import { instantOf, isoInZone } from '../../src/core/zoned-time.js';
import type { VaultWithParts as Vault } from '../../src/wiring.js';
import type { RecordingFlag } from '../../src/core/types.js';
import type { NewRecording } from '../../src/adapters/catalog/recording-store.js';

let counter = 0;

export interface SeedOptions {
  /** The officer it is attributed to (default 110101; null: nobody). */
  officer?: string | null;
  durationSeconds?: number;
  /** Local hour and minute it starts at (default 9:00; the second is a counter). */
  hour?: number;
  minute?: number;
  /** When it was stored (default: now). */
  ingestedAt?: string;
  flags?: RecordingFlag[];
  /** Its bytes (default: a line naming it). */
  bytes?: Buffer;
}

export function seedRecording(vault: Vault, localDate: string, device: string | null = '0001234', options: SeedOptions = {}): number {
  const n = ++counter;
  const officer = options.officer === undefined ? '110101' : options.officer;
  const hour = options.hour ?? 9;
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const minute = options.minute ?? 0;
  const started = instantOf({ year: y, month: m, day: d, hour, minute, second: n % 60 }, vault.config.timezone);
  const name = `${device ?? 'X'}_${officer ?? 'X'}_${localDate.replaceAll('-', '')}${String(hour).padStart(2, '0')}${String(minute).padStart(2, '0')}${String(n % 60).padStart(2, '0')}_${String(n).padStart(4, '0')}.MP4`;
  const vaultPath = `${recordingFolder(localDate, device)}/${name}`;
  const abs = path.join(vault.config.vaultRoot, vaultPath);
  const bytes = options.bytes ?? Buffer.from(`footage ${n} of ${localDate}`);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, bytes, { mode: 0o444 });
  return vault.recordings.insert({
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
    vaultPath,
    originalName: name,
    sourcePath: `DCIM/${name}`,
    deviceNumber: device,
    officerId: officer,
    startedAt: isoInZone(started, vault.config.timezone),
    startedAtEpochMs: started.getTime(),
    startedAtSource: 'file-name',
    localDate,
    durationSeconds: options.durationSeconds ?? 1,
    format: 'mov,mp4',
    videoCodec: 'h264',
    audioCodec: null,
    width: 320,
    height: 240,
    probeError: null,
    sourceMtime: null,
    ingestedAt: options.ingestedAt ?? isoInZone(new Date(), vault.config.timezone),
    sessionId: null,
    flags: options.flags ?? [],
  });
}

/**
 * A catalogue row and nothing behind it (no file): for tests of the catalogue's own SQL. Named `name`
 * in a day folder of recorder 0001234, started at the epoch; `overrides` set the rest.
 */
export function bareRecording(name: string, overrides: Partial<NewRecording> = {}): NewRecording {
  return {
    sha256: 'cd'.repeat(32),
    size: 10,
    vaultPath: `现场执法记录仪影像资料/2026/11/20/0001234/${name}`,
    originalName: name,
    sourcePath: name,
    deviceNumber: null,
    officerId: null,
    startedAt: new Date(0).toISOString(),
    startedAtEpochMs: 0,
    startedAtSource: 'file-name',
    localDate: '2026-11-20',
    durationSeconds: 1,
    format: 'mp4',
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
    probeError: null,
    sourceMtime: null,
    ingestedAt: new Date(0).toISOString(),
    sessionId: null,
    flags: [],
    ...overrides,
  };
}
