import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { RepairReport } from '../../services/repair.js';
import { createProgress } from '../progress-bar.js';
import { withVault } from '../context.js';

/** Exit status when a recording asked for stays damaged or missing. */
export const EXIT_UNRESOLVED = 1;

const collect = (v: string, prev: string[] = []) => [...prev, v];

function recordingIds(texts: readonly string[]): number[] {
  return texts.map((t) => {
    const id = Number(t);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UserError(`"${t}" is not a recording id / 不是录像编号`, 'Recording ids are the numbers verify and recordings list show.');
    return id;
  });
}

export function addRepairCommands(program: Command): void {
  program
    .command('repair')
    .description('put damaged or missing recordings back from an identical copy (SHA-256) in an archive set, a disc image or a mounted disc / 从归档或光盘恢复受损录像')
    .argument('[id...]', 'recording ids (default: every recording that is damaged or missing)')
    .option('--from <path>', 'an archive-set folder, a disc image (.iso) or a mounted disc; repeatable (default: the archive sets and disc images the catalogue knows, where they were written or last verified)', collect)
    .addHelpText(
      'after',
      `
Examples:
  evidence-vault repair 12 13 --from /media/archive/2026Q3
  evidence-vault repair --from /tmp/case17/GP2026-0001.iso --from /media/cdrom
  evidence-vault repair                     # everything damaged, from the known archive sets and discs

Without ids every recording is re-hashed first, as verify does, to find what is damaged or missing.
A copy is taken only when its SHA-256 and size are the catalogue's, whatever its name. It goes in
through the same steps as ingest (temp file, fsync, link, read back, read-only); a damaged file is
moved aside to .repair/damaged/ in the vault, never deleted. Sources are only read. Disposed
recordings are never restored. Custodians and administrators may repair; every restore and every
recording left unrestored is in the audit trail (audit log --action repair).
Exit status ${EXIT_UNRESOLVED} when a recording stays damaged or missing (no identical copy found).`,
    )
    .action(async (ids: string[], opts: { from?: string[] }, cmd: Command) => {
      await withVault(
        cmd,
        accessFor('repair'),
        async (vault, { out }) => {
          const report = await vault.repair.repair({
            ids: recordingIds(ids),
            from: opts.from ?? [],
            progressFor: (label) => createProgress(label, !out.json),
          });
          out.result(toJson(report), () => describe(report, ids.length > 0));
          if (report.unresolved.length) process.exitCode = EXIT_UNRESOLVED;
        },
        { badInputIs: 'refused' },
      );
    });
}

function toJson(r: RepairReport) {
  return {
    restored: r.restored.map((x) => ({ id: x.id, vaultPath: x.vaultPath, from: x.from, problem: x.problem, damagedCopy: x.asideAs })),
    unresolved: r.unresolved.map((x) => ({ id: x.id, vaultPath: x.vaultPath, problem: x.problem, reason: x.reason, damagedCopy: x.asideAs })),
    ok: r.ok.map((x) => ({ id: x.id, vaultPath: x.vaultPath, ...(x.note ? { note: x.note } : {}) })),
    checked: r.checked,
    sources: r.sources,
  };
}

function describe(r: RepairReport, listFine: boolean): string {
  const lines = [
    `Repair / 修复: checked ${r.checked}, restored ${r.restored.length} 已恢复, unresolved ${r.unresolved.length} 未解决, fine ${r.checked - r.restored.length - r.unresolved.length} 完好`,
  ];
  for (const x of r.restored) {
    lines.push(`  ✓ #${x.id} ${x.vaultPath}: restored / 已恢复 (${x.problem}) from ${x.from}`);
    if (x.asideAs) lines.push(`      damaged copy kept / 受损副本保存在: ${x.asideAs}`);
  }
  for (const x of r.unresolved) {
    lines.push(`  ✗ #${x.id} ${x.vaultPath}: NOT restored / 未恢复 (${x.problem}): ${x.reason}`);
    if (x.asideAs) lines.push(`      damaged copy kept / 受损副本保存在: ${x.asideAs}`);
  }
  for (const x of r.ok) if (listFine || x.note) lines.push(`  = #${x.id} ${x.vaultPath}: fine / 完好${x.note ? ` (${x.note})` : ''}`);
  if (r.sources.length) {
    lines.push('Sources / 来源:');
    for (const s of r.sources) lines.push(`  ${s.status.padEnd(10)} ${s.path}${s.kind ? ` (${s.kind === 'image' ? 'disc image' : 'folder'})` : ''}${s.detail ? `: ${s.detail}` : ''}`);
  } else if (r.restored.length + r.unresolved.length) {
    lines.push('Sources / 来源: none known here (no archive set or disc image of this vault is where it was written)');
  }
  if (r.unresolved.length) {
    const ids = r.unresolved.map((x) => x.id).join(' ');
    lines.push(`Not restored: find a copy (an archive-set disk, an evidence disc) and run / 请提供副本后运行: evidence-vault repair ${ids} --from PATH`);
  }
  return lines.join('\n');
}
