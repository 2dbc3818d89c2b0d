/** `report inspection` (R15) and the inspection's own record: `inspection record`, `list`, `close-action`. */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { periodOf } from '../../core/inspection-period.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { inspectionSummary, previousLine } from './inspection-summary.js';

export const INSPECTION_ACCESS = {
  report: accessFor('report.inspection'),
  record: accessFor('inspection.record'),
  list: accessFor('inspection.list'),
  close: accessFor('inspection.close-action'),
} as const satisfies Record<string, Access>;

const positive = (what: string, text: string) => {
  const v = Number(text);
  if (!Number.isInteger(v) || v <= 0) throw new UserError(`"${text}" is not ${what}`, 'See the numbers: evidence-vault inspection list');
  return v;
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addInspectionCommands(program: Command): void {
  const report = program.command('report').description('reports for the unit\'s heads');
  report
    .command('inspection')
    .description('the R15 inspection of recorder use over a period: per officer, recorder and unit; with --out a page (HTML), CSV and JSON')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD (included)')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (included)')
    .option('--out <dir>', 'write inspection-<from>-<to>.html, .csv and .json there')
    .addHelpText('after', '\nExample:\n  evidence-vault report inspection --from 2026-01-01 --to 2026-06-30 --out /srv/evidence-out/report')
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
          out.result({ ...w.report, files: w.files }, () => `${inspectionSummary(w.report)}\n\n写入 written:\n${w.files.map((f) => `  ${f.path}`).join('\n')}`);
        },
        { badInputIs: 'refused' },
      );
    });

  const inspection = program.command('inspection').description('the R15 inspection on the record: findings, actions, and actions closed');
  inspection
    .command('record')
    .description('record an inspection of a half-year (who inspected, what was found, what is to be done)')
    .requiredOption('--period <half-year>', 'the half-year inspected: YYYYH1 or YYYYH2')
    .requiredOption('--inspector <name>', 'who inspected (检查人)')
    .requiredOption('--findings <text>', 'what was found (发现的问题)')
    .option('--actions <text>', 'one action to be taken (整改措施); repeat for several', collect, [])
    .addHelpText('after', '\nExample:\n  evidence-vault inspection record --period 2026H1 --inspector 王某 --findings "二队3月有5个工作日未交存" --actions "二队每日交存" --actions "补写中断说明"')
    .action(async (opts: { period: string; inspector: string; findings: string; actions: string[] }, cmd: Command) => {
      await withVault(
        cmd,
        INSPECTION_ACCESS.record,
        (vault, { out }) => {
          const r = vault.inspections.record(opts);
          out.result(r, () => `Inspection ${r.id} of ${r.period} recorded (${r.actions.length} action(s)); close each with: evidence-vault inspection close-action ${r.id} <no> --note "…"`);
        },
        { badInputIs: 'refused' },
      );
    });

  inspection
    .command('list')
    .description('inspections on the record, with their actions and which are closed')
    .addHelpText('after', '\nExample:\n  evidence-vault inspection list --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, INSPECTION_ACCESS.list, (vault, { out }) => {
        const rows = vault.inspections.list();
        out.result(rows, () =>
          rows.length
            ? rows
                .map((i) =>
                  [
                    `#${i.id} ${i.period} (${i.from} – ${i.to}) inspector ${i.inspector}, recorded ${i.recordedAt} by ${i.recordedBy}`,
                    `  findings: ${i.findings}`,
                    i.actions.length ? table(['  NO', 'ACTION', 'CLOSED'], i.actions.map((a) => [`  ${i.id}.${a.no}`, a.text, a.closedAt ? `${a.closedAt} ${a.closedBy}: ${a.note}` : 'open'])) : '  no actions',
                  ].join('\n'),
                )
                .join('\n\n')
            : 'No inspections recorded.',
        );
      });
    });

  inspection
    .command('close-action')
    .description('mark an action of an inspection done, saying what was done')
    .argument('<inspection>', 'inspection number (inspection list)')
    .argument('<action>', 'action number within it')
    .requiredOption('--note <text>', 'what was done (整改情况)')
    .addHelpText('after', '\nExample:\n  evidence-vault inspection close-action 1 2 --note "已补写全部中断说明"')
    .action(async (id: string, no: string, opts: { note: string }, cmd: Command) => {
      await withVault(
        cmd,
        INSPECTION_ACCESS.close,
        (vault, { out }) => {
          const r = vault.inspections.closeAction(positive('an inspection number', id), positive('an action number', no), opts.note);
          out.result(r, () => `Action ${id}.${no} closed. ${previousLine(r).replace(/^previous inspection/, 'Inspection')}`);
        },
        { badInputIs: 'refused' },
      );
    });
}
