/** What `repair` calls on the outside, declared here so each dependency is exactly what it uses. */
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { RecordingFilter } from '../adapters/catalog/recording-store.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { PlaceResult } from '../adapters/place-file.js';
import type { Expected } from '../adapters/read-check.js';
import type { Logger } from '../adapters/logger.js';
import type { PlaceCheck } from '../adapters/protected-paths.js';
import type { SourceEntry, Unreadable } from '../adapters/repair-files.js';
import type { AuditTrail } from './audit-trail.js';
import type { StagingSpace } from './ingest-ports.js';
import type { StoreCopies } from './store-source.js';

export interface RepairCatalog {
  list(f: RecordingFilter): Recording[];
}

/** Archive-set bags and disc images the catalogue knows, where they were written. */
export interface KnownCopies {
  /** Folders of complete bags (destination/dir name). */
  bagFolders(): string[];
  /** Disc image files. */
  discImages(): string[];
}

export interface RepairWorkers {
  /** `named`: reached through no link, or refused (opened-as-named.ts). */
  copy(src: string, dst: string, onBytes?: (n: number) => void, opts?: { named?: boolean; check?: boolean }): Promise<HashResult>;
  hash(path: string, onBytes?: (n: number) => void): Promise<HashResult>;
  place(tmp: string, target: string, expected: Expected): Promise<PlaceResult>;
  readonly size: number;
}

/** Reading a disc image: its files with sizes, one file copied out. */
export interface ImageReader {
  /** `garbled`: a name this program cannot extract by (a line break in it …): listed as unreadable, never extracted. */
  listFiles(dev: string): Promise<{ path: string; size: number; garbled?: true }[]>;
  extract(dev: string, discPath: string, target: string): Promise<void>;
}

export interface RepairFiles {
  sourceKind(p: string): Promise<'folder' | 'file' | 'device' | 'other' | null>;
  listSourceFiles(root: string): Promise<{ files: SourceEntry[]; unreadable: Unreadable[] }>;
  makeDurable(file: string): Promise<void>;
  ensureVaultFolder(vaultRoot: string, relDir: string): Promise<void>;
  setAside(vaultRoot: string, rel: string, asideRel: string, onMoved?: () => void): Promise<boolean>;
  lockRecording(vaultRoot: string, id: number, onWait?: (holderPid: number) => void): Promise<() => Promise<void>>;
  removeUnsealed(file: string): Promise<void>;
  /** A catalogued file left writable (a restore interrupted before its seal). */
  unsealed(vaultRoot: string, rel: string): Promise<boolean>;
  seal(vaultRoot: string, rel: string): Promise<void>;
}

export interface RepairDeps {
  recordings: RepairCatalog;
  known: KnownCopies;
  workers: RepairWorkers;
  images: ImageReader;
  files: RepairFiles;
  /** Where a --from may be read: never the vault's or the catalogue's folder; resolved once. */
  sourcePlace: (candidate: string) => PlaceCheck;
  staging: () => StagingSpace;
  /** The object store (`--from s3`) when the config has one; null otherwise. */
  store: StoreCopies | null;
  audit: Pick<AuditTrail, 'record' | 'refuse' | 'act'>;
  clock: UnitClock;
  log: Logger;
}
