/**
 * Quarterly archive sets (R11) as BagIt bags. A set is planned once (members and bags recorded in the
 * catalogue with its audit entry), then each bag is built in <name>.partial — copy with a hash check
 * per file, tag files, manifests, a full verification of the bag — and only then renamed to its name.
 * Running the same command again resumes: files already in the partial bag are checked by size and
 * hash and kept; a bag whose rename landed before a crash is verified and recorded.
 */
import path from 'node:path';
import { BAG_INFO, bagDirName, MANIFEST, manifestText, PARTIAL_SUFFIX, PAYLOAD_DIR, payloadOxum, planBags } from '../core/bagit.js';
import { isRecorded, UserError } from '../core/errors.js';
import { chainHeadFromBagInfo } from '../core/audit-anchor.js';
import { exportReminder, parseQuarter, quarterDates, quarterId, setIdFor, type Quarter } from '../core/quarter.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ExportSet, ExportStore } from '../adapters/catalog/export-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import { formatBytes, type Progress } from '../core/progress.js';
import type { AuditTrail } from './audit-trail.js';
import { verifyBag, type BagProblem } from './bag-verify.js';
import { BagFiles, sha256Of } from './export-bag-files.js';
import type { TableSources } from './export-tables.js';
import type { BagReceipt, ExportOutcome, ExportReceipt } from './export-receipt.js';

export interface ExportSettings {
  vaultRoot: string;
  organization: string;
  /** The vault and catalogue folders: a set is never written into (or around) them. */
  protectedPaths: ProtectedPaths;
}

export interface ExportRequest {
  quarter: string;
  outDir: string;
  maxBagSize?: number;
  progressFor?: (label: string) => Progress;
  signal?: AbortSignal;
  /** Called once per file copied (tests and the daemon watch progress through it). */
  onFileCopied?: (vaultPath: string) => void;
}

export type { BagReceipt, ExportOutcome, ExportReceipt } from './export-receipt.js';

/** Room for folders, tag files and manifests beside the payload; generous, since running out half-way costs more. */
const overheadFor = (files: number) => 1024 * 1024 + files * 16 * 1024;

export interface ExportDeps {
  /** Where outputs of an act done in `role` get their mode and group. */
  outputsFor: (role: string | null) => OutputFiles;
  /** Free space on the disk holding a folder. */
  freeSpace: (dir: string) => { bytes: number; checkedAt: string };
  /** A bag's folder read back for its own verification, links not followed. */
  bagDisk: BagDisk;
  store: ExportStore;
  sources: TableSources;
  workers: FileWorkers;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
}

export class ExportService {
  private readonly outputsFor: (role: string | null) => OutputFiles;
  private readonly freeSpace: (dir: string) => { bytes: number; checkedAt: string };
  private readonly bagDisk: BagDisk;
  private readonly store: ExportStore;
  private readonly sources: TableSources;
  private readonly workers: FileWorkers;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly log: Logger;

  constructor(
    private readonly settings: ExportSettings,
    deps: ExportDeps,
  ) {
    ({ outputsFor: this.outputsFor, freeSpace: this.freeSpace, bagDisk: this.bagDisk, store: this.store, sources: this.sources, workers: this.workers, audit: this.audit, clock: this.clock, log: this.log } = deps);
  }

  /** Whether this catalogue made the set: a set from another vault has no head to compare here. */
  madeHere(setId: string): boolean {
    return this.store.bags(setId).length > 0;
  }

  /** The daemon's reminder line, or null: the previous quarter has footage in no finished set. */
  reminder(now = this.clock.now()): string | null {
    return exportReminder(now, this.clock.zone, (q) => {
      const { from, until } = quarterDates(q);
      const id = quarterId(q);
      return {
        recordings: this.store.countInQuarter(from, until),
        unexported: this.store.countNotInCompleteSet(id, from, until),
        hasSet: this.store.setsOf(id).some((s) => s.supplement === 0 && s.status === 'complete'),
      };
    });
  }

  async exportQuarter(req: ExportRequest): Promise<ExportOutcome> {
    const q = parseQuarter(req.quarter);
    if (!q) throw new UserError(`"${req.quarter}" is not a quarter`, 'Name it like 2026Q3 (year, Q, 1-4).');
    const id = quarterId(q);
    return this.audit.act({ action: 'export', target: id, details: { outDir: req.outDir } }, async () => {
      const outDir = this.outputPlace(id, req.outDir);
      // What the set writes is readable by the service user and the group of the role it is made in, no one else.
      const files = new BagFiles(this.settings, this.sources, this.workers, this.outputsFor(this.audit.who.role), this.clock, this.log);
      return await this.run(q, id, outDir, req, files);
    });
  }

