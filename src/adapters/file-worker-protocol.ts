/** Messages between the main thread and the file workers. */
import type { WorkerProcess } from './file-worker-process.js';
import type { JobFailure, LinkItem, StoreItem } from './small-file-batch.js';
import type { Expected } from './read-check.js';

/** `chunk`: the size of each of the job's I/O buffers (io-rings.ts), chosen by the pool as it hands the job out. */
export type WorkerJob = { id: number; chunk?: number } & (
  /** `named`: a recorder's file, which must be reached through no link (opened-as-named.ts). */
  | { op: 'copy'; src: string; dst: string; headBytes: number; named?: boolean; check?: boolean }
  | { op: 'hash'; path: string }
  | { op: 'hash-disk'; path: string }
  | { op: 'place'; tmp: string; target: string; expected: Expected; syncDir: boolean }
  | { op: 'store-batch'; items: StoreItem[]; headBytes: number; stillZone?: string }
  | { op: 'link-batch'; items: LinkItem[] }
  | { op: 'scan'; root: string; extensions: string[] }
  /** Nothing to do: a worker started ahead of its work says it is up (FileWorkers.warm). */
  | { op: 'ready' }
);

export type WorkerReply = { id: number; progress: number } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: JobFailure };

/** A job as the caller gives it: the pool numbers it and chooses its buffers. */
export type JobInput = WorkerJob extends infer J ? (J extends WorkerJob ? Omit<J, 'id' | 'chunk'> : never) : never;

/** A job in the pool (file-workers.ts), queued or handed to a worker. */
export interface Pending {
  job: WorkerJob;
  /** The source its files are read from, or '' for the vault's own files. */
  lane: string;
  /** When it was queued (Date.now()). */
  queuedAt: number;
  worker?: WorkerProcess;
  /** When its worker last said anything about it (progress or its answer). */
  heardAt: number;
  onBytes?: (n: number) => void;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}
