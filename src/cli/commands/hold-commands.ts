import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { HOLD_REASONS } from '../../core/retention-policy.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { said } from '../../core/i18n/said.js';
import { coded, language, t } from '../language.js';
import { HOLD_REASON_ZH } from '../../core/i18n/code-names.js';
import { evidenceHoldNoteZh } from '../../core/evidence-hold-note.js';
import { holdMessages as m } from '../messages/hold.js';
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
  if (!Number.isInteger(n) || n <= 0) throw new UserError(said(m.notARecordingId, { value: text }));
  return n;
};

export function addHoldCommands(program: Command): void {
  const holds = program.command('hold').description(t(m.group));

  holds
    .command('add')
    .description(t(m.add))
    .option('--case <number>', t(m.caseNumber))
    .option('--recording <id>', t(m.recording))
    .requiredOption('--reason <reason>', t(m.reasonCodes, { list: HOLD_REASONS.join(', ') }))
    .option('--note <text>', t(m.note))
    .option('--permanent', t(m.permanent))
    .addHelpText(
      'after',
      `\n${t(m.examples)}\n  evidence-vault hold add --case 鞍自然执〔2026〕17号 --reason complaint --note "信访投诉 2026-06-02"\n  evidence-vault hold add --recording 812 --reason other --permanent --note "纪检监察调取，永久保存"\n\n${t(m.addNotes)}`,
    )
    .action(async (opts: { case?: string; recording?: string; reason: string; note?: string; permanent?: boolean }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.add, (vault, { out }) => {
        const h = vault.holds.add({ caseNumber: opts.case, recordingId: opts.recording === undefined ? undefined : recordingId(opts.recording), reason: opts.reason, note: opts.note, permanent: opts.permanent });
        out.result(h, () => t(m.placed, { id: h.id, reason: coded(h.reason, HOLD_REASON_ZH), permanent: h.permanent, on: opts.case ? t(m.onCase, { what: opts.case }) : t(m.onRecording, { id: String(opts.recording) }) }));
      });
    });

  holds
    .command('list')
    .description(t(m.list))
    .option('--case <number>', t(m.onlyCase))
    .option('--recording <id>', t(m.onlyRecording))
    .option('--all', t(m.all))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault hold list --case 鞍自然执〔2026〕17号`)
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
                [t(m.colId), t(m.colOn), t(m.colReason), t(m.colKept), t(m.colPlaced), t(m.colBy), t(m.colEnded), t(m.colNote)],
                shown.map((h) => 'hidden' in h ? [h.id, on(h.caseId, h.recordingId), HIDDEN_CELL, '', h.date ?? '', '', '', levelCell(h.level)] : [
                  h.id,
                  on(h.caseId, h.recordingId),
                  coded(h.reason, HOLD_REASON_ZH),
                  t(h.permanentByRule ? m.forGood : h.reason === 'evidence-use' ? m.whileOpen : m.untilReleased),
                  h.placedAt,
                  h.placedBy,
                  h.correction?.secondBy
                    ? t(m.corrected, { date: String(h.correction.correctedOn), first: h.correction.firstBy, second: h.correction.secondBy })
                    : h.releasedAt
                      ? t(m.released, { date: h.releasedAt })
                      : h.correction
                        ? t(m.correctionPending, { name: h.correction.firstBy })
                        : '',
                  (language() === 'zh' ? evidenceHoldNoteZh(h.reason, h.note) : null) ?? h.note ?? '',
                ]),
              ) + hiding.line()
            : t(m.noHolds),
        );
      });
    });

  holds
    .command('release')
    .description(t(m.release))
    .argument('<holdId>', t(m.holdIdArg))
    .requiredOption('--reason <text>', t(m.releaseReason))
    .addHelpText(
      'after',
      `\n${t(m.example)}\n  evidence-vault hold release 7 --reason "案件已办结，证据光盘已归档"\n\n${t(m.releaseNotes)}`,
    )
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.release, (vault, { out }) => {
        const r = vault.holds.release(holdId(idText), opts.reason);
        out.result(r, () =>
          [
            t(m.releasedBy, { id: r.hold.id, first: r.signatures.firstBy, second: r.signatures.secondBy ?? null }),
            r.closedCases ? (r.closedCases.length ? t(m.casesClosed, { list: r.closedCases.join(', ') }) : t(m.noCase)) : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  holds
    .command('correct')
    .description(t(m.correct))
    .argument('<holdId>', t(m.holdIdArg))
    .requiredOption('--reason <text>', t(m.correctReason))
    .addHelpText(
      'after',
      `\n${t(m.example)}\n  evidence-vault hold correct 9 --reason "录入错误：投诉涉及 813 号录像，不是 812 号"\n\n${t(m.correctNotes)}`,
    )
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, HOLD_ACCESS.correct, (vault, { out }) => {
        const id = holdId(idText);
        const r = vault.holds.correct(id, opts.reason);
        out.result(r, () =>
          r.state === 'corrected'
            ? t(m.correctedDone, { id, first: r.correction.firstBy, second: String(r.correction.secondBy), date: String(r.keptAtLeastThrough) })
            : t(m.correctionSigned, { id, name: r.correction.firstBy }),
        );
      });
    });
}

function holdId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(said(m.notAHoldId, { value: text }), m.seeHoldList);
  return id;
}

/** What a hold is on, as the list shows it. */
function on(caseId: number | null, recordingId: number | null): string {
  return caseId !== null ? t(m.onCaseId, { id: caseId }) : t(m.onRecording, { id: String(recordingId) });
}
