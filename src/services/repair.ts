/**
 * `evidence-vault repair`: put damaged or missing recordings back from an identical copy in an archive
 * set, on a disc image or a mounted disc, or in the object store (`--from s3`), through the same durable steps as ingest (temp in the
 * vault's staging area → fsync → link into the catalogued path, never over a file → fsync folder →
 * read back → read-only). The sources are only read; a copy counts only when its SHA-256 and size are
 * the catalogue's. Disposed recordings (tombstones) are never brought back.
 */
import { randomUUID } from 'node:crypto';
import { errorCode, errorMessage, UserError, type Said } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import { fileProgress } from '../core/progress.js';
import { replicationMessages as rm } from '../core/i18n/replication-messages.js';
import { FolderSource, ImageSource, type RepairSource, type SourceKind } from './repair-sources.js';
import { connectStore, STORE_SOURCE, StoreSource } from './store-source.js';
import type { RepairDeps } from './repair-ports.js';
import { ASIDE_ROOT, failure, notTried, problemOf, restoreOne, unresolved, type RepairItem, type RepairOutcome, type RepairProblem, type RestoreRun } from './repair-restore.js';

export type { RepairOutcome, RepairProblem } from './repair-restore.js';

export interface RepairRequest {
  /** Recording ids; empty: every live recording that is damaged or missing. */
  ids: readonly number[];
  /** Folders or disc images to look in; empty: the archive sets and discs the catalogue knows. */
  from: readonly string[];
  /** `label` is the English; `said` the same in both languages, for a bar drawn in the run's language. */
  progressFor?: (label: string, said: Said) => Progress | undefined;
}

export interface SourceNote {
  path: string;
  kind: SourceKind | null;
  status: 'available' | 'gone' | 'unreadable' | 'refused';
  detail?: string;
  /** `detail` in both languages where it has two (not for --json). */
  detailSaid?: Said;
}

export interface RepairReport {
  checked: number;
  restored: Extract<RepairOutcome, { kind: 'restored' }>[];
  unresolved: Extract<RepairOutcome, { kind: 'unresolved' }>[];
  /** Recordings found fine (or made fine by another run meanwhile). */
  ok: Extract<RepairOutcome, { kind: 'ok' }>[];
  sources: SourceNote[];
}

export class RepairService {
  constructor(
    private readonly vaultRoot: string,
    private readonly deps: RepairDeps,
  ) {}

  async repair(req: RepairRequest): Promise<RepairReport> {
    const target = req.ids.length ? req.ids.join(' ') : 'vault';
    return this.deps.audit.act({ action: 'repair', target, details: { ids: req.ids, from: req.from } }, async () => {
      const items = this.select(req.ids, target);
      const { sources, notes } = await this.openSources(req.from, target);
      const report: RepairReport = { checked: items.length, restored: [], unresolved: [], ok: [], sources: notes };
      try {
        const damaged = await this.check(items, req.progressFor?.('repair: checking', { zh: '修复：检查中', en: 'repair: checking' }));
        const isDamaged = new Set(damaged.map((d) => d.item.id));
        if (req.ids.length) for (const item of items) if (!isDamaged.has(item.id)) report.ok.push({ kind: 'ok', id: item.id, vaultPath: item.vaultPath });
        if (damaged.length) await this.restoreAll(damaged, sources, report, req.progressFor?.('repair: restoring', { zh: '修复：恢复中', en: 'repair: restoring' }));
      } finally {
        for (const s of sources) s.close?.();
      }
      for (const s of sources) for (const u of s.unreadable) notes.push({ path: u.from, kind: s.kind, status: 'unreadable', detail: u.error });
      this.deps.audit.record({
        action: 'repair',
        target,
        outcome: report.unresolved.length ? 'failed' : 'ok',
        details: {
          checked: report.checked,
          restored: report.restored.map((r) => r.id),
          unresolved: report.unresolved.map((r) => r.id),
          fine: report.checked - report.restored.length - report.unresolved.length,
          sources: notes,
        },
      });
      return report;
    });
  }

