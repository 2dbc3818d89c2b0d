import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { coded, language, t } from '../language.js';
import { CASE_CATEGORY_ZH, HOLD_REASON_ZH } from '../../core/i18n/code-names.js';
import { examples, headers } from '../help-examples.js';
import { caseMessages as m } from '../messages/case.js';
import { commonMessages as c } from '../messages/common-a.js';
import { afterClassification } from './after-classification.js';
import { addFilterOptions, toFilter, type FilterOptions } from './recordings-command.js';
import { Hiding, HIDDEN_CELL, levelCell } from './classified-rows.js';

/** Who may do what with cases (archivists and legal officers keep case files, R11/P25). */
export const CASE_ACCESS = {
  create: accessFor('case.create'),
  list: accessFor('case.list'),
  show: accessFor('case.show'),
  link: accessFor('case.link'),
  unlink: accessFor('case.unlink'),
  close: accessFor('case.close'),
} as const satisfies Record<string, Access>;

const sightLevel = (r: object): Parameters<typeof levelCell>[0] => ('level' in r ? (r.level as Parameters<typeof levelCell>[0]) : 'ordinary');

function parseIds(texts: string[] | undefined): number[] | undefined {
  if (!texts?.length) return undefined;
  return texts.flatMap((text) => text.split(',')).map((text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(said(c.notRecordingId, { what: text }), m.idsHint);
    return n;
  });
}

/** A case's status in the run's language (the code elsewhere). */
const statusText = (status: string) => (status === 'open' ? t(m.statusOpen) : status === 'closed' ? t(m.statusClosed) : status);

