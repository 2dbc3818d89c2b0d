/** `report inspection` (R15) and the inspection's own record: `inspection record`, `list`, `close-action`. */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { periodOf } from '../../core/inspection-period.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { inspectionSummary, previousLine } from './inspection-summary.js';
import { said } from '../../core/i18n/said.js';
import { t } from '../language.js';
import { inspectionMessages as m } from '../messages/inspection.js';

export const INSPECTION_ACCESS = {
  report: accessFor('report.inspection'),
  record: accessFor('inspection.record'),
  list: accessFor('inspection.list'),
  close: accessFor('inspection.close-action'),
} as const satisfies Record<string, Access>;

const positive = (what: 'inspection' | 'action', text: string) => {
  const v = Number(text);
  if (!Number.isInteger(v) || v <= 0) throw new UserError(said(m.notANumber, { value: text, what }), m.seeNumbers);
  return v;
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addInspectionCommands(program: Command): void {
  const report = program.command('report').description(t(m.reportGroup));
  report
    .command('inspection')
    .description(t(m.report))
    .requiredOption('--from <date>', t(m.from))
    .requiredOption('--to <date>', t(m.to))
    .option('--out <dir>', t(m.out))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault report inspection --from 2026-01-01 --to 2026-06-30 --out /srv/evidence-out/report`)
    .action(async (opts: { from: string; to: string; out?: string }, cmd: Command) => {
      await withVault(
        cmd,
        INSPECTION_ACCESS.report,
        async (vault, { out }) => {
          const period = periodOf(opts.from, opts.to);
          if (!opts.out) {
            const r = vault.inspectionReport.report(period);
            out.result(r, () => inspectionSummary(r));
            return;
          }
          const w = await vault.inspectionReport.write(period, opts.out);
          out.result({ ...w.report, files: w.files }, () => `${inspectionSummary(w.report)}\n\n${t(m.written)}\n${w.files.map((f) => `  ${f.path}`).join('\n')}`);
        },
        { badInputIs: 'refused' },
      );
    });

  const inspection = program.command('inspection').description(t(m.group));
  inspection
    .command('record')
    .description(t(m.record))
    .requiredOption('--period <half-year>', t(m.period))
    .requiredOption('--inspector <name>', t(m.inspector))
    .requiredOption('--findings <text>', t(m.findings))
    .option('--actions <text>', t(m.actions), collect, [])
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault inspection record --period 2026H1 --inspector 王某 --findings "二队3月有5个工作日未交存" --actions "二队每日交存" --actions "补写中断说明"`)
    .action(async (opts: { period: string; inspector: string; findings: string; actions: string[] }, cmd: Command) => {
      await withVault(
        cmd,
        INSPECTION_ACCESS.record,
        (vault, { out }) => {
          const r = vault.inspections.record(opts);
          // A second record of one half-year is kept (a follow-up inspection), but never unremarked.
          const earlier = vault.inspections.list().filter((i) => i.period === r.period && i.id !== r.id).map((i) => `#${i.id}`);
          out.result(r, () => [t(m.recorded, { id: r.id, period: r.period, count: r.actions.length }), ...(earlier.length ? [t(m.alsoRecorded, { period: r.period, ids: earlier.join(', ') })] : [])].join('\n'));
        },
        { badInputIs: 'refused' },
      );
    });

  inspection
    .command('list')
    .description(t(m.list))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault inspection list --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, INSPECTION_ACCESS.list, (vault, { out }) => {
        const rows = vault.inspections.list();
        out.result(rows, () =>
          rows.length
            ? rows
                .map((i) =>
                  [
                    t(m.listHead, { id: i.id, period: i.period, from: i.from, to: i.to, name: i.inspector, at: i.recordedAt, by: i.recordedBy }),
                    t(m.listFindings, { what: i.findings }),
                    i.actions.length ? table([t(m.colNo), t(m.colAction), t(m.colClosed)], i.actions.map((a) => [`  ${i.id}.${a.no}`, a.text, a.closedAt ? `${a.closedAt} ${a.closedBy}: ${a.note}` : t(m.open)])) : t(m.noActions),
                  ].join('\n'),
                )
                .join('\n\n')
            : t(m.noInspections),
        );
      });
    });

  inspection
    .command('close-action')
    .description(t(m.close))
    .argument('<inspection>', t(m.inspectionArg))
    .argument('<action>', t(m.actionArg))
    .requiredOption('--note <text>', t(m.note))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault inspection close-action 1 2 --note "已补写全部中断说明"`)
    .action(async (id: string, no: string, opts: { note: string }, cmd: Command) => {
      await withVault(
        cmd,
        INSPECTION_ACCESS.close,
        (vault, { out }) => {
          const r = vault.inspections.closeAction(positive('inspection', id), positive('action', no), opts.note);
          out.result(r, () => `${t(m.closed, { id, no })} ${previousLine(r, true)}`);
        },
        { badInputIs: 'refused' },
      );
    });
}