  /** `--out`, resolved once: never the vault's own folders, and on an installed PC nowhere a person could swap. */
  private outputPlace(id: string, outDir: string): string {
    const place = this.settings.protectedPaths.output(outDir);
    if (place.ok) return place.real;
    this.refuse(id, `--out ${outDir} ${place.problem} / 输出位置不安全`, 'Write archive sets where only the service account can write, e.g. an archive disk mounted with uid=evidence-vault (see README). The attempt is recorded.', { outDir, problem: place.problem }, 77);
  }

  private refuse(target: string, message: string, hint: string, details: Record<string, unknown>, exitCode?: number): never {
    this.audit.refuse({ action: 'export', target, details }, message, hint, exitCode);
  }

  private async run(q: Quarter, id: string, outDir: string, req: ExportRequest, files: BagFiles): Promise<ExportOutcome> {
    const { from, until } = quarterDates(q);
    const today = this.clock.today();
    if (from > today) this.refuse(id, `quarter ${id} has not begun (today is ${today})`, 'Export a quarter that has begun; usually the one just ended.', { outDir });
    const sets = this.store.setsOf(id);
    let set = sets.find((s) => s.status === 'building');
    if (!set) {
      const members = this.store.unexported(id, from, until);
      if (members.length === 0 && sets.length > 0) return { kind: 'up-to-date', quarter: id, sets: sets.map((s) => s.id) };
      set = this.plan(q, id, sets.length, members, outDir, req.maxBagSize);
    } else if (req.maxBagSize !== undefined && req.maxBagSize !== set.maxBagSize) {
      this.log.warn({ set: set.id, planned: set.maxBagSize }, 'the set was planned with another --max-bag-size; keeping its plan');
    }
    return { kind: 'exported', receipt: await this.build(q, set, outDir, req, files) };
  }

  /** Choose the members and bags, check the first bag fits, and record the plan with its audit entry. */
  private plan(q: Quarter, id: string, supplement: number, members: Recording[], outDir: string, maxBagSize?: number): ExportSet {
    const setId = setIdFor(q, supplement);
    const plan = planBags(members, maxBagSize);
    if (!plan.ok) {
      this.refuse(setId, `${plan.tooLarge.vaultPath} (${formatBytes(plan.tooLarge.size)}) is larger than --max-bag-size ${formatBytes(maxBagSize!)}`, 'Give a --max-bag-size at least as large as the largest recording.', { outDir, maxBagSize });
    }
    const first = plan.bags[0]!;
    this.checkSpace(setId, outDir, first, plan.bags.length, 1, 0);
    const set: ExportSet = {
      id: setId,
      quarter: id,
      supplement,
      bagCount: plan.bags.length,
      maxBagSize: maxBagSize ?? null,
      status: 'building',
      startedAt: this.clock.nowIso(),
      finishedAt: null,
    };
    const bytes = members.reduce((n, r) => n + r.size, 0);
    this.audit.run(
      { action: 'export', target: setId, details: { event: 'planned', quarter: id, supplement, files: members.length, bytes, bags: plan.bags.length, maxBagSize: maxBagSize ?? null, outDir } },
      () => this.store.create({ set, bags: plan.bags.map((b, i) => ({ dirName: bagDirName(setId, i + 1, plan.bags.length), recordings: b })) }),
    );
    return set;
  }

  private checkSpace(setId: string, outDir: string, members: readonly Recording[], of: number, bag: number, alreadyBytes: number): void {
    const payload = members.reduce((n, r) => n + r.size, 0) - alreadyBytes;
    const needed = payload + overheadFor(members.length);
    const free = this.freeSpace(outDir);
    if (free.bytes < needed) {
      const what = of === 1 ? `set ${setId}` : `bag ${bag} of ${of} of set ${setId}`;
      this.refuse(
        setId,
        `${what} needs ${formatBytes(needed)} (${needed} bytes) but ${free.checkedAt} has ${formatBytes(free.bytes)} (${free.bytes} bytes) free`,
        of === 1 ? 'Use a larger archive disk, or split the set with --max-bag-size SIZE (e.g. --max-bag-size 500G) and run again for each disk.' : 'Connect another archive disk and run the same command with --out on it.',
        { outDir, neededBytes: needed, freeBytes: free.bytes, bag, of },
      );
    }
  }

