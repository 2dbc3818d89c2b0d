import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

const group = (program: Command, name: string, description: string) => program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);

/** Officers' status (R3, R8) and the acts not recorded (R7, P14). */
export function addPeopleCommands(program: Command): void {
  group(program, 'officer', 'the officer register')
    .command('status')
    .description('an officer\'s status from a date (R3): active, transferred, left; their recorders are handed over that day')
    .argument('<id>', 'officer id (警号)')
    .argument('<status>', 'active | transferred | left')
    .option('--date <date>', 'from which day (YYYY-MM-DD); default today')
    .option('--handover-to <id>', 'the officer who takes over their recorders (default: back with the custodian)')
    .addHelpText('after', '\nExample:\n  evidence-vault officer status 110101 left --date 2026-06-01 --handover-to 110102')
    .action(async (id: string, status: string, opts: { date?: string; handoverTo?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('officer.status'), (vault, { out }) => {
        const r = vault.officerStatus.setStatus(id, status, opts);
        out.result(r, () =>
          [
            `${r.officer.id} ${r.officer.name}: ${r.previous} → ${r.officer.status} (${r.officer.statusDate})`,
            ...r.recorders.map((h) => `记录仪 recorder ${h.deviceNumber} → ${h.handedTo ?? '保管员 custodian'}`),
          ].join('\n'),
        );
      });
    });

  const exemption = program.command('exemption').description('enforcement acts that were not recorded, with consent or a written reason (R7, P14)');
  exemption
    .command('record')
    .description('record an enforcement act that was not recorded on sound and video')
    .requiredOption('--officer <id>', 'officer id (警号)')
    .requiredOption('--at <time>', 'when the act took place (YYYY-MM-DD[ HH:MM], unit time)')
    .requiredOption('--act <text>', 'what the act was (执法活动)')
    .option('--consent-by <leader>', 'the leader who consented (批准领导)')
    .option('--reason <text>', 'the written reason (书面理由)')
    .addHelpText('after', '\nExample:\n  evidence-vault exemption record --officer 110101 --at "2026-05-15 09:30" --act "现场勘验 site survey" --consent-by 王某')
    .action(async (opts: { officer: string; at: string; act: string; consentBy?: string; reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('exemption.record'), (vault, { out }) => {
        const e = vault.exemptions.record({ officerId: opts.officer, at: opts.at, act: opts.act, consentBy: opts.consentBy, reason: opts.reason });
        out.result(e, () => `已登记未录像执法活动 #${e.id} / exemption #${e.id} recorded: ${e.officerId} ${e.actAt} ${e.act}`);
      });
    });
  exemption
    .command('list')
    .description('list recorded exemptions')
    .option('--from <time>', 'acts from this time (YYYY-MM-DD[ HH:MM])')
    .option('--to <time>', 'acts up to this time (a date alone: through its end)')
    .addHelpText('after', '\nExample:\n  evidence-vault exemption list --from 2026-01-01 --to 2026-06-30 --json')
    .action(async (opts: { from?: string; to?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('exemption.list'), (vault, { out }) => {
        const rows = vault.exemptions.list(opts.from, opts.to);
        out.result(rows, () =>
          rows.length
            ? table(['ID', 'OFFICER', 'AT', 'ACT', 'CONSENT', 'REASON', 'BY'], rows.map((e) => [e.id, e.officerId, e.actAt, e.act, e.consentBy, e.reason, e.recordedBy]))
            : '没有记录 / No exemptions recorded.',
        );
      });
    });

  group(program, 'dock', 'docking of recorders (R12(1))')
    .command('history')
    .description('which assigned recorders were not docked on each working day of a period (R12(1))')
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (days not over yet are left out)')
    .option('--device <n>', 'one recorder only')
    .addHelpText('after', '\nExample:\n  evidence-vault dock history --from 2026-05-01 --to 2026-05-31 --json')
    .action(async (opts: { from: string; to: string; device?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('dock.history'), (vault, { out }) => {
        const h = vault.docking.history(opts.from, opts.to, opts.device);
        out.result(h, () =>
          [
            `${h.from} … ${h.to}: ${h.workingDays} 个工作日 working days, ${h.notDocked.length} 次未按时归档 recorder-days not docked`,
            h.notDocked.length ? table(['DATE', 'DEVICE', 'OFFICER'], h.notDocked.map((d) => [d.date, d.deviceNumber, d.officerId])) : '每个工作日均已归档 / every assigned recorder was docked on every working day.',
          ].join('\n'),
        );
      });
    });
}
