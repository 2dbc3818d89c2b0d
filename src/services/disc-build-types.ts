/** What a disc build is asked for, what it gives back, and what it is built from (disc-build.ts). */
import type { RegisterForm, RegisterCase } from '../core/register-form.js';
import type { Medium } from '../core/disc-plan.js';
import type { Recording } from '../core/types.js';
import type { Lang } from '../core/i18n/messages.js';
import type { RegisterGap } from '../core/register-gaps.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Progress } from '../core/progress.js';
import type { CaseRecordings } from '../adapters/catalog/case-recordings-sql.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { ChromiumPrinter } from '../adapters/chromium-print.js';
import type { MediaProbe } from '../adapters/media-probe.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { Scratch } from '../adapters/local-files.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import type { Xorriso } from '../adapters/xorriso.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import type { Logger } from '../adapters/logger.js';
import type { AuditTrail } from './audit-trail.js';
import type { DiscProblem } from './disc-readback.js';
import type { DiscPlace } from './disc-names.js';
import type { GrantCheck } from './access-gate.js';

/**
 * Puts the evidence-use hold (R12(3)) on a disc's recordings. Called inside the transaction that
 * catalogues the disc, so the hold and the disc commit together.
 */
export interface HoldPlacer {
  placeEvidenceHolds(recordingIds: readonly number[], note: string): { placed: number };
}

export type DiscSelection = { recordingIds: readonly number[] } | { caseNumber: string };

export interface DiscBuildRequest {
  selection: DiscSelection;
  /** Header for a selection by id (a case brings its own). */
  caseNumber?: string;
  caseTitle?: string;
  /** --place ID=TEXT */
  places?: ReadonlyMap<number, string>;
  /** --officers ID=NAME,NAME (id 0: every recording) */
  officers?: ReadonlyMap<number, readonly string[]>;
  /** --operator NAME: the camera operator (R12(2)) of every recording on the disc, recorded with the disc. */
  operator?: string;
  outDir: string;
  medium: Medium;
  /** Overrides the medium's capacity (tests, odd media). */
  capacityBytes?: number;
  progress?: Progress;
}

export interface BuiltDisc {
  number: string;
  registerNumber: string;
  volumeId: string;
  part: number;
  parts: number;
  image: string;
  imageSize: number;
  imageSha256: string;
  folder: string;
  files: { register: { html: string; pdf: string; csv: string; json: string }; sums: string; readme: string };
  recordings: number[];
  missing: RegisterForm['missing'];
  readBack: { md5: string; checked: number; problems: DiscProblem[] };
}

export interface DiscBuildResult {
  buildId: string;
  case: RegisterCase;
  medium: Medium;
  capacityBytes: number;
  discs: BuiltDisc[];
  holds: { placed: number };
}

export interface DiscBuildSettings {
  vaultRoot: string;
  unitName: string | null;
  /** The vault's language: the disc's README.txt for its recipient. Chinese unless configured. */
  language?: Lang;
  /** The vault and catalogue folders: an image is never written into (or around) them. */
  protectedPaths: ProtectedPaths;
}

export interface DiscBuildDeps {
  recordings: RecordingStore;
  registers: RegisterStore;
  discs: DiscStore;
  cases: CaseRecordings;
  holds: HoldPlacer;
  probe: MediaProbe;
  xorriso: Xorriso;
  printer: ChromiumPrinter;
  audit: AuditTrail;
  clock: UnitClock;
  hashFile: (file: string, onBytes?: (n: number) => void) => Promise<HashResult>;
  /** Where outputs of an act done in `role` get their mode and group. */
  outputsFor: (role: string | null) => OutputFiles;
  files: { scratch: (prefix: string) => Scratch; sizeOf: (file: string) => number };
  /** Final names for what was built under temporary ones (disc-names.ts). */
  publisher: OutputPublisher;
  /** Free space where a folder is or would be made (statfs of its nearest existing ancestor). */
  freeSpace: (dir: string) => { bytes: number; checkedAt: string };
  log: Logger;
  /** The gaps before and after each recording (R5, P16), for the register; none when left out. */
  gaps?: { registerGaps(recordings: readonly Recording[]): Map<number, RegisterGap[]> };
  /** The camera operators named per recording (R12(2)); set for a whole disc with --operator, in its transaction. */
  cameraOperators?: { of(recordingId: number): string | null; setInTransaction(ids: readonly number[], name: string, reason: string): void };
  /** R13, R14: classified footage goes on a disc only under a live grant for purpose evidence. */
  grants?: GrantCheck;
  /** Let one account read published files and folders (by ACL), the rest of its group nothing. */
  readableBy?: (paths: readonly string[], osUser: string) => Promise<void>;
  /** Refuse a person readableBy could not serve (no account on this PC), or a folder it could not (FAT), before anything is written. */
  requireAccount?: (osUser: string, dir: string) => Promise<void>;
}

/** One build's decisions, made before anything is written. */
export interface BuildPlan {
  caseInfo: RegisterCase;
  recordings: Recording[];
  plan: { id: number; size: number }[][];
  places: DiscPlace[];
  capacity: number;
  issuedAt: string;
  buildId: string;
  target: string;
  /** Some footage is secret (R14): the image and its folder are the builder's alone to read, not their role's group. */
  secret: boolean;
  /** Records the grants' use (`access.use`), once the last check before writing has passed. */
  recordUse: () => void;
}
