/** What `restore-station` calls on the outside, and what it reports, declared here so each part takes exactly what it uses. */
import type { AuditEntry } from '../core/audit-chain.js';
import type { NotCarried } from '../core/station-restore.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Progress } from '../core/progress.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { StationRestoreStore } from '../adapters/catalog/station-restore-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { RepairDeps } from './repair-ports.js';
import type { StoreCopies } from './store-source.js';

/** Scratch files of JSON lines: what is read from the store, before the catalogue takes it in one transaction. */
export interface RestoreScratch {
  open(): void;
  append(name: string, values: readonly unknown[]): void;
  read<T>(name: string): Generator<T>;
  close(): void;
}

export interface RestoreFiles {
  firstFootageFile(vaultRoot: string): Promise<string | null>;
  placedState(vaultRoot: string, rel: string, size: number): Promise<'sealed' | 'absent' | 'other'>;
  sealPlaced(vaultRoot: string, rel: string): Promise<void>;
}

/** The trail file's side: made anew from the catalogue's restored trail, the old one kept beside it. */
export interface TrailFileRewrite {
  rewrite(entries: Iterable<AuditEntry>, keepOldAs: string): void;
}

export interface StationSettings {
  vaultRoot: string;
  station: string;
  endpoint: string;
  bucket: string;
  /** Objects read or fetched at the same time. */
  concurrency: number;
}

export interface RestoreStationDeps {
  /** The store read directly (list, metadata, segments). */
  connect: () => Promise<ObjectStore>;
  /** The store as repair reads it: the bytes by each recording's replica. */
  copies: StoreCopies;
  catalog: StationRestoreStore;
  replicas: Pick<ReplicationStore, 'saveReplica' | 'saveSegment' | 'replica'>;
  scratch: () => RestoreScratch;
  files: RestoreFiles;
  trailFile: TrailFileRewrite;
  /** The placement path repair uses (locks, aside, link, read back, seal). */
  repair: RepairDeps;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
}

/** How far a run has got, for a person watching (stderr). */
export type RestorePhase =
  | { phase: 'trail'; segments: number; entries: number }
  | { phase: 'metadata'; read: number; total: number }
  | { phase: 'catalogue'; recordings: number; disposed: number }
  | { phase: 'resume'; since: string }
  | { phase: 'bytes'; recordings: number; bytes: number };

export interface RestoreRequest {
  onPhase?: (p: RestorePhase) => void;
  progress?: Progress;
}

export interface NotRestored {
  id: number | null;
  vaultPath: string | null;
  /** The store's key it was read from, when it is a metadata object that could not be used. */
  key?: string;
  reason: string;
}

/** A metadata object with versions after the one restored from: put after the last trail segment, or by someone else. */
export interface LaterVersions {
  id: number;
  key: string;
  /** The version restored from. */
  taken: string;
  /** trail: the version the trail says this station put last; first: the key's first (the trail names none). */
  by: 'trail' | 'first';
  /** Newest first. */
  later: string[];
}

export interface RestoreReport {
  station: string;
  endpoint: string;
  bucket: string;
  /** A run that continued one killed or cut short after the catalogue was rebuilt. */
  resumed: boolean;
  trail: { segments: number; entries: number; head: { seq: number; hash: string } | null; replacedEntries: number };
  recordings: { catalogued: number; disposed: number; placed: number; alreadyPlaced: number; bytes: number };
  registers: { officers: number; devices: number; cases: number; caseLinks: number; holds: number; /** Recordings restored with a level above ordinary (R14). */ levels: number };
  /** Recorders the recordings name that no entry of the trail added: not in the register until someone adds them. */
  recordersNotInRegister: string[];
  notRestored: NotRestored[];
  /**
   * Recordings restored from a metadata object no entry of the restored trail names a version of: sent
   * after the last trail segment, or put in the store by someone holding its keys. Listed to be checked.
   */
  notOnTrail: { id: number; vaultPath: string; key: string }[];
  /** Metadata versions not restored from: a change made after the last trail segment, or a version put by someone else. */
  laterVersions: LaterVersions[];
  /** Recordings the trail saw stored that the store never received: lost with the old disk. */
  onlyInTrail: { id: number; vaultPath: string; seq: number }[];
  notCarried: NotCarried[];
  /** Set when the store stopped answering: run the command again once it does. */
  storeUnreachable: string | null;
}