export function addCaseCommands(program: Command): void {
  const cases = program.command('case').description(t(m.group));

  cases
    .command('create')
    .description(t(m.create))
    .argument('<number>', t(m.numberArg))
    .requiredOption('--title <title>', t(m.titleOpt))
    .option('--category <category>', t(m.categoryOpt), 'general')
    .option('--notes <text>', t(m.notesOpt))
    .option('--place <place>', t(m.placeOpt))
    .addHelpText('after', examples(['evidence-vault case create 鞍自然执〔2026〕17号 --title "违法占地现场检查" --category coercive-measure']))
    .action(async (number: string, opts: { title: string; category: string; notes?: string; place?: string }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.create, (vault, { out }) => {
        const c = vault.cases.create({ number, title: opts.title, category: opts.category, notes: opts.notes, place: opts.place });
        out.result(c, () => `${t(m.opened, { number: c.number, category: coded(c.category, CASE_CATEGORY_ZH) })}${c.autoHold ? t(m.autoHeld, { id: c.autoHold }) : ''}${t(m.fullStop)}`);
      });
    });

  cases
    .command('list')
    .description(t(m.list))
    .option('--status <status>', t(m.statusOpt))
    .option('--overdue', t(m.overdueOpt))
    .addHelpText('after', examples(['evidence-vault case list --status open --json', 'evidence-vault case list --overdue']))
    .action(async (opts: { status?: string; overdue?: boolean }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.list, (vault, { out }) => {
        if (opts.overdue) {
          const late = vault.caseDeadlines.overdue();
          out.result(late, () =>
            late.length
              ? table(headers(t(m.overdueHeaders)), late.map((c) => [c.number, c.closedOn, c.deadline, c.daysOverdue, c.missing.join(' '), c.title]))
              : t(m.noneOverdue),
          );
          return;
        }
        // R14: a case above the operator's clearance keeps its number and level; its title and notes are hidden.
        const hiding = new Hiding(vault.classification.sight());
        const rows = vault.cases.list(opts.status).map((c) => {
          const { level, hidden } = hiding.case(c.id);
          return hidden ? { ...hiding.row(c.id, level, c.createdAt.slice(0, 10)), number: c.number } : level === 'ordinary' ? c : { ...c, level };
        });
        if (out.json) hiding.tellStderr();
        out.result(rows, () =>
          rows.length
            ? table(headers(t(m.listHeaders)), rows.map((c) => ('hidden' in c ? [c.number, '', '', '', `${HIDDEN_CELL} ${levelCell(c.level)}`] : [c.number, coded(c.category, CASE_CATEGORY_ZH), statusText(c.status), c.recordings, c.title]))) + hiding.line()
            : t(m.noCases),
        );
      });
    });

  cases
    .command('show')
    .description(t(m.show))
    .argument('<number>', t(m.numberArgShort))
    .addHelpText('after', examples(['evidence-vault case show 鞍自然执〔2026〕17号']))
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.show, (vault, { out }) => {
        const d = vault.cases.show(number);
        // R14: a case above the operator's clearance is refused (exit 77, on the record); within it,
        // recordings above it keep their id, level and date only.
        vault.classification.requireCaseSight('case.show', d.case);
        const hiding = new Hiding(vault.classification.sight());
        const caseLevel = hiding.sight.caseLevel(d.case.id);
        const recordings = d.recordings.map((r) => {
          const { level, hidden } = hiding.recording(r.recordingId);
          return hidden ? hiding.row(r.recordingId, level, r.startedAt.slice(0, 10)) : level === 'ordinary' ? r : { ...r, level };
        });
        const shown = { ...d, case: { ...d.case, level: caseLevel }, recordings, hidden: hiding.count };
        out.result(shown, () =>
          [
            `${d.case.number}  ${d.case.title}${caseLevel === 'ordinary' ? '' : `  [${levelCell(caseLevel)}]`}`,
            `${t(m.facts, { category: coded(d.case.category, CASE_CATEGORY_ZH), status: statusText(d.case.status), at: d.case.createdAt, by: d.case.createdBy })}${d.case.notes ? `\n${t(m.notes, { what: d.case.notes })}` : ''}`,
            t(m.holds, { list: d.holds.length ? d.holds.map((h) => `#${h.id} ${coded(h.reason, HOLD_REASON_ZH)}${h.releasedAt ? t(m.released, { at: h.releasedAt }) : ''}`).join(language() === 'zh' ? '；' : ', ') : t(m.noHolds) }),
            d.recordings.length
              ? table(
                  headers(t(m.showHeaders)),
                  recordings.map((r) => ('hidden' in r ? [r.id, r.date ?? '', '', HIDDEN_CELL, '', levelCell(r.level)] : [r.recordingId, r.startedAt, r.deviceNumber ?? '?', r.vaultPath, r.disposedAt ?? '', levelCell(sightLevel(r))])),
                ) + hiding.line()
              : t(m.noRecordings),
          ].join('\n'),
        );
      });
    });

  addFilterOptions(
    cases
      .command('link')
      .description(t(m.link))
      .argument('<number>', t(m.numberArgShort))
      .option('--recording <ids...>', t(m.recordingOpt)),
  )
    .addHelpText('after', examples(['evidence-vault case link 鞍自然执〔2026〕17号 --recording 12 13', 'evidence-vault case link 鞍自然执〔2026〕17号 --device 0001234 --from 2026-05-15T07:00 --to 2026-05-15T09:00']))
    .action(async (number: string, opts: FilterOptions & { recording?: string[] }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.link, async (vault, { out }) => {
        const ids = parseIds(opts.recording);
        if (!ids && !opts.device) throw new UserError(m.sayWhich, m.sayWhichHint);
        if (!ids && (!opts.from || !opts.to)) throw new UserError(m.needsRange, m.needsRangeHint);
        const r = vault.cases.link(number, ids ? { ids } : { filter: toFilter(opts, vault.clock) });
        // Linked into a secret case, a recording is as secret as it: the working copies that no longer fit are
        // withdrawn now, and discs and archive bags holding it are its role's group's no more (R14).
        if (r.linked.length) await afterClassification(vault);
        out.result(r, () => `${t(m.linked, { count: r.linked.length, number })}${r.already.length ? t(m.already, { count: r.already.length }) : ''}${t(m.fullStop)}`);
      });
    });

  cases
    .command('close')
    .description(t(m.close))
    .argument('<number>', t(m.numberArgShort))
    .option('--reopen', t(m.reopenOpt))
    .addHelpText('after', examples(['evidence-vault case close 鞍自然执〔2026〕17号']))
    .action(async (number: string, opts: { reopen?: boolean }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.close, (vault, { out }) => {
        const c = vault.cases.setStatus(number, opts.reopen ? 'open' : 'closed');
        out.result(c, () => t(m.isNow, { number: c.number, status: statusText(c.status) }));
      });
    });

  cases
    .command('unlink')
    .description(t(m.unlink))
    .argument('<number>', t(m.numberArgShort))
    .requiredOption('--recording <ids...>', t(m.recordingOpt))
    .addHelpText('after', examples(['evidence-vault case unlink 鞍自然执〔2026〕17号 --recording 13']))
    .action(async (number: string, opts: { recording: string[] }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.unlink, (vault, { out }) => {
        const r = vault.cases.unlink(number, parseIds(opts.recording)!);
        out.result(r, () => t(m.unlinked, { count: r.unlinked.length, number }));
      });
    });
}
