/** Messages between the main thread and the file workers. */
import type { JobFailure, LinkItem, StoreItem } from './small-file-batch.js';

export type WorkerJob =
  | { id: number; op: 'copy'; src: string; dst: string; headBytes: number }
  | { id: number; op: 'hash'; path: string }
  | { id: number; op: 'hash-disk'; path: string }
  | { id: number; op: 'place'; tmp: string; target: string; expectedSha256: string; syncDir: boolean }
  | { id: number; op: 'store-batch'; items: StoreItem[]; headBytes: number }
  | { id: number; op: 'link-batch'; items: LinkItem[] };

export type WorkerReply = { id: number; progress: number } | { id: number; ok: true; value: unknown } | { id: number; ok: false; error: JobFailure };
