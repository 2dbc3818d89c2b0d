/** The vocabulary every layer speaks. */

export type Sha256 = string;

/** Why a recording deserves a person's attention. Flags never stop a file being kept. */
export type RecordingFlag =
  | 'unregistered-device' // --device or the file name named a recorder missing from the register
  | 'quarantined' // no way to tell which recorder made it: filed under the quarantine folder
  | 'probe-error' // ffprobe could not read it (corrupt, empty, truncated on the recorder)
  | 'name-sanitized' // its name had characters a vault path must not hold; the original is kept in the catalogue
  | 'attributed' // its recorder or officer was corrected by a person, with a reason (recordings attribute)
  | 'name-shortened' // its name was too long for the file system: stored under a shortened name, the original kept
  | 'time-from-mtime' // no timestamp in the name or the metadata: the file's mtime was used
  | 'officer-mismatch' // the officer in the file name is not the one assigned to the recorder
  | 'clock-ahead' // it claims to start after its recorder was docked: the recorder's clock runs ahead
  | 'clock-skew'; // its file-name time, creation time and mtime disagree beyond the tolerance (seconds kept)

export type StartTimeSource = 'file-name' | 'metadata' | 'mtime';

/** What ffprobe tells of a file, as the catalogue keeps it. */
export interface MediaFields {
  durationSeconds: number | null;
  format: string | null;
  videoCodec: string | null;
  audioCodec: string | null;
  width: number | null;
  height: number | null;
}

/**
 * The first bytes of a file an in-process probe reads (a picture's EXIF block, up to 64 KiB, and its
 * frame header after a large embedded preview); the copy hands a small file's head over with its hash.
 */
export const PROBE_HEAD_BYTES = 512 * 1024;

/**
 * Files up to this size (a photo, not a video) are copied with blocking calls in a file worker, and
 * an ingest takes them in batches; larger ones take the pipelined path.
 */
export const SMALL_FILE_BYTES = 8 * 1024 * 1024;

export interface MediaInfo extends MediaFields {
  /** The container's creation_time tag, if any (ISO 8601 as ffprobe gives it). */
  creationTime: string | null;
  /** The ISO 6709 location tag (GPS), if the recorder wrote one, e.g. "+41.1087+122.9946/". */
  location?: string | null;
}

export interface Recording extends MediaFields {
  id: number;
  sha256: Sha256;
  size: number;
  /** Relative to the vault root, with forward slashes. */
  vaultPath: string;
  originalName: string;
  /** Where it was on the recorder, relative to the volume root. */
  sourcePath: string;
  deviceNumber: string | null;
  officerId: string | null;
  /** ISO 8601 with the configured timezone's offset. */
  startedAt: string;
  startedAtSource: StartTimeSource;
  /** YYYY-MM-DD in the configured timezone: the day folder it is filed under. */
  localDate: string;
  probeError: string | null;
  ingestedAt: string;
  sessionId: number | null;
  flags: RecordingFlag[];
  /** With the `clock-skew` flag: how far its own times disagreed, in seconds (null: within tolerance). */
  clockSkewSeconds?: number | null;
  /** When it was lawfully disposed of (its tombstone; its file is gone), where a listing read it; null: kept. */
  disposedAt?: string | null;
}

export interface Device {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  createdAt: string;
  /** R16: the fixed-asset number and the purchase date (YYYY-MM-DD), where registered. */
  assetNumber?: string | null;
  purchasedOn?: string | null;
}

export interface Officer {
  id: string;
  name: string;
  unit: string | null;
  createdAt: string;
  /** R3 counts active officers; one who left or was transferred counts before statusDate (YYYY-MM-DD). */
  status?: 'active' | 'transferred' | 'left';
  statusDate?: string | null;
}

/** What `verify` finds; a value, never an exception. `unsealed`: the right bytes in a file that can be written. */
export type VerifyProblemKind = 'mismatch' | 'missing' | 'unexpected' | 'unreadable' | 'size-changed' | 'unsealed';

export interface VerifyProblem {
  vaultPath: string;
  kind: VerifyProblemKind;
  /** What was found, in English (the trail's words; the command says it in the person's language). */
  detail?: string;
  recordingId?: number;
  /** size-changed: the catalogue's size and the file's; mismatch: the catalogue's SHA-256 and the file's. */
  expected?: number | string;
  found?: number | string;
  /** unexpected: a running process still held it as a copy in flight after this many seconds of waiting. */
  heldSeconds?: number;
}

/** Time comes in through here so tests and reports can fix "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Roles of the people who use the vault (R11–R15). `admin` manages operators and configuration. */
export const ROLES = ['custodian', 'archivist', 'auditor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a command needs: the audit action it is recorded under and the roles allowed to do it. */
export interface Access {
  action: string;
  roles: readonly Role[];
}

/** The person (or the service) behind an act. */
export interface Actor {
  /** The operator's OS account (the real user behind sudo). */
  operator: string;
  /** The role the act was done in, once roles are checked. */
  role: string | null;
}

/** Why a file abandoned at a stop is not stored (the summary's and the trail's words: language-neutral). */
export const ABANDONED_AT_STOP = 'abandoned at the stop: not stored (still on the source)';