  /** The recordings asked for: all live ones, or the ids given (unknown or disposed ids are refused before anything is done). */
  private select(ids: readonly number[], target: string): RepairItem[] {
    const slim = (r: RepairItem): RepairItem => ({ id: r.id, vaultPath: r.vaultPath, sha256: r.sha256, size: r.size });
    if (!ids.length) return this.deps.recordings.list({ live: true }).map(slim);
    const all = new Map(this.deps.recordings.list({ ids }).map((r) => [r.id, r]));
    const live = new Set(this.deps.recordings.list({ ids, live: true }).map((r) => r.id));
    const unknown = ids.filter((id) => !all.has(id));
    if (unknown.length) {
      this.deps.audit.refuse(
        { action: 'repair', target, details: { unknown } },
        { zh: `目录中没有影像 ${unknown.join('、')}`, en: `no recording ${unknown.join(', ')} in the catalogue` },
        { zh: '影像编号见：evidence-vault recordings list（或 verify 的输出）。', en: 'Recording ids are the numbers shown by: evidence-vault recordings list (or by verify).' },
      );
    }
    const disposed = ids.filter((id) => !live.has(id));
    if (disposed.length) {
      this.deps.audit.refuse(
        { action: 'repair', target, details: { disposed } },
        { zh: `影像 ${disposed.join('、')} 已依法销毁：以其销毁记录为准，不予恢复`, en: `recording ${disposed.join(', ')} was lawfully disposed: its tombstone stands for it and it is never restored` },
        { zh: '查看：evidence-vault retention show ID。请从编号中去掉它。', en: 'See: evidence-vault retention show ID. Leave it out of the ids.' },
      );
    }
    return [...new Set(ids)].map((id) => slim(all.get(id)!));
  }

  /** --from paths (refused when not there, not readable or the vault's own), else the known places that are still there. */
  private async openSources(from: readonly string[], target: string): Promise<{ sources: RepairSource[]; notes: SourceNote[] }> {
    const sources: RepairSource[] = [];
    const notes: SourceNote[] = [];
    const seen = new Set<string>();
    const refuse = (p: string, message: Said, hint: Said, exitCode?: number): never =>
      this.deps.audit.refuse({ action: 'repair', target, details: { from: p, reason: message.en } }, message, hint, exitCode);
    const named = from.length > 0;
    const candidates = named ? from.map((p) => ({ p, expect: null })) : [
      ...this.deps.known.bagFolders().map((p) => ({ p, expect: 'folder' as const })),
      ...this.deps.known.discImages().map((p) => ({ p, expect: 'image' as const })),
    ];
    for (const { p, expect } of candidates) {
      if (named && p === STORE_SOURCE) {
        if (sources.some((s) => s.kind === 'store')) continue;
        const store = await this.openStore(target);
        sources.push(store);
        notes.push({ path: store.path, kind: 'store', status: 'available' });
        continue;
      }
      const place = this.deps.sourcePlace(p);
      if (!place.ok) {
        if (named) refuse(
            p,
            { zh: `拒绝：--from ${p} ${place.problemSaid.zh}；修复只从音像资料库以外的副本读取`, en: `refused: --from ${p} ${place.problem}; repair only reads from copies outside the vault` },
            { zh: '请给出归档集文件夹、光盘映像或已挂载的光盘。本次尝试已记录。', en: 'Give an archive-set folder, a disc image or a mounted disc. The attempt is recorded.' },
            77,
          );
        notes.push({ path: p, kind: expect, status: 'refused', detail: place.problem, detailSaid: place.problemSaid });
        continue;
      }
      const real = place.real;
      if (seen.has(real)) continue;
      seen.add(real);
      const kind = await this.deps.files.sourceKind(real);
      const isImage = kind === 'file' || kind === 'device';
      if (!kind || (expect === 'folder' && kind !== 'folder') || (expect === 'image' && !isImage)) {
        if (named) refuse(p, { zh: `--from ${p}：路径不存在`, en: `--from ${p}: nothing there` }, { zh: '请核对路径；先挂载归档磁盘或放入光盘。', en: 'Check the path; mount the archive disk or insert the disc first.' });
        notes.push({ path: real, kind: expect, status: 'gone' });
        continue;
      }
      if (kind === 'other') refuse(
          p,
          { zh: `--from ${p} 不是文件夹或光盘映像`, en: `--from ${p} is neither a folder nor a disc image` },
          { zh: '请给出归档集文件夹、光盘映像（.iso）或光盘的挂载位置。', en: 'Give an archive-set folder, a disc image (.iso) or where a disc is mounted.' },
        );
      const source = kind === 'folder'
        ? new FolderSource(real, this.deps.workers, this.deps.files, this.deps.log)
        : new ImageSource(real, this.deps.images, this.deps.workers, this.deps.files, this.deps.log);
      try {
        // A source named by a person is read now, so a wrong one is refused before anything changes.
        if (named) await source.open();
      } catch (err) {
        refuse(
          p,
          { zh: `无法作为${kind === 'folder' ? '文件夹' : '光盘映像'}读取 --from ${p}：${err instanceof UserError ? err.said.zh : (errorCode(err) ?? errorMessage(err))}`, en: `--from ${p} cannot be read as ${kind === 'folder' ? 'a folder' : 'a disc image'}: ${errorMessage(err)}` },
          { zh: '请核对路径以及本账户是否可读；光盘映像须是 disc build 写出的 ISO。', en: 'Check the path and that this account may read it; a disc image must be an ISO written by disc build.' },
        );
      }
      sources.push(source);
      notes.push({ path: real, kind: source.kind, status: 'available' });
    }
    return { sources, notes };
  }

