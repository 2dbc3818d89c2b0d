/**
 * Quarterly archive sets (R11) as BagIt bags. A set is planned once (members and bags recorded in the
 * catalogue with its audit entry), then each bag is built in <name>.partial — copy with a hash check
 * per file, tag files, manifests, a full verification of the bag — and only then renamed to its name.
 * Running the same command again resumes: files already in the partial bag are checked by size and
 * hash and kept; a bag whose rename landed before a crash is verified and recorded.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  BAG_INFO,
  BAGIT,
  BAGIT_TXT,
  bagCount,
  bagDirName,
  bagInfoText,
  MANIFEST,
  manifestText,
  PARTIAL_SUFFIX,
  PAYLOAD_DIR,
  payloadOxum,
  planBags,
  TAG_MANIFEST,
  type BagInfo,
} from '../core/bagit.js';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { exportReminder, parseQuarter, quarterDates, quarterId, quarterInstants, setIdFor, type Quarter } from '../core/quarter.js';
import { csvText, jsonText } from '../core/tag-table.js';
import type { Clock, Recording } from '../core/types.js';
import { resolveInVault } from '../core/vault-layout.js';
import { isoInZone, localDateIn } from '../core/zoned-time.js';
import type { ExportSet, ExportStore } from '../adapters/catalog/export-store.js';
import { freeBytesAt } from '../adapters/disk-space.js';
import { fsyncDir } from '../adapters/durable-file.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import { formatBytes, type Progress } from '../adapters/progress-bar.js';
import type { AuditTrail } from './audit-trail.js';
import { verifyBag, type BagProblem } from './bag-verify.js';
import { TABLE_EXPORTERS, TAG_TABLE_FOLDER, type BagScope, type TableSources } from './export-tables.js';

export interface ExportSettings {
  vaultRoot: string;
  timezone: string;
  organization: string;
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

export interface BagReceipt {
  bag: number;
  of: number;
  dir: string;
  state: 'written' | 'already-complete';
  files: number;
  bytes: number;
  payloadOxum: string;
  manifestSha256: string;
  chainHead: { seq: number; hash: string };
  /** Files found already copied by an interrupted run, verified and kept. */
  resumedFiles: number;
}

export interface ExportReceipt {
  setId: string;
  quarter: string;
  supplement: number;
  complete: boolean;
  files: number;
  bytes: number;
  bags: BagReceipt[];
  /** When a split set stopped for want of space: what to do next. */
  next: string | null;
}

export type ExportOutcome = { kind: 'exported'; receipt: ExportReceipt } | { kind: 'up-to-date'; quarter: string; sets: string[] };

/** Room for folders, tag files and manifests beside the payload; generous, since running out half-way costs more. */
const overheadFor = (files: number) => 1024 * 1024 + files * 16 * 1024;

