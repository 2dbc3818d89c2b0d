/**
 * What an archive set's bag holds on the archive disk: the payload copied and hashed in one pass, the
 * tag files and manifests. Every file and folder goes through OutputFiles: no world bits, the group
 * of the role the export was done in; exported originals are sealed 0440.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { BAG_INFO, BAGIT, BAGIT_TXT, bagCount, bagDirName, bagInfoText, MANIFEST, manifestText, PAYLOAD_DIR, payloadOxum, TAG_MANIFEST, type BagInfo } from '../core/bagit.js';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import type { Lang } from '../core/i18n/messages.js';
import { quarterDates, quarterInstants, type Quarter } from '../core/quarter.js';
import { csvText, jsonText } from '../core/tag-table.js';
import type { Recording } from '../core/types.js';
import { resolveInVault } from '../core/vault-layout.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ExportSet } from '../adapters/catalog/export-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import type { OutputFiles } from '../adapters/output-files.js';
import { formatBytes, type Progress } from '../core/progress.js';
import { TABLE_EXPORTERS, TAG_TABLE_FOLDER, type BagScope, type TableSources } from './export-tables.js';

export interface BagFileSettings {
  vaultRoot: string;
  organization: string;
  /** The vault's language: the notes a person reads in bag-info.txt. Chinese unless configured. */
  language?: Lang;
}

export interface CopyOptions {
  signal?: AbortSignal;
  onFileCopied?: (vaultPath: string) => void;
}

export class BagFiles {
  constructor(
    private readonly settings: BagFileSettings,
    private readonly sources: TableSources,
    private readonly workers: FileWorkers,
    private readonly files: OutputFiles,
    private readonly clock: UnitClock,
    private readonly log: Logger,
  ) {}

  mkdirp(dir: string): Promise<string> {
    return this.files.mkdirp(dir);
  }

  /** Bytes of members already in the partial bag at the right size (counted off the space needed). */
  async presentBytes(partial: string, members: readonly Recording[]): Promise<number> {
    let n = 0;
    for (const r of members) {
      const st = await this.files.statNoFollow(payloadPath(partial, r));
      if (st?.isFile() && st.size === r.size) n += r.size;
    }
    return n;
  }

