import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { HOLD_REASONS } from '../../core/retention-policy.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { Hiding, HIDDEN_CELL, levelCell } from './classified-rows.js';

/** Placing a hold only protects, so several roles may; releasing one is the approver's alone. */
export const HOLD_ACCESS = {
  add: accessFor('hold.add'),
  list: accessFor('hold.list'),
  release: accessFor('hold.release'),
} as const satisfies Record<string, Access>;

const recordingId = (text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`"${text}" is not a recording id`);
  return n;
};

export function addHoldCommands(program: Command): void {
  const holds = program.command('hold').description('keep recordings for good (R12(3) complaint, reconsideration, litigation …; R6 categories)');

  holds
    .command('add')
    .description('hold one recording, or every recording of a case (including ones linked later)')
    .option('--case <number>', 'case number')
    .option('--recording <id>', 'recording id')
    .requiredOption('--reason <reason>', HOLD_REASONS.join(', '))
    .option('--note <text>', 'why (required for "other")')
    .addHelpText('after', '\nExample:\n  evidence-vault hold add --case 鞍自然执〔2026〕17号 --reason complaint --note "信访投诉 2026-06-02"')
    .action(async (opts: { case?: string; recording?: string; reason: string; note?: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.add, (vault, { out }) => {
        const h = vault.holds.add({ caseNumber: opts.case, recordingId: opts.recording === undefined ? undefined : recordingId(opts.recording), reason: opts.reason, note: opts.note });
        out.result(h, () => `Hold #${h.id} (${h.reason}) placed on ${opts.case ? `case ${opts.case}` : `recording ${opts.recording}`}.`);
      });
    });

  holds
    .command('list')
    .description('list holds (active ones unless --all)')
    .option('--case <number>', 'only this case')
    .option('--recording <id>', 'only holds placed on this recording')
    .option('--all', 'include released holds')
    .addHelpText('after', '\nExample:\n  evidence-vault hold list --case 鞍自然执〔2026〕17号')
    .action(async (opts: { case?: string; recording?: string; all?: boolean }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.list, (vault, { out }) => {
        const all = vault.holds.list({ active: !opts.all, caseNumber: opts.case, recordingId: opts.recording === undefined ? undefined : recordingId(opts.recording) });
        // R14: a hold on footage above the operator's clearance keeps its id, what it is on, level and date.
        const hiding = new Hiding(vault.classification.sight());
        const shown = all.map((h) => {
          const { level, hidden } = h.caseId !== null ? hiding.case(h.caseId) : hiding.recording(h.recordingId!);
          return hidden ? { ...hiding.row(h.id, level, h.placedAt.slice(0, 10)), caseId: h.caseId, recordingId: h.recordingId } : h;
        });
        if (out.json) hiding.tellStderr();
        out.result(out.json ? shown : null, () =>
          shown.length
            ? table(
                ['ID', 'ON', 'REASON', 'PLACED', 'BY', 'RELEASE', 'NOTE'],
                shown.map((h) => 'hidden' in h ? [h.id, h.caseId !== null ? `case #${h.caseId}` : `recording ${h.recordingId}`, HIDDEN_CELL, h.date ?? '', '', '', levelCell(h.level)] : [
                  h.id,
                  h.caseId !== null ? `case #${h.caseId}` : `recording ${h.recordingId}`,
                  h.reason,
                  h.placedAt,
                  h.placedBy,
                  h.releasedAt ? `released ${h.releasedAt}` : h.release ? `pending (signed by ${h.release.firstBy})` : '',
                  h.note ?? '',
                ]),
              ) + hiding.line()
            : 'No holds.',
        );
      });
    });

  holds
    .command('release')
    .description('release a hold (approver only); an R6 or litigation hold needs a second, different approver to run this too')
    .argument('<holdId>', 'hold id (from hold list)')
    .requiredOption('--reason <text>', 'why it may be released')
    .addHelpText('after', '\nExample:\n  evidence-vault hold release 7 --reason "复议决定维持，诉讼期届满"\n\nFor R6 and litigation holds the first approver signs a pending release; a second approver runs the same command to confirm it.')
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.release, (vault, { out }) => {
        const id = Number(idText);
        if (!Number.isInteger(id)) throw new UserError(`"${idText}" is not a hold id`, 'See: evidence-vault hold list');
        const r = vault.holds.release(id, opts.reason);
        out.result(r, () =>
          r.state === 'released'
            ? `Hold #${id} released (signed by ${[r.signatures.firstBy, r.signatures.secondBy].filter(Boolean).join(' and ')}).`
            : `Release of hold #${id} signed by ${r.signatures.firstBy}; it needs a second approver to run: evidence-vault hold release ${id} --reason "…"`,
        );
      });
    });
}
