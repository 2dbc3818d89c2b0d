/**
 * Writing a report's files (the R15 inspection, a chain of custody) to `--out`, the one way: the
 * folder checked (never the vault's own, on an installed PC nowhere a person could swap), an earlier
 * report never overwritten, every file whole and on disk under a hidden temporary name before any
 * gets its final name, a dead run's temporary names cleared, a full `--out` disk keeping nothing and
 * saying which disk (exit 74, recorded as a failure). Refusals are on the record.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EXIT_DISK_FULL, isDiskFull } from '../core/disk-full.js';
import { markRecorded, UserError } from '../core/errors.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';

export interface ReportOutputDeps {
  audit: AuditTrail;
  publisher: OutputPublisher;
  outputsFor(role: string | null): OutputFiles;
  protectedPaths: ProtectedPaths;
}

export interface ReportPlace {
  /** `--out` resolved once. */
  dir: string;
  /** The final names, one per extension, in order. */
  finals: string[];
}

/** Where the report goes: `--out` checked and none of `base.EXT` there yet. */
/** `flag`: how the person named the place (`--out` unless a command has its own), for the messages. */
export async function reportPlace(d: ReportOutputDeps, outDir: string, base: string, exts: readonly string[], input: AuditInput, flag = '--out'): Promise<ReportPlace> {
  const place = d.protectedPaths.output(outDir);
  if (!place.ok) return d.audit.refuse(
      input,
      { zh: `输出位置不安全：${flag} ${outDir} ${place.problemSaid.zh}`, en: `${flag} ${outDir} ${place.problem}` },
      { zh: '报告应写在只有服务账户可写的位置（见 README）。本次尝试已记录。', en: 'Write the report where only the service account can write (see README). The attempt is recorded.' },
      77,
    );
  const dir = place.real;
  const kind = await d.publisher.kind(dir);
  if (kind !== null && kind !== 'folder') d.audit.refuse(
      input,
      { zh: `${flag} ${outDir} 是${kind === 'file' ? '文件' : '特殊文件'}，不是文件夹`, en: `${flag} ${outDir} is a ${kind === 'file' ? 'file' : 'special file'}, not a folder` },
      { zh: '请给出一个文件夹（不存在时会创建）。', en: 'Give a folder (it is made if it is not there).' },
    );
  const finals = exts.map((ext) => path.join(dir, `${base}.${ext}`));
  const taken = (await Promise.all(finals.map(async (f) => ((await d.publisher.taken(f)) ? f : null)))).filter((f): f is string => f !== null);
  if (taken.length) {
    d.audit.refuse(
      input,
      { zh: `${taken.join('、')} 已存在：已有同名报告，不会覆盖`, en: `${taken.join(', ')} already there: an earlier report is never overwritten` },
      { zh: `请将其移开（例如 mv ${taken[0]} ${taken[0]}.old）或另选 ${flag}。`, en: `Move it away (e.g. mv ${taken[0]} ${taken[0]}.old) or choose another ${flag}.` },
    );
  }
  return { dir, finals };
}

/**
 * Write the files under hidden temporary names (`write` gets them, in the order of `finals`), then
 * give each its final name. `hidden(final, tag)` names a temporary file; `leftover` recognises one a
 * dead run left (its first group is that run's pid).
 */
export async function publishReport(
  d: ReportOutputDeps,
  p: ReportPlace & { outDir: string; input: AuditInput; hidden: (final: string, tag: string) => string; leftover: RegExp; what: string; flag?: string },
  write: (temps: readonly string[], outputs: OutputFiles) => Promise<void>,
): Promise<void> {
  const { publisher } = d;
  const outputs = d.outputsFor(d.audit.who.role);
  const tag = `${publisher.pid}-${randomUUID().slice(0, 8)}`;
  const temps = p.finals.map((f) => p.hidden(f, tag));
  const published: string[] = [];
  try {
    await outputs.mkdirp(p.dir);
    // A run killed mid-write left only hidden temporary names (never a finished-looking report): clear them.
    for (const name of await publisher.names(p.dir)) {
      const pid = p.leftover.exec(name)?.[1];
      if (pid && Number(pid) !== publisher.pid && !publisher.processAlive(Number(pid))) await outputs.remove(path.join(p.dir, name));
    }
    await write(temps, outputs);
    for (const [i, temp] of temps.entries()) {
      if (!(await publisher.publishFile(temp, p.finals[i]!))) throw new UserError(
          { zh: `写报告期间出现了 ${p.finals[i]}：报告文件已被占用`, en: `${p.finals[i]} appeared while the report was written` },
          { zh: `同一时刻另有一份同样的报告（${p.what}）写入；请查看它，或另选 --out。`, en: `Another report of the same ${p.what} was written at the same moment; look at it, or choose another --out.` },
        );
      published.push(p.finals[i]!);
    }
  } catch (err) {
    for (const f of [...temps, ...published]) await outputs.remove(f).catch(() => undefined);
    // The --out disk, not the vault's: say which, so nobody goes freeing space on the wrong one.
    if (!isDiskFull(err)) throw err;
    const flag = p.flag ?? '--out';
    const full = new UserError(
      { zh: `${flag} ${p.outDir}：输出位置磁盘已满，未保留任何报告文件`, en: `${flag} ${p.outDir}: its disk is full; no report file was kept` },
      { zh: `请在该处腾出空间（df -h ${p.dir}）或另选 ${flag}，再运行同一命令`, en: `free space there (df -h ${p.dir}) or choose another ${flag}, then run the same command again` },
      EXIT_DISK_FULL,
    );
    // A failure, not a refusal: recorded as one (if the catalogue's own disk can take it; else the guard tries).
    try {
      d.audit.record({ ...p.input, outcome: 'failed', details: { ...p.input.details, error: full.message } });
      markRecorded(full);
    } catch {
      /* recorded by the guard around the act, or said to the person as it is */
    }
    throw full;
  }
}