export class ExportService {
  constructor(
    private readonly settings: ExportSettings,
    private readonly store: ExportStore,
    private readonly sources: TableSources,
    private readonly workers: FileWorkers,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Whether this catalogue made the set: a set from another vault has no head to compare here. */
  madeHere(setId: string): boolean {
    return this.store.bags(setId).length > 0;
  }

  /** The daemon's reminder line, or null: the previous quarter has footage in no finished set. */
  reminder(now = this.clock.now()): string | null {
    return exportReminder(now, this.settings.timezone, (q) => {
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
    const outDir = path.resolve(req.outDir);
    try {
      return await this.run(q, id, outDir, req);
    } catch (err) {
      if (!(err instanceof Refused)) {
        this.audit.record({ action: 'export', target: id, outcome: 'failed', details: { outDir, error: errorMessage(err) } });
      }
      throw err instanceof Refused ? err.userError : err;
    }
  }

  private refuse(target: string, message: string, hint: string, details: Record<string, unknown>): never {
    this.audit.record({ action: 'export', target, outcome: 'refused', details: { ...details, reason: message } });
    throw new Refused(new UserError(message, hint));
  }

  private async run(q: Quarter, id: string, outDir: string, req: ExportRequest): Promise<ExportOutcome> {
    const { from, until } = quarterDates(q);
    const today = localDateIn(this.clock.now(), this.settings.timezone);
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
    return { kind: 'exported', receipt: await this.build(q, set, outDir, req) };
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
      startedAt: isoInZone(this.clock.now(), this.settings.timezone),
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
    const free = freeBytesAt(outDir);
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

  private async build(q: Quarter, set: ExportSet, outDir: string, req: ExportRequest): Promise<ExportReceipt> {
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
        receipts.push(await this.buildBag(q, set, bag.bagIndex, bag.dirName, members, outDir, req));
      } catch (err) {
        // A later bag of a split set that does not fit: keep what was written, say what to do.
        if (err instanceof Refused && writtenThisRun) {
          next = err.userError.message + (err.userError.hint ? `. ${err.userError.hint}` : '');
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

  private async buildBag(q: Quarter, set: ExportSet, index: number, dirName: string, members: Recording[], outDir: string, req: ExportRequest): Promise<BagReceipt> {
    const finalDir = path.join(outDir, dirName);
    const partial = finalDir + PARTIAL_SUFFIX;
    if (fs.existsSync(finalDir)) return this.adoptFinished(set, index, finalDir, members, outDir);

    const present = await this.presentBytes(partial, members);
    this.checkSpace(set.id, outDir, members, set.bagCount, index, present);
    const staging = path.join(partial, '.copying');
    await fsp.rm(staging, { recursive: true, force: true });
    await fsp.mkdir(staging, { recursive: true });
    // data/ exists even in a bag with no payload (a quarter with no footage still gets its set).
    await fsp.mkdir(path.join(partial, PAYLOAD_DIR), { recursive: true });

    const progress = req.progressFor?.(`export ${dirName}`);
    const resumed = await this.copyPayload(partial, staging, members, req, progress);
    await fsp.rm(staging, { recursive: true, force: true });

    const head = this.audit.head();
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const bytes = members.reduce((n, r) => n + r.size, 0);
    await this.writeTagFiles(q, set, index, partial, members, manifest, bytes, head);
    await this.syncTree(partial);

    const check = await verifyBag(partial, this.workers);
    const problems = check.problems.filter((p) => p.kind !== 'unfinished');
    if (problems.length) throw new Error(`bag ${partial} failed its own verification: ${describeProblems(problems)}`);
    await fsp.rename(partial, finalDir);
    await fsyncDir(outDir);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), head, 'written', resumed);
  }

  /** A bag renamed into place by a run that died before recording it: verify it and record it. */
  private async adoptFinished(set: ExportSet, index: number, finalDir: string, members: Recording[], outDir: string): Promise<BagReceipt> {
    const check = await verifyBag(finalDir, this.workers);
    const manifest = manifestText(members.map((r) => ({ sha256: r.sha256, path: `${PAYLOAD_DIR}/${r.vaultPath}` })));
    const onDisk = await fsp.readFile(path.join(finalDir, MANIFEST), 'utf8').catch(() => '');
    if (!check.ok || check.setId !== set.id || onDisk !== manifest) {
      this.refuse(set.id, `${finalDir} already exists and is not a complete copy of bag ${index} of set ${set.id}`, `Check it with: evidence-vault export verify ${finalDir}; move it away, or choose another --out.`, { outDir });
    }
    const info = await fsp.readFile(path.join(finalDir, BAG_INFO), 'utf8');
    const seq = Number(/^Audit-Chain-Head-Seq: (\d+)$/m.exec(info)?.[1] ?? 0);
    const hash = /^Audit-Chain-Head-SHA256: ([0-9a-f]{64})$/m.exec(info)?.[1] ?? '';
    const bytes = members.reduce((n, r) => n + r.size, 0);
    return this.recordBag(set, index, finalDir, outDir, members.length, bytes, sha256Of(manifest), { seq, hash }, 'written', 0);
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
        finishedAt: isoInZone(this.clock.now(), this.settings.timezone),
      }),
    );
    return receipt;
  }

  /** Bytes of members already in the partial bag at the right size (counted off the space needed). */
  private async presentBytes(partial: string, members: readonly Recording[]): Promise<number> {
    let n = 0;
    for (const r of members) {
      const st = await fsp.lstat(payloadPath(partial, r)).catch(() => null);
      if (st?.isFile() && st.size === r.size) n += r.size;
    }
    return n;
  }

  /** Copy each member into data/, hashing as it copies; keep files an earlier run finished once their hash matches. */
  private async copyPayload(partial: string, staging: string, members: readonly Recording[], req: ExportRequest, progress?: Progress): Promise<number> {
    progress?.start(members.length, members.reduce((n, r) => n + r.size, 0));
    let next = 0;
    let resumed = 0;
    const lane = async () => {
      while (next < members.length) {
        if (req.signal?.aborted) throw new UserError('export interrupted', 'Run the same command again: it picks up where it stopped.');
        const r = members[next++]!;
        const dst = payloadPath(partial, r);
        const st = await fsp.lstat(dst).catch(() => null);
        if (st) {
          const kept = st.isFile() && st.size === r.size && (await this.workers.hash(dst)).sha256 === r.sha256;
          if (kept) {
            resumed++;
            progress?.advance(1, r.size);
            continue;
          }
          this.log.warn({ file: dst }, 'a copy left by an interrupted run does not match: copying it again');
          await fsp.chmod(dst, 0o644).catch(() => undefined);
          await fsp.rm(dst, { recursive: true, force: true });
        }
        const tmp = path.join(staging, String(r.id));
        await fsp.rm(tmp, { force: true });
        const got = await this.workers.copy(resolveInVault(this.settings.vaultRoot, r.vaultPath), tmp).catch((err: unknown) => {
          throw new Error(`copy ${r.vaultPath}: ${errorMessage(err)}${errorCode(err) === 'ENOSPC' ? ' (the archive disk is full)' : ''}`);
        });
        if (got.sha256 !== r.sha256 || got.size !== r.size) {
          await fsp.rm(tmp, { force: true });
          throw new UserError(
            `${r.vaultPath} in the vault no longer matches the catalogue (SHA-256 ${got.sha256}, ${got.size} bytes; catalogued ${r.sha256}, ${r.size} bytes)`,
            'Nothing of it was exported. Run evidence-vault verify and restore the original before exporting.',
          );
        }
        await fsp.mkdir(path.dirname(dst), { recursive: true });
        await fsp.rename(tmp, dst);
        await fsp.chmod(dst, 0o444);
        req.onFileCopied?.(r.vaultPath);
        progress?.advance(1, r.size);
      }
    };
    try {
      await Promise.all(Array.from({ length: this.workers.size * 2 }, lane));
    } finally {
      progress?.stop();
    }
    return resumed;
  }

  private async writeTagFiles(q: Quarter, set: ExportSet, index: number, partial: string, members: Recording[], manifest: string, bytes: number, head: { seq: number; hash: string }): Promise<void> {
    const now = this.clock.now();
    const span = quarterInstants(q, this.settings.timezone);
    const scope: BagScope = {
      setId: set.id,
      quarter: set.quarter,
      members,
      fromIso: isoInZone(span.from, this.settings.timezone),
      untilIso: isoInZone(span.until, this.settings.timezone),
    };
    const files = new Map<string, string>();
    for (const t of TABLE_EXPORTERS) {
      const rows = t.rows(scope, this.sources);
      files.set(`${TAG_TABLE_FOLDER}/${t.name}.csv`, csvText(t.columns, rows));
      files.set(`${TAG_TABLE_FOLDER}/${t.name}.json`, jsonText(rows));
    }
    const info: BagInfo = [
      ['Source-Organization', this.settings.organization],
      ['Bagging-Date', localDateIn(now, this.settings.timezone)],
      ['Payload-Oxum', payloadOxum(bytes, members.length)],
      ['Bag-Size', formatBytes(bytes)],
      ['External-Identifier', set.quarter],
      ['Bag-Group-Identifier', set.id],
      ['Internal-Sender-Identifier', bagDirName(set.id, index, set.bagCount)],
      ['Internal-Sender-Description', `现场执法记录仪影像资料 quarterly archive set ${set.id}: recordings filed ${scope.fromIso.slice(0, 10)} to ${quarterDates(q).until} (exclusive), local dates in ${this.settings.timezone}`],
      ['Audit-Chain-Head-Seq', String(head.seq)],
      ['Audit-Chain-Head-SHA256', head.hash],
    ];
    if (set.bagCount > 1) info.splice(5, 0, ['Bag-Count', bagCount(index, set.bagCount)]);
    files.set(BAGIT, BAGIT_TXT);
    files.set(BAG_INFO, bagInfoText(info));
    files.set(MANIFEST, manifest);
    const tagLines = [...files].map(([rel, text]) => ({ path: rel, sha256: sha256Of(text) }));
    files.set(TAG_MANIFEST, manifestText(tagLines));
    await fsp.mkdir(path.join(partial, TAG_TABLE_FOLDER), { recursive: true });
    // Tag files are rewritten on every attempt: they describe this bag as it is finished, not as it was begun.
    for (const [rel, text] of files) await writeDurably(path.join(partial, ...rel.split('/')), text);
  }

  /** fsync every folder of the bag: the renames into data/ are on disk before the bag is named finished. */
  private async syncTree(dir: string): Promise<void> {
    for (const e of await fsp.readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await this.syncTree(path.join(dir, e.name));
    await fsyncDir(dir);
  }
}

class Refused extends Error {
  constructor(readonly userError: UserError) {
    super(userError.message);
  }
}

function payloadPath(bagDir: string, r: Recording): string {
  return path.join(bagDir, PAYLOAD_DIR, ...r.vaultPath.split('/'));
}

function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

async function writeDurably(file: string, text: string): Promise<void> {
  const fh = await fsp.open(file, 'w', 0o644);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function describeProblems(problems: readonly BagProblem[]): string {
  return problems.map((p) => `${p.kind} ${p.path}${p.detail ? ` (${p.detail})` : ''}`).join('; ');
}
