/**
 * Fixity: re-hash stored files against the catalogue and walk the tree for files nothing catalogued.
 * Findings are values, collected and reported together; the command exits non-zero at the end.
 */
import path from 'node:path';
import { errorCode, errorMessage } from '../core/errors.js';
import type { VerifyProblem } from '../core/types.js';
import { FOOTAGE_ROOT, resolveInVault } from '../core/vault-layout.js';
import { isCaseViewPath } from '../core/case-view.js';
import type { RecordingFilter, RecordingStore } from '../adapters/catalog/recording-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import { fileProgress, type Progress } from '../core/progress.js';
import type { AuditTrail } from './audit-trail.js';

export interface VerifyReport {
  checked: number;
  ok: boolean;
  bytes: number;
  problems: VerifyProblem[];
  seconds: number;
}

export interface VerifyRequest {
  filter?: RecordingFilter;
  /** Also look for files in the tree that nothing catalogued (only meaningful over the whole vault). */
  findUnexpected: boolean;
  progress?: Progress;
  /** Extra folder names (relative to the footage root's day folders) that are derived views, not footage. */
  isDerivedPath?: (relPath: string) => boolean;
}

export class VerifyService {
  constructor(
    private readonly vaultRoot: string,
    private readonly recordings: RecordingStore,
    private readonly workers: FileWorkers,
    private readonly audit: AuditTrail,
    /** The entries of a folder, links not followed (a link is an entry, not a folder). */
    private readonly readFolder: (dir: string) => Promise<{ name: string; isDirectory(): boolean }[]>,
  ) {}

  /** `evidence-vault verify`: the check, and its findings on the record. */
  async verifyOnRecord(req: VerifyRequest & { target: string }): Promise<VerifyReport> {
    const report = await this.verify(req);
    this.audit.record({
      action: 'verify',
      target: req.target,
      details: { checked: report.checked, bytes: report.bytes, problems: report.problems.map((p) => ({ vaultPath: p.vaultPath, kind: p.kind })) },
    });
    return report;
  }

  async verify(req: VerifyRequest): Promise<VerifyReport> {
    const started = Date.now();
    const problems: VerifyProblem[] = [];
    // Totals first so the bar knows its length; rows stream, so memory holds only the id list.
    const items: { id: number; vaultPath: string; sha256: string; size: number }[] = [];
    let total = 0;
    // A disposed recording is not missing: its tombstone (hash, size, approver) stands in for the file.
    for (const r of this.recordings.iterate({ ...req.filter, live: true })) {
      items.push({ id: r.id, vaultPath: r.vaultPath, sha256: r.sha256, size: r.size });
      total += r.size;
    }
    req.progress?.start(items.length, total);
    let next = 0;
    let bytes = 0;
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const abs = resolveInVault(this.vaultRoot, item.vaultPath);
        const fp = fileProgress(req.progress, item.size);
        try {
          const got = await this.workers.hash(abs, fp.onBytes);
          bytes += got.size;
          if (got.size !== item.size) {
            problems.push({ vaultPath: item.vaultPath, kind: 'size-changed', recordingId: item.id, detail: `catalogue says ${item.size} bytes, file has ${got.size}` });
          } else if (got.sha256 !== item.sha256) {
            problems.push({ vaultPath: item.vaultPath, kind: 'mismatch', recordingId: item.id, detail: `SHA-256 is ${got.sha256}, catalogue says ${item.sha256}` });
          }
        } catch (err) {
          const code = errorCode(err);
          problems.push(
            code === 'ENOENT'
              ? { vaultPath: item.vaultPath, kind: 'missing', recordingId: item.id, detail: 'catalogued file is gone' }
              : { vaultPath: item.vaultPath, kind: 'unreadable', recordingId: item.id, detail: errorMessage(err) },
          );
        }
        fp.done();
      }
    };
    try {
      // Twice as many lanes as workers keeps each worker fed while the other's reply is handled.
      await Promise.all(Array.from({ length: this.workers.size * 2 }, lane));
    } finally {
      req.progress?.stop();
    }
    if (req.findUnexpected) {
      for await (const rel of this.walkFootage()) {
        if (isCaseViewPath(rel) || req.isDerivedPath?.(rel)) continue;
        if (!this.recordings.hasVaultPath(rel)) problems.push({ vaultPath: rel, kind: 'unexpected', detail: 'in the vault but not in the catalogue' });
      }
    }
    problems.sort((a, b) => (a.vaultPath < b.vaultPath ? -1 : a.vaultPath > b.vaultPath ? 1 : 0));
    return { checked: items.length, ok: problems.length === 0, bytes, problems, seconds: (Date.now() - started) / 1000 };
  }

  /** Every non-folder entry under the footage root, relative to the vault root. */
  private async *walkFootage(): AsyncGenerator<string> {
    const stack: string[] = [FOOTAGE_ROOT];
    while (stack.length) {
      const rel = stack.pop()!;
      let entries;
      try {
        entries = await this.readFolder(path.join(this.vaultRoot, rel));
      } catch (err) {
        if (errorCode(err) === 'ENOENT' && rel === FOOTAGE_ROOT) return;
        throw err;
      }
      for (const e of entries) {
        const child = `${rel}/${e.name}`;
        if (e.isDirectory()) stack.push(child);
        else yield child;
      }
    }
  }
}
