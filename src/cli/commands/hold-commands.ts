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
  correct: accessFor('hold.correct'),
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
    .option('--permanent', 'keep it for good (for "other"; complaint, reconsideration, litigation and R6 holds are permanent anyway): never released')
    .addHelpText(
      'after',
      '\nExamples:\n  evidence-vault hold add --case 鞍自然执〔2026〕17号 --reason complaint --note "信访投诉 2026-06-02"\n  evidence-vault hold add --recording 812 --reason other --permanent --note "纪检监察调取，永久保存"\n\nComplaint, reconsideration, litigation, R6 and permanent "other" holds are kept for good (R12(3) 应永久保存): nobody releases them.',
    )
    .action(async (opts: { case?: string; recording?: string; reason: string; note?: string; permanent?: boolean }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.add, (vault, { out }) => {
        const h = vault.holds.add({ caseNumber: opts.case, recordingId: opts.recording === undefined ? undefined : recordingId(opts.recording), reason: opts.reason, note: opts.note, permanent: opts.permanent });
        out.result(h, () => `Hold #${h.id} (${h.reason}${h.permanent ? ', permanent' : ''}) placed on ${opts.case ? `case ${opts.case}` : `recording ${opts.recording}`}.`);
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
                ['ID', 'ON', 'REASON', 'KEPT', 'PLACED', 'BY', 'ENDED', 'NOTE'],
                shown.map((h) => 'hidden' in h ? [h.id, h.caseId !== null ? `case #${h.caseId}` : `recording ${h.recordingId}`, HIDDEN_CELL, '', h.date ?? '', '', '', levelCell(h.level)] : [
                  h.id,
                  h.caseId !== null ? `case #${h.caseId}` : `recording ${h.recordingId}`,
                  h.reason,
                  h.permanentByRule ? 'for good 永久' : h.reason === 'evidence-use' ? 'while cases open' : 'until released',
                  h.placedAt,
                  h.placedBy,
                  h.correction?.secondBy
                    ? `corrected ${h.correction.correctedOn} (${h.correction.firstBy}, ${h.correction.secondBy})`
                    : h.releasedAt
                      ? `released ${h.releasedAt}`
                      : h.correction
                        ? `correction pending (signed by ${h.correction.firstBy})`
                        : '',
                  h.note ?? '',
                ]),
              ) + hiding.line()
            : 'No holds.',
        );
      });
    });

  holds
    .command('release')
    .description('release an evidence-use hold once its cases are closed, or a plain "other" hold (approver only); permanent holds are never released (R12(3))')
    .argument('<holdId>', 'hold id (from hold list)')
    .requiredOption('--reason <text>', 'why it may be released')
    .addHelpText(
      'after',
      '\nExample:\n  evidence-vault hold release 7 --reason "案件已办结，证据光盘已归档"\n\nComplaint, reconsideration, litigation, R6 and permanent "other" holds are refused (exit 77). A hold placed on the wrong recording is corrected instead: evidence-vault hold correct ID --reason "…"',
    )
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.release, (vault, { out }) => {
        const r = vault.holds.release(holdId(idText), opts.reason);
        out.result(r, () =>
          [
            `Hold #${r.hold.id} released by ${[r.signatures.firstBy, r.signatures.secondBy].filter(Boolean).join(' and ')}.`,
            r.closedCases ? (r.closedCases.length ? `Its cases are all closed: ${r.closedCases.join(', ')}.` : 'The recording is linked to no case / 该录像未关联任何案件.') : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  holds
    .command('correct')
    .description('correct a hold placed on the wrong recording: two different approvers, each running this; the recording is then kept at least six months from the correction')
    .argument('<holdId>', 'hold id (from hold list)')
    .requiredOption('--reason <text>', 'what was wrong')
    .addHelpText(
      'after',
      '\nExample:\n  evidence-vault hold correct 9 --reason "录入错误：投诉涉及 813 号录像，不是 812 号"\n\nThe first approver signs a pending correction; a second, different approver runs the same command to confirm it.',
    )
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.correct, (vault, { out }) => {
        const id = holdId(idText);
        const r = vault.holds.correct(id, opts.reason);
        out.result(r, () =>
          r.state === 'corrected'
            ? `Hold #${id} corrected by ${r.correction.firstBy} and ${r.correction.secondBy}; what it kept stays at least through ${r.keptAtLeastThrough} / 已更正，自更正之日起至少保存六个月.`
            : `Correction of hold #${id} signed by ${r.correction.firstBy}; a second, different approver confirms it: evidence-vault hold correct ${id} --reason "…"`,
        );
      });
    });
}

function holdId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`"${text}" is not a hold id`, 'See: evidence-vault hold list');
  return id;
}
