/**
 * Building a planned archive set (R11): each bag in <name>.partial — copy with a hash check per file,
 * tag files, manifests, a full verification of the bag — and only then renamed to its name. A bag
 * whose rename landed before a crash is verified and recorded; files already in a partial bag are
 * checked by size and hash and kept.
 */
import path from 'node:path';
import { BAG_INFO, MANIFEST, manifestText, PARTIAL_SUFFIX, PAYLOAD_DIR, payloadOxum } from '../core/bagit.js';
import { isRecorded, UserError, type Said } from '../core/errors.js';
import { chainHeadFromBagInfo } from '../core/audit-anchor.js';
import { quarterDates, type Quarter } from '../core/quarter.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ExportSet, ExportStore } from '../adapters/catalog/export-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import type { Progress } from '../core/progress.js';
import type { AuditTrail } from './audit-trail.js';
import { verifyBag, type BagProblem } from './bag-verify.js';
import { sha256Of, type BagFiles, type CopyOptions } from './export-bag-files.js';
import { stepOf, withNext, type BagReceipt, type ExportReceipt } from './export-receipt.js';

const checkIt = (dir: string): Said => ({
  zh: `请检查：evidence-vault export verify ${dir}；将其移走，或另选 --out。`,
  en: `Check it with: evidence-vault export verify ${dir}; move it away, or choose another --out.`,
});

export interface BuildRequest extends CopyOptions {
  progressFor?: (label: string) => Progress;
}

export interface SetBuilderDeps {
  store: ExportStore;
  workers: FileWorkers;
  bagDisk: BagDisk;
  audit: AuditTrail;
  clock: UnitClock;
  /** Refuse (recorded) when the bag's disk has too little room left for what is still to copy. */
  checkSpace: (setId: string, outDir: string, members: readonly Recording[], of: number, bag: number, alreadyBytes: number) => void;
  refuse: (target: string, message: Said, hint: Said, details: Record<string, unknown>) => never;
}

export class SetBuilder {
  constructor(private readonly d: SetBuilderDeps) {}

  async build(q: Quarter, set: ExportSet, outDir: string, req: BuildRequest, files: BagFiles): Promise<ExportReceipt> {
    const receipts: BagReceipt[] = [];
    let next: Said | null = null;
    for (const bag of this.d.store.bags(set.id)) {
      const members = this.d.store.members(set.id, bag.bagIndex);
      if (bag.status === 'complete') {
        receipts.push({
          bag: bag.bagIndex,
          of: set.bagCount,
          dir: path.join(bag.destination!, bag.dirName),
          state: 'already-complete',
          files: bag.files,
          bytes: bag.bytes,
          payloadOxum: payloadOxum(bag.bytes, bag.files),
          manifestSha256: bag.manifestSha256!,
          chainHead: { seq: bag.chainSeq!, hash: bag.chainHash! },
          resumedFiles: 0,
        });
        continue;
      }
      const writtenThisRun = receipts.some((r) => r.state === 'written');
      try {
        receipts.push(await this.buildBag(q, set, bag.bagIndex, bag.dirName, members, outDir, req, files));
      } catch (err) {
        // A later bag of a split set that does not fit: keep what was written, say what to do.
        if (err instanceof UserError && isRecorded(err) && writtenThisRun) {
          next = stepOf(err.said, err.hintSaid);
          break;
        }
        throw err;
      }
    }
    const complete = receipts.length === set.bagCount;
    return withNext({
      setId: set.id,
      quarter: set.quarter,
      supplement: set.supplement,
      provisional: set.provisional,
      finalExportFrom: set.provisional ? quarterDates(q).until : null,
      complete,
      files: receipts.reduce((n, r) => n + r.files, 0),
      bytes: receipts.reduce((n, r) => n + r.bytes, 0),
      bags: receipts,
      next: null,
    }, next);
  }

