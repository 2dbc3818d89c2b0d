/**
 * Read a disc (or its image) back and compare every file with the hash the catalogue holds for it:
 * xorriso's own MD5 check first (the image's tree and every file), then each file extracted and
 * SHA-256 hashed. Findings are values; nothing stops at the first.
 */
import { errorMessage } from '../core/errors.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { Scratch } from '../adapters/local-files.js';
import type { Progress } from '../core/progress.js';
import type { DiscFile } from '../adapters/catalog/disc-store.js';
import type { Xorriso } from '../adapters/xorriso.js';
import { checkDetailMessages as d } from '../core/i18n/check-detail-messages.js';
import { withDetail } from '../core/i18n/detail-said.js';

export type DiscProblemKind = 'mismatch' | 'missing' | 'unexpected' | 'unreadable' | 'md5';

export interface DiscProblem {
  path: string;
  kind: DiscProblemKind;
  detail?: string;
}

export interface ReadBack {
  /** xorriso's MD5 check: ok, or why not. */
  md5: 'ok' | 'mismatch' | 'no-md5' | 'unreadable';
  checked: number;
  bytes: number;
  problems: DiscProblem[];
}

/** What reading a disc back needs: xorriso to extract and check, a hash of a file on this PC. */
export interface DiscReader {
  xorriso: Xorriso;
  hashFile: (file: string) => Promise<HashResult>;
  /** A private folder for the files extracted while they are checked. */
  scratch: (prefix: string) => Scratch;
}

export async function readBackDisc(reader: DiscReader, dev: string, expected: readonly DiscFile[], progress?: Progress): Promise<ReadBack> {
  const { xorriso, hashFile } = reader;
  const problems: DiscProblem[] = [];
  const md5 = await xorriso.checkMd5(dev);
  if (!md5.ok) {
    if (md5.reason === 'mismatch') problems.push(...md5.files.map((f) => withDetail({ path: f, kind: 'md5' as const }, d.discMd5Differs)));
    else problems.push(withDetail({ path: '/', kind: 'md5' as const }, md5.reason === 'no-md5' ? d.discNoMd5 : d.discMd5Unreadable));
  }
  const onDisc = new Map((await xorriso.listFiles(dev)).map((f) => [f.path, f.size]));
  const wanted = new Set(expected.map((f) => f.path));
  for (const p of onDisc.keys()) if (!wanted.has(p)) problems.push({ path: p, kind: 'unexpected' });

  const work = reader.scratch('ev-disc-read-');
  let checked = 0;
  let bytes = 0;
  progress?.start(expected.length, expected.reduce((n, f) => n + f.size, 0));
  try {
    for (const f of expected) {
      if (!onDisc.has(f.path)) {
        problems.push({ path: f.path, kind: 'missing' });
        progress?.advance(1, f.size);
        continue;
      }
      const target = work.path('file');
      try {
        await xorriso.extract(dev, f.path, target);
        const got = await hashFile(target);
        checked++;
        bytes += got.size;
        if (got.sha256 !== f.sha256 || got.size !== f.size) {
          problems.push(withDetail({ path: f.path, kind: 'mismatch' as const }, d.discMismatch, { got: got.sha256, gotBytes: got.size, want: f.sha256, wantBytes: f.size }));
        }
      } catch (err) {
        problems.push({ path: f.path, kind: 'unreadable', detail: errorMessage(err) });
      } finally {
        work.remove('file');
        progress?.advance(1, f.size);
      }
    }
  } finally {
    progress?.stop();
    work.close();
  }
  return { md5: md5.ok ? 'ok' : md5.reason, checked, bytes, problems };
}
