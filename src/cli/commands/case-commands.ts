import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
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
  return texts.flatMap((t) => t.split(',')).map((t) => {
    const n = Number(t);
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`"${t}" is not a recording id`, 'Give ids as numbers: --recording 12 13 14');
    return n;
  });
}

export function addCaseCommands(program: Command): void {
  const cases = program.command('case').description('cases and the recordings linked to them (P5), shown case by case in the vault (R11)');

  cases
    .command('create')
    .description('open a case; a case of an R6 long-term category is held for good from the start')
    .argument('<number>', 'case number (案号), e.g. 鞍自然执〔2026〕17号')
    .requiredOption('--title <title>', 'what the case is about')
    .option('--category <category>', 'general, mass-incident, personal-safety, coercive-measure, party-objection, major-complex, or a configured one', 'general')
    .option('--notes <text>', 'free notes')
    .option('--place <place>', 'where it happened (地点): the register uses it for recordings without a place of their own')
    .addHelpText('after', '\nExample:\n  evidence-vault case create 鞍自然执〔2026〕17号 --title "违法占地现场检查" --category coercive-measure')
    .action(async (number: string, opts: { title: string; category: string; notes?: string; place?: string }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.create, (vault, { out }) => {
        const c = vault.cases.create({ number, title: opts.title, category: opts.category, notes: opts.notes, place: opts.place });
        out.result(c, () => `Case ${c.number} opened (${c.category})${c.autoHold ? `; held for good as an R6 category (hold #${c.autoHold})` : ''}.`);
      });
    });

  cases
    .command('list')
    .description('list cases')
    .option('--status <status>', 'open or closed')
    .option('--overdue', 'closed more than 30 days ago with footage not yet archived in an archive set or on a disc (P25)')
    .addHelpText('after', '\nExamples:\n  evidence-vault case list --status open --json\n  evidence-vault case list --overdue')
    .action(async (opts: { status?: string; overdue?: boolean }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.list, (vault, { out }) => {
        if (opts.overdue) {
          const late = vault.caseDeadlines.overdue();
          out.result(late, () =>
            late.length
              ? table(['NUMBER', 'CLOSED', 'DEADLINE', 'DAYS OVERDUE', 'NOT ARCHIVED (RECORDING IDS)', 'TITLE'], late.map((c) => [c.number, c.closedOn, c.deadline, c.daysOverdue, c.missing.join(' '), c.title]))
              : '没有逾期未归档的案件 / No closed case is past its 30 days with footage not archived.',
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
            ? table(['NUMBER', 'CATEGORY', 'STATUS', 'RECORDINGS', 'TITLE'], rows.map((c) => ('hidden' in c ? [c.number, '', '', '', `${HIDDEN_CELL} ${levelCell(c.level)}`] : [c.number, c.category, c.status, c.recordings, c.title]))) + hiding.line()
            : 'No cases.',
        );
      });
    });

  cases
    .command('show')
    .description('a case with its holds and linked recordings')
    .argument('<number>', 'case number')
    .addHelpText('after', '\nExample:\n  evidence-vault case show 鞍自然执〔2026〕17号')
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
            `category ${d.case.category}, ${d.case.status}, opened ${d.case.createdAt} by ${d.case.createdBy}${d.case.notes ? `\nnotes: ${d.case.notes}` : ''}`,
            `holds: ${d.holds.length ? d.holds.map((h) => `#${h.id} ${h.reason}${h.releasedAt ? ` (released ${h.releasedAt})` : ''}`).join(', ') : 'none'}`,
            d.recordings.length
              ? table(
                  ['ID', 'STARTED', 'DEVICE', 'PATH', 'DISPOSED', 'LEVEL 密级'],
                  recordings.map((r) => ('hidden' in r ? [r.id, r.date ?? '', '', HIDDEN_CELL, '', levelCell(r.level)] : [r.recordingId, r.startedAt, r.deviceNumber ?? '?', r.vaultPath, r.disposedAt ?? '', levelCell(sightLevel(r))])),
                ) + hiding.line()
              : 'No recordings linked.',
          ].join('\n'),
        );
      });
    });

  addFilterOptions(
    cases
      .command('link')
      .description('link recordings to a case, by id or by recorder and time range')
      .argument('<number>', 'case number')
      .option('--recording <ids...>', 'recording ids'),
  )
    .addHelpText('after', '\nExamples:\n  evidence-vault case link 鞍自然执〔2026〕17号 --recording 12 13\n  evidence-vault case link 鞍自然执〔2026〕17号 --device 0001234 --from 2026-05-15T07:00 --to 2026-05-15T09:00')
    .action(async (number: string, opts: FilterOptions & { recording?: string[] }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.link, (vault, { out }) => {
        const ids = parseIds(opts.recording);
        if (!ids && !opts.device) throw new UserError('say which recordings to link', 'Use --recording ID… or --device N --from TIME --to TIME.');
        if (!ids && (!opts.from || !opts.to)) throw new UserError('linking by recorder needs a time range', 'Add --from TIME --to TIME.');
        const r = vault.cases.link(number, ids ? { ids } : { filter: toFilter(opts, vault.clock) });
        out.result(r, () => `Linked ${r.linked.length} recordings to ${number}${r.already.length ? ` (${r.already.length} were linked already)` : ''}.`);
      });
    });

  cases
    .command('close')
    .description('mark a case closed (its holds stay until an approver releases them)')
    .argument('<number>', 'case number')
    .option('--reopen', 'open it again')
    .addHelpText('after', '\nExample:\n  evidence-vault case close 鞍自然执〔2026〕17号')
    .action(async (number: string, opts: { reopen?: boolean }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.close, (vault, { out }) => {
        const c = vault.cases.setStatus(number, opts.reopen ? 'open' : 'closed');
        out.result(c, () => `Case ${c.number} is ${c.status}.`);
      });
    });

  cases
    .command('unlink')
    .description('remove recordings from a case (refused while the case is held)')
    .argument('<number>', 'case number')
    .requiredOption('--recording <ids...>', 'recording ids')
    .addHelpText('after', '\nExample:\n  evidence-vault case unlink 鞍自然执〔2026〕17号 --recording 13')
    .action(async (number: string, opts: { recording: string[] }, cmd: Command) => {
      await withVault(cmd, CASE_ACCESS.unlink, (vault, { out }) => {
        const r = vault.cases.unlink(number, parseIds(opts.recording)!);
        out.result(r, () => `Unlinked ${r.unlinked.length} recordings from ${number}.`);
      });
    });
}
