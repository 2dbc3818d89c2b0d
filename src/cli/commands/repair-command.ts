import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { RepairReport } from '../../services/repair.js';
import { createProgress } from '../progress-bar.js';
import { withVault } from '../context.js';
import { said } from '../../core/i18n/said.js';
import { t, tell } from '../language.js';
import { padded } from '../output.js';
import { repairWords as w } from '../../core/i18n/repair-messages.js';
import { repairMessages as m } from '../messages/repair.js';

/** Exit status when a recording asked for stays damaged or missing. */
export const EXIT_UNRESOLVED = 1;

const collect = (v: string, prev: string[] = []) => [...prev, v];

function recordingIds(texts: readonly string[]): number[] {
  return texts.map((text) => {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id <= 0) throw new UserError(said(m.notARecordingId, { value: text }), m.idsHint);
    return id;
  });
}

export function addRepairCommands(program: Command): void {
  program
    .command('repair')
    .description(t(m.repair))
    .argument('[id...]', t(m.idsArg))
    .option('--from <path>', t(m.from), collect)
    .addHelpText(
      'after',
      `
${t(m.examples)}
  evidence-vault repair 12 13 --from /media/archive/2026Q3
  evidence-vault repair --from /tmp/case17/GP2026-0001.iso --from /media/cdrom
  evidence-vault repair                     ${t(m.everythingNote)}
  evidence-vault repair --from s3           ${t(m.storeNote)}

${t(m.notes, { code: EXIT_UNRESOLVED })}
${t(m.storeNotes)}`,
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
    sources: r.sources.map(({ detailSaid: _words, ...s }) => s),
  };
}

function describe(r: RepairReport, listFine: boolean): string {
  const lines = [t(m.head, { checked: r.checked, restored: r.restored.length, unresolved: r.unresolved.length, fine: r.checked - r.restored.length - r.unresolved.length })];
  for (const x of r.restored) {
    lines.push(t(m.restored, { id: x.id, path: x.vaultPath, problem: x.problem, from: x.from }));
    if (x.asideAs) lines.push(t(m.damagedKept, { path: x.asideAs }));
  }
  for (const x of r.unresolved) {
    lines.push(t(m.unresolved, { id: x.id, path: x.vaultPath, problem: x.problem, reason: tell(x.reasonSaid) }));
    if (x.asideAs) lines.push(t(m.damagedKept, { path: x.asideAs }));
  }
  for (const x of r.ok) if (listFine || x.note) lines.push(t(m.fine, { id: x.id, path: x.vaultPath, what: x.noteSaid ? tell(x.noteSaid) : (x.note ?? null) }));
  if (r.sources.length) {
    lines.push(t(m.sources));
    for (const s of r.sources) {
      const kind = s.kind ? t(m.sourceKind, { kind: t(s.kind === 'image' ? m.discImage : s.kind === 'store' ? m.objectStore : m.folder) }) : '';
      const detail = s.detailSaid ? tell(s.detailSaid) : s.detail;
      lines.push(`  ${padded(t(w[s.status]), 10)} ${s.path}${kind}${detail ? `${t(m.colon)}${detail}` : ''}`);
    }
  } else if (r.restored.length + r.unresolved.length) {
    lines.push(t(m.noSources));
  }
  if (r.unresolved.length) lines.push(t(m.findACopy, { list: r.unresolved.map((x) => x.id).join(' ') }));
  return lines.join('\n');
}
