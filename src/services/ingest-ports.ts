/** What ingest calls on the outside, declared here so each dependency is exactly what it uses. */
import type { Device } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { NewRecording, SessionCounts, StoredFrom } from '../adapters/catalog/recording-store.js';
import type { SourceClaim } from '../adapters/catalog/custody-store.js';
import type { SourceIdentity } from '../core/source-identity.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { PlaceResult } from '../adapters/place-file.js';
import type { Expected, ReadCheck } from '../adapters/read-check.js';
import type { LinkItem, StoredSmall, StoreItem } from '../adapters/small-file-batch.js';
import type { ScanResult } from '../adapters/volume-scanner.js';
import type { Logger } from '../adapters/logger.js';
import type { MediaProbe } from '../adapters/media-probe.js';
import type { AuditTrail } from './audit-trail.js';

/** The catalogue's recordings: what is stored already, a new row. */
export interface RecordingCatalog {
  sameNameAndSize(originalName: string, size: number): StoredFrom[];
  /** Some recording holds exactly these bytes. */
  holdsBytes(sha256: string, size: number): boolean;
  insert(r: NewRecording): number;
}

/** One row per ingest run. */
export interface IngestSessions {
  start(sourceRoot: string, deviceNumber: string | null, operator: string, startedAt: string, sourceKey: string): number;
  finish(id: number, status: 'done' | 'failed' | 'interrupted', finishedAt: string, counts: SessionCounts, summary: unknown): void;
}

/** One session per source at a time, and the vault names copies in flight hold (across processes). */
export interface SourceCustody {
  claimSource(key: string, sourceRoot: string, sessionId: number, at: string): SourceClaim;
  releaseSource(key: string, sessionId: number): void;
  /** False when the name is catalogued or a live copy holds it. */
  claimPlacement(vaultPath: string, sessionId: number): boolean;
  /** claimPlacement for several names in one transaction: whether each was taken. */
  claimPlacements(vaultPaths: readonly string[], sessionId: number): boolean[];
  releasePlacement(vaultPath: string, sessionId: number): void;
  /** Vault names claimed by earlier sessions of this source whose process is gone (copies a crash left). */
  stalePlacementsOf(sourceKey: string): string[];
}

/** Which source a folder is, and the registered recorder its volume's identity names (null: none). */
export type SourceIdentifier = (realPath: string) => SourceIdentity & { recorder: string | null };

export interface DeviceRegister {
  device(number: string): Device | undefined;
}

/** The copy/hash workers: a copy hashes as it goes; place links without overwriting and reads back. */
export interface CopyWorkers {
  /**
   * `headBytes`: return a small file's first bytes up to this many with the result (`head`), for the
   * probe. `sourceSizeAfter`: the source's size right after the copy, when the copier looked. `lane`:
   * the source read (its key), so that a source whose reads hang holds up no other source's jobs.
   */
  copy(src: string, dst: string, onBytes?: (n: number) => void, opts?: { headBytes?: number; lane?: string; named?: boolean }): Promise<HashResult & { head?: Uint8Array; sourceSizeAfter?: number | null; check?: ReadCheck }>;
  hash(path: string, onBytes?: (n: number) => void, opts?: { lane?: string }): Promise<HashResult>;
  /** The SHA-256 of a file as the disk holds it (O_DIRECT; `fromDisk` false where the file system has none). */
  hashFromDisk(path: string): Promise<HashResult & { fromDisk: boolean }>;
  /** `expected`: the copy's SHA-256 and read-back check, which the read-back is compared with (`readBack.matches`). */
  place(tmp: string, target: string, expected: Expected, opts?: { syncDir?: boolean; lane?: string }): Promise<PlaceResult>;
  /**
   * Small files in one job: each copied to its temp file, fsynced, and read back from the disk. Per
   * item the stored copy, its error, or 'large' (no longer a small file: nothing written).
   */
  storeBatch(items: readonly StoreItem[], opts?: { headBytes?: number; lane?: string; stillZone?: string }): Promise<(StoredSmall | Error | 'large')[]>;
  /** Link temp files (flushed, read back) to their vault names, never over a file, and seal them; per item. */
  linkBatch(items: readonly LinkItem[], opts?: { lane?: string }): Promise<({ placed: boolean } | Error)[]>;
}

export type { StoredSmall };

/** Temp files inside the vault for one run's copies in flight (same filesystem: link(2) into place). */
export interface StagingSpace {
  open(): void;
  tempPath(): string;
  discard(tmp: string): Promise<void>;
  close(): void;
}

/** Who the register says wore a recorder at a moment (R8, R10); null when it does not say. */
export interface OfficerLookup {
  officerAt(deviceNumber: string, atMs: number): string | null;
  /** officerAt for one recorder at any moment, its register read once (a batch of its files asks at many). */
  holderOf?(deviceNumber: string): (atMs: number) => string | null;
}

/** Reading a recorder volume (or a drop folder): never follows a link, never writes. */
export interface VolumeReader {
  /** `lane`: the volume's root, so a card that hangs while listed holds its own worker only and is named by its mount point (file-workers.ts, dock-stalls.ts). */
  scan(root: string, extensions: ReadonlySet<string>, lane?: string): Promise<ScanResult>;
  isFolder(path: string): Promise<boolean>;
  /** The file's size now, or null when it is gone. */
  sizeNow(path: string): Promise<number | null>;
}

/** The vault side of placing a copy: durable folders, sealing a file read-only, removing one never sealed. */
export interface VaultFiles {
  ensureDir(root: string, relDir: string): Promise<string>;
  seal(file: string): Promise<void>;
  removeUnsealed(file: string): Promise<void>;
  /**
   * fsync a folder of the vault: its new names survive a crash. It must still be a real folder on
   * every level (not deleted, not a symlink); an error: the copies named there failed.
   */
  syncFolder(root: string, relDir: string): Promise<void>;
  /** For each pair, whether both names are one file still (the copy read back is what the vault name holds). */
  sameFiles(pairs: readonly (readonly [string, string])[]): boolean[];
}

export interface IngestDeps {
  volumes: VolumeReader;
  vaultFiles: VaultFiles;
  recordings: RecordingCatalog;
  sessions: IngestSessions;
  custody: SourceCustody;
  identify: SourceIdentifier;
  registers: DeviceRegister;
  workers: CopyWorkers;
  probe: MediaProbe;
  audit: Pick<AuditTrail, 'run' | 'refuse' | 'record' | 'who' | 'runMany' | 'insertInTransaction'>;
  clock: UnitClock;
  log: Logger;
  officers?: OfficerLookup;
  /** Where each recorder's apparent clock offset at a dock is kept (core/clock-drift.ts). */
  dockOffsets?: { recordDockOffsets(sessionId: number, dockedAt: string, dockedMs: number): void };
  /** A staging area in the given vault, for one run. */
  staging: (vaultRoot: string) => StagingSpace;
  /** Runs a catalogue transaction of many small writes (a group commit) the cheaper way; default: as any. */
  smallWrites?: <T>(fn: () => T) => T;
  /** Runs catalogue reads in one read transaction (a batch's look-ups); default: each on its own. */
  readTogether?: <T>(fn: () => T) => T;
}