  /** The object store named by `--from s3`: refused when none is configured; a store that does not answer stops the run before anything changes. */
  private async openStore(target: string): Promise<StoreSource> {
    const copies = this.deps.store;
    if (!copies) return this.deps.audit.refuse({ action: 'repair', target, details: { from: STORE_SOURCE } }, rm.notConfigured, rm.notConfiguredHint);
    return new StoreSource(copies, await connectStore(copies), this.deps.log);
  }

  /** Hash every recording asked for, two per worker at a time; what differs from the catalogue is damaged. */
  private async check(items: readonly RepairItem[], progress?: Progress): Promise<{ item: RepairItem; problem: RepairProblem }[]> {
    const damaged: { item: RepairItem; problem: RepairProblem }[] = [];
    progress?.start(items.length, items.reduce((n, i) => n + i.size, 0));
    let next = 0;
    const lane = async () => {
      while (next < items.length) {
        const item = items[next++]!;
        const fp = fileProgress(progress, item.size);
        const problem = await problemOf(this.deps, this.vaultRoot, item, fp.onBytes);
        if (problem) damaged.push({ item, problem });
        fp.done();
      }
    };
    try {
      await Promise.all(Array.from({ length: this.deps.workers.size * 2 }, lane));
    } finally {
      progress?.stop();
    }
    return damaged.sort((a, b) => a.item.id - b.item.id);
  }

  private async restoreAll(damaged: { item: RepairItem; problem: RepairProblem }[], sources: RepairSource[], report: RepairReport, progress?: Progress): Promise<void> {
    const staging = this.deps.staging();
    const stamp = this.deps.clock.nowIso().slice(0, 19).replace(/[-:]/g, '');
    const run: RestoreRun = {
      vaultRoot: this.vaultRoot,
      sources,
      staging,
      asideFolder: `${ASIDE_ROOT}/${stamp}-${randomUUID().slice(0, 8)}`,
      vaultPathNow: (id: number) => this.deps.recordings.list({ ids: [id], live: true })[0]?.vaultPath ?? null,
    };
    progress?.start(damaged.length, damaged.reduce((n, d) => n + d.item.size, 0));
    try {
      staging.open();
    } catch (err) {
      failure(run, err); // a full vault stops the run here; anything else is a fault of this PC
      if (!run.stopped) throw err;
    }
    try {
      // One at a time: each holds its recording's lock, and a source read twice at once gains nothing.
      for (const { item, problem } of damaged) {
        const outcome = run.stopped ? unresolved(this.deps, run, item, problem, notTried(run.stopped), null) : await restoreOne(this.deps, run, item, problem);
        if (outcome.kind === 'restored') report.restored.push(outcome);
        else if (outcome.kind === 'unresolved') report.unresolved.push(outcome);
        else report.ok.push(outcome);
        progress?.advance(1, item.size);
      }
    } finally {
      progress?.stop();
      staging.close();
    }
  }
}
