/** Messages between the main thread and the file workers. */
import type { JobFailure, LinkItem, StoreItem } from './small-file-batch.js';

/** `chunk`: the size of each of the job's I/O buffers (io-rings.ts), chosen by the pool as it hands the job out. */
export type WorkerJob = { id: number; chunk?: number } & (
  /** `named`: a recorder's file, which must be reached through no link (opened-as-named.ts). */
  | { op: 'copy'; src: string; dst: string; headBytes: number; named?: boolean }
  | { op: 'hash'; path: string }
  | { op: 'hash-disk'; path: string }
  | { op: 'place'; tmp: string; target: string; expectedSha256: string; syncDir: boolean }
  | { op: 'store-batch'; items: StoreItem[]; headBytes: number; stillZone?: string }
  | { op: 'link-batch'; items: LinkItem[] }
  | { op: 'scan'; root: string; extensions: string[] }
);

export type WorkerReply = { id: number; progress: number } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: JobFailure };