  private async build(q: Quarter, set: ExportSet, outDir: string, req: ExportRequest, files: BagFiles): Promise<ExportReceipt> {
    const receipts: BagReceipt[] = [];
    let next: string | null = null;
    for (const bag of this.store.bags(set.id)) {
      const members = this.store.members(set.id, bag.bagIndex);
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
          next = err.message + (err.hint ? `. ${err.hint}` : '');
          break;
        }
        throw err;
      }
    }
    const complete = receipts.length === set.bagCount;
    return {
      setId: set.id,
      quarter: set.quarter,
      supplement: set.supplement,
      complete,
      files: receipts.reduce((n, r) => n + r.files, 0),
      bytes: receipts.reduce((n, r) => n + r.bytes, 0),
      bags: receipts,
      next,
    };
  }

  private async buildBag(q: Quarter, set: ExportSet, index: number, dirName: string, members: Recording[], outDir: string, req: ExportRequest, files: BagFiles): Promise<BagReceipt> {
    const finalDir = path.join(outDir, dirName);
    const partial = finalDir + PARTIAL_SUFFIX;
    if (await files.exists(finalDir)) return this.adoptFinished(set, index, finalDir, members, outDir, files);

    const present = await files.presentBytes(partial, members);
    this.checkSpace(set.id, outDir, members, set.bagCount, index, present);
    const staging = path.join(partial, '.copying');
    await files.remove(staging);
    await files.mkdirp(staging);
    // data/ exists even in a bag with no payload (a quarter with no footage still gets its set).
    await files.mkdirp(path.join(partial, PAYLOAD_DIR));

    const progress = req.progressFor?.(`export ${dirName}`);
    const resumed = await files.copyPayload(partial, staging, members, req, progress);
    await files.remove(staging);

    const head = this.audit.head();
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const bytes = members.reduce((n, r) => n + r.size, 0);
    await files.writeTagFiles(q, set, index, partial, members, manifest, bytes, head);
    await files.syncTree(partial);

    const check = await verifyBag(partial, { hasher: this.workers, disk: this.bagDisk });
    const problems = check.problems.filter((p) => p.kind !== 'unfinished');
    if (problems.length) throw new Error(`bag ${partial} failed its own verification: ${describeProblems(problems)}`);
    await files.rename(partial, finalDir);
    await files.syncOut(outDir);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), head, 'written', resumed);
  }

  /** A bag renamed into place by a run that died before recording it: verify it and record it. */
  private async adoptFinished(set: ExportSet, index: number, finalDir: string, members: Recording[], outDir: string, files: BagFiles): Promise<BagReceipt> {
    const check = await verifyBag(finalDir, { hasher: this.workers, disk: this.bagDisk });
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const onDisk = (await files.readText(path.join(finalDir, MANIFEST))) ?? '';
    if (!check.ok || check.setId !== set.id || onDisk !== manifest) {
      this.refuse(set.id, `${finalDir} already exists and is not a complete copy of bag ${index} of set ${set.id}`, `Check it with: evidence-vault export verify ${finalDir}; move it away, or choose another --out.`, { outDir });
    }
    // A bag this vault wrote carries its chain head; without one it is not the bag this run made.
    const head = chainHeadFromBagInfo((await files.readText(path.join(finalDir, BAG_INFO))) ?? '');
    if (head.kind !== 'head') {
      this.refuse(set.id, `${finalDir} already exists but its ${BAG_INFO} carries no readable audit chain head`, `Check it with: evidence-vault export verify ${finalDir}; move it away, or choose another --out.`, { outDir });
    }
    const bytes = members.reduce((n, r) => n + r.size, 0);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), { seq: head.head.seq, hash: head.head.hash }, 'written', 0);
  }

  private recordBag(set: ExportSet, index: number, dir: string, outDir: string, files: number, bytes: number, manifestSha256: string, head: { seq: number; hash: string }, state: BagReceipt['state'], resumedFiles: number): BagReceipt {
    const receipt: BagReceipt = { bag: index, of: set.bagCount, dir, state, files, bytes, payloadOxum: payloadOxum(bytes, files), manifestSha256, chainHead: head, resumedFiles };
    this.audit.run({ action: 'export', target: set.id, details: { event: 'bag-complete', ...receipt } }, () =>
      this.store.completeBag({
        setId: set.id,
        bagIndex: index,
        destination: outDir,
        manifestSha256,
        chainSeq: head.seq,
        chainHash: head.hash,
        finishedAt: this.clock.nowIso(),
      }),
    );
    return receipt;
  }
}

export function describeProblems(problems: readonly BagProblem[]): string {
  return problems.map((p) => `${p.kind} ${p.path}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
}