  /** Copy each member into data/, hashing as it copies; keep files an earlier run finished once their hash matches. */
  async copyPayload(partial: string, staging: string, members: readonly Recording[], opts: CopyOptions, progress?: Progress): Promise<number> {
    progress?.start(members.length, members.reduce((n, r) => n + r.size, 0));
    let next = 0;
    let resumed = 0;
    const lane = async () => {
      while (next < members.length) {
        if (opts.signal?.aborted) throw new UserError({ zh: '归档已中断', en: 'export interrupted' }, { zh: '请再次运行同一命令：它会从中断处继续。', en: 'Run the same command again: it picks up where it stopped.' });
        const r = members[next++]!;
        const dst = payloadPath(partial, r);
        const st = await this.files.statNoFollow(dst);
        if (st) {
          const kept = st.isFile() && st.size === r.size && (await this.workers.hash(dst)).sha256 === r.sha256;
          if (kept) {
            await this.files.adopt(dst, { sealed: true }); // a run before outputs had their group: seal it as this one would
            resumed++;
            progress?.advance(1, r.size);
            continue;
          }
          this.log.warn({ file: dst }, 'a copy left by an interrupted run does not match: copying it again');
          await this.files.remove(dst); // a link is removed, never followed

        }
        // The copy worker creates the temp file 0600; sealed 0440 with the group before it gets its name in data/.
        const tmp = path.join(staging, String(r.id));
        await this.files.remove(tmp);
        const got = await this.workers.copy(resolveInVault(this.settings.vaultRoot, r.vaultPath), tmp, undefined, { check: false }).catch((err: unknown) => {
          throw copyFailed(r.vaultPath, err);
        });
        if (got.sha256 !== r.sha256 || got.size !== r.size) {
          await this.files.remove(tmp);
          throw new UserError(
            {
              zh: `音像资料库中的 ${r.vaultPath} 与目录不再相符（SHA-256 ${got.sha256}，${got.size} 字节；目录记载 ${r.sha256}，${r.size} 字节）`,
              en: `${r.vaultPath} in the vault no longer matches the catalogue (SHA-256 ${got.sha256}, ${got.size} bytes; catalogued ${r.sha256}, ${r.size} bytes)`,
            },
            {
              zh: '该文件未导出。请运行 evidence-vault verify 并恢复原始文件后再归档。',
              en: 'Nothing of it was exported. Run evidence-vault verify and restore the original before exporting.',
            },
          );
        }
        await this.files.adopt(tmp, { sealed: true });
        await this.files.mkdirp(path.dirname(dst));
        await this.files.rename(tmp, dst);
        opts.onFileCopied?.(r.vaultPath);
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

  async writeTagFiles(q: Quarter, set: ExportSet, index: number, partial: string, members: Recording[], manifest: string, bytes: number, head: { seq: number; hash: string }): Promise<void> {
    const now = this.clock.now();
    const span = quarterInstants(q, this.clock.zone);
    const scope: BagScope = {
      setId: set.id,
      quarter: set.quarter,
      members,
      fromIso: this.clock.iso(span.from),
      untilIso: this.clock.iso(span.until),
    };
    const files = new Map<string, string>();
    for (const t of TABLE_EXPORTERS) {
      const rows = t.rows(scope, this.sources);
      files.set(`${TAG_TABLE_FOLDER}/${t.name}.csv`, csvText(t.columns, rows));
      files.set(`${TAG_TABLE_FOLDER}/${t.name}.json`, jsonText(rows));
    }
    const info: BagInfo = [
      ['Source-Organization', this.settings.organization],
      ['Bagging-Date', this.clock.localDate(now)],
      ['Payload-Oxum', payloadOxum(bytes, members.length)],
      ['Bag-Size', formatBytes(bytes)],
      ['External-Identifier', set.quarter],
      ['Bag-Group-Identifier', set.id],
      ['Internal-Sender-Identifier', bagDirName(set.id, index, set.bagCount)],
      ['Internal-Sender-Description', setDescription(this.settings.language ?? 'zh', set.id, scope.fromIso.slice(0, 10), quarterDates(q).until, this.clock.zone)],
      ...archiveSetStatus(set, quarterDates(q).until, this.clock.localDate(now), this.settings.language ?? 'zh'),
      ['Audit-Chain-Head-Seq', String(head.seq)],
      ['Audit-Chain-Head-SHA256', head.hash],
    ];
    if (set.bagCount > 1) info.splice(5, 0, ['Bag-Count', bagCount(index, set.bagCount)]);
    files.set(BAGIT, BAGIT_TXT);
    files.set(BAG_INFO, bagInfoText(info));
    files.set(MANIFEST, manifest);
    const tagLines = [...files].map(([rel, text]) => ({ path: rel, sha256: sha256Of(text) }));
    files.set(TAG_MANIFEST, manifestText(tagLines));
    await this.files.mkdirp(path.join(partial, TAG_TABLE_FOLDER));
    // Tag files are rewritten on every attempt: they describe this bag as it is finished, not as it was begun.
    for (const [rel, text] of files) await this.files.writeFile(path.join(partial, ...rel.split('/')), text, { durable: true });
  }

  /** fsync every folder of the bag: the renames into data/ are on disk before the bag is named finished. */
  async syncTree(dir: string): Promise<void> {
    for (const sub of await this.files.subfolders(dir)) await this.syncTree(path.join(dir, sub));
    await this.files.syncDir(dir);
  }

  /** Remove a folder of the bag (the copying area), whatever is in it. */
  async remove(dir: string): Promise<void> {
    await this.files.remove(dir);
  }

  /** Give the finished bag its final name. */
  async rename(from: string, to: string): Promise<void> {
    await this.files.rename(from, to);
  }

  /** A text file of a bag, never through a link; null when it is not there. */
  async readText(file: string): Promise<string | null> {
    return this.files.readText(file);
  }

  /** Whether something is at a path (a link counts). */
  async exists(p: string): Promise<boolean> {
    return (await this.files.statNoFollow(p)) !== null;
  }

  /** fsync the set's folder once a bag is renamed into it. */
  async syncOut(dir: string): Promise<void> {
    await this.files.syncDir(dir);
  }
}

/**
 * Whether the set is the quarter's final one or a provisional one made before the quarter ended, in
 * words an archivist reads without this tool: a provisional set does not fulfil the quarterly duty.
 */
/** The set's description in bag-info.txt, in the vault's language: a set holds recordings by the date they were made, not stored. */
export function setDescription(lang: Lang, setId: string, from: string, until: string, zone: string): string {
  return lang === 'zh'
    ? `现场执法记录仪影像资料季度归档集 ${setId}：摄录于 ${from} 至 ${until}（不含）的影像，按 ${zone} 当地日期`
    : `Body-worn recorder footage, quarterly archive set ${setId}: recordings made ${from} to ${until} (exclusive), by local date in ${zone}`;
}

/** Whether the set is the quarter's final one, and for a provisional set what must follow, in the vault's language. */
export function archiveSetStatus(set: Pick<ExportSet, 'quarter' | 'provisional'>, quarterEnd: string, madeOn: string, lang: Lang = 'zh'): BagInfo {
  const zh = lang === 'zh';
  if (!set.provisional) return [['Archive-Set-Status', zh ? '正式归档' : 'final']];
  return [
    ['Archive-Set-Status', zh ? '临时归档' : 'provisional'],
    [
      'Archive-Set-Note',
      zh
        ? `临时归档集：本季度（${set.quarter}）尚未结束时于 ${madeOn} 制作，不能代替季度归档；${quarterEnd} 起须再做正式归档。`
        : `Provisional set made on ${madeOn}, before quarter ${set.quarter} ended: it does not replace the quarter's archive set; a final export must follow from ${quarterEnd}.`,
    ],
  ];
}

function payloadPath(bagDir: string, r: Recording): string {
  return path.join(bagDir, PAYLOAD_DIR, ...r.vaultPath.split('/'));
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A recording that could not be copied into the set: the vault's copy gone, damaged or not a file
 * (verify names it, repair restores it), or the archive disk failing or full. Said as such, not as
 * an unexpected error: the run stops there and resumes where it stopped when run again.
 */
function copyFailed(vaultPath: string, err: unknown): UserError {
  const reason = errorMessage(err);
  if (errorCode(err) === 'ENOSPC') {
    return new UserError({ zh: `复制 ${vaultPath} 时归档盘已满：${reason}`, en: `the archive disk is full copying ${vaultPath}: ${reason}` }, { zh: '请换用更大的归档盘或腾出空间后重新运行（已复制的文件不会重复复制）。', en: 'Use a larger archive disk or free some space, then run it again (files already copied are kept).' });
  }
  return new UserError(
    { zh: `无法将 ${vaultPath} 复制进归档集：${reason}`, en: `could not copy ${vaultPath} into the set: ${reason}` },
    {
      zh: '若音像资料库中的该文件已丢失或损坏，evidence-vault verify 会列出它，evidence-vault repair 可从光盘或归档集恢复；否则请检查归档盘。之后重新运行（已复制的文件不会重复复制）。',
      en: 'If the vault\'s copy is gone or damaged, evidence-vault verify names it and evidence-vault repair restores it from a disc or an archive set; otherwise check the archive disk. Then run it again (files already copied are kept).',
    },
  );
}