  private async buildBag(q: Quarter, set: ExportSet, index: number, dirName: string, members: Recording[], outDir: string, req: BuildRequest, files: BagFiles): Promise<BagReceipt> {
    const finalDir = path.join(outDir, dirName);
    const partial = finalDir + PARTIAL_SUFFIX;
    if (await files.exists(finalDir)) return this.adoptFinished(set, index, finalDir, members, outDir, files);

    const present = await files.presentBytes(partial, members);
    this.d.checkSpace(set.id, outDir, members, set.bagCount, index, present);
    // Where it is written, before a byte of it is: footage classified before it is finished reaches it.
    this.d.store.startBag(set.id, index, outDir);
    const staging = path.join(partial, '.copying');
    await files.remove(staging);
    await files.mkdirp(staging);
    // data/ exists whatever the payload: an empty set left building by an older version still resumes to a valid bag.
    await files.mkdirp(path.join(partial, PAYLOAD_DIR));

    const progress = req.progressFor?.(`export ${dirName}`);
    const resumed = await files.copyPayload(partial, staging, members, req, progress);
    await files.remove(staging);

    const head = this.d.audit.head();
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const bytes = members.reduce((n, r) => n + r.size, 0);
    await files.writeTagFiles(q, set, index, partial, members, manifest, bytes, head);
    await files.syncTree(partial);

    const check = await verifyBag(partial, { hasher: this.d.workers, disk: this.d.bagDisk });
    const problems = check.problems.filter((p) => p.kind !== 'unfinished');
    if (problems.length) throw new Error(`bag ${partial} failed its own verification: ${describeProblems(problems)}`);
    await files.rename(partial, finalDir);
    await files.syncOut(outDir);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), head, 'written', resumed);
  }

  /** A bag renamed into place by a run that died before recording it: verify it and record it. */
  private async adoptFinished(set: ExportSet, index: number, finalDir: string, members: Recording[], outDir: string, files: BagFiles): Promise<BagReceipt> {
    const check = await verifyBag(finalDir, { hasher: this.d.workers, disk: this.d.bagDisk });
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const onDisk = (await files.readText(path.join(finalDir, MANIFEST))) ?? '';
    if (!check.ok || check.setId !== set.id || onDisk !== manifest) {
      this.d.refuse(
        set.id,
        { zh: `${finalDir} 已存在，且不是归档集 ${set.id} 第 ${index} 个包的完整副本`, en: `${finalDir} already exists and is not a complete copy of bag ${index} of set ${set.id}` },
        checkIt(finalDir),
        { outDir },
      );
    }
    // A bag this vault wrote carries its chain head; without one it is not the bag this run made.
    const head = chainHeadFromBagInfo((await files.readText(path.join(finalDir, BAG_INFO))) ?? '');
    if (head.kind !== 'head') {
      this.d.refuse(
        set.id,
        { zh: `${finalDir} 已存在，但其 ${BAG_INFO} 中没有可读的审计日志链头`, en: `${finalDir} already exists but its ${BAG_INFO} carries no readable audit chain head` },
        checkIt(finalDir),
        { outDir },
      );
    }
    const bytes = members.reduce((n, r) => n + r.size, 0);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), { seq: head.head.seq, hash: head.head.hash }, 'written', 0);
  }

  private recordBag(set: ExportSet, index: number, dir: string, outDir: string, files: number, bytes: number, manifestSha256: string, head: { seq: number; hash: string }, state: BagReceipt['state'], resumedFiles: number): BagReceipt {
    const receipt: BagReceipt = { bag: index, of: set.bagCount, dir, state, files, bytes, payloadOxum: payloadOxum(bytes, files), manifestSha256, chainHead: head, resumedFiles };
    this.d.audit.run({ action: 'export', target: set.id, details: { event: 'bag-complete', provisional: set.provisional, ...receipt } }, () =>
      this.d.store.completeBag({
        setId: set.id,
        bagIndex: index,
        destination: outDir,
        manifestSha256,
        chainSeq: head.seq,
        chainHash: head.hash,
        finishedAt: this.d.clock.nowIso(),
      }),
    );
    return receipt;
  }
}

export function describeProblems(problems: readonly BagProblem[]): string {
  return problems.map((p) => `${p.kind} ${p.path}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
}
