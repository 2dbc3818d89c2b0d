import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { t } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { peopleMessages as m } from '../messages/people.js';

const officerStatus = (s: string | undefined) => (s === 'active' ? t(m.statusActive) : s === 'transferred' ? t(m.statusTransferred) : s === 'left' ? t(m.statusLeft) : (s ?? ''));

const group = (program: Command, name: string, description: string) => program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);

/** Officers' status (R3, R8) and the acts not recorded (R7, P14). */
export function addPeopleCommands(program: Command): void {
  group(program, 'officer', t(m.officerGroup))
    .command('status')
    .description(t(m.status))
    .argument('<id>', t(m.idArg))
    .argument('<status>', t(m.statusArg))
    .option('--date <date>', t(m.dateOpt))
    .option('--handover-to <id>', t(m.handoverOpt))
    .addHelpText('after', examples(['evidence-vault officer status 110101 left --date 2026-06-01 --handover-to 110102']))
    .action(async (id: string, status: string, opts: { date?: string; handoverTo?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('officer.status'), (vault, { out }) => {
        const r = vault.officerStatus.setStatus(id, status, opts);
        out.result(r, () =>
          [
            `${r.officer.id} ${r.officer.name}: ${officerStatus(r.previous)} → ${officerStatus(r.officer.status)} (${r.officer.statusDate})`,
            ...r.recorders.map((h) => t(m.handedTo, { number: h.deviceNumber, to: h.handedTo ?? t(m.custodian) })),
          ].join('\n'),
        );
      });
    });

  const exemption = program.command('exemption').description(t(m.exemptionGroup));
  exemption
    .command('record')
    .description(t(m.record))
    .requiredOption('--officer <id>', t(m.officerOpt))
    .requiredOption('--at <time>', t(m.atOpt))
    .requiredOption('--act <text>', t(m.actOpt))
    .option('--consent-by <leader>', t(m.consentOpt))
    .option('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault exemption record --officer 110101 --at "2026-05-15 09:30" --act "现场勘验" --consent-by 王某']))
    .action(async (opts: { officer: string; at: string; act: string; consentBy?: string; reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('exemption.record'), (vault, { out }) => {
        const e = vault.exemptions.record({ officerId: opts.officer, at: opts.at, act: opts.act, consentBy: opts.consentBy, reason: opts.reason });
        out.result(e, () => t(m.recorded, { id: e.id, officer: e.officerId, at: e.actAt, act: e.act }));
      });
    });
  exemption
    .command('list')
    .description(t(m.list))
    .option('--from <time>', t(m.fromOpt))
    .option('--to <time>', t(m.toOpt))
    .addHelpText('after', examples(['evidence-vault exemption list --from 2026-01-01 --to 2026-06-30 --json']))
    .action(async (opts: { from?: string; to?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('exemption.list'), (vault, { out }) => {
        const rows = vault.exemptions.list(opts.from, opts.to);
        out.result(rows, () =>
          rows.length
            ? table(headers(t(m.listHeaders)), rows.map((e) => [e.id, e.officerId, e.actAt, e.act, e.consentBy, e.reason, e.recordedBy]))
            : t(m.noExemptions),
        );
      });
    });

  group(program, 'dock', t(m.dockGroup))
    .command('history')
    .description(t(m.history))
    .requiredOption('--from <date>', t(m.fromDay))
    .requiredOption('--to <date>', t(m.toDay))
    .option('--device <n>', t(m.deviceOpt))
    .addHelpText('after', examples(['evidence-vault dock history --from 2026-05-01 --to 2026-05-31 --json']))
    .action(async (opts: { from: string; to: string; device?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('dock.history'), (vault, { out }) => {
        const h = vault.docking.history(opts.from, opts.to, opts.device);
        out.result(h, () =>
          [
            t(m.period, { from: h.from, to: h.to, days: h.workingDays, missed: h.notDocked.length }),
            h.notDocked.length ? table(headers(t(m.historyHeaders)), h.notDocked.map((d) => [d.date, d.deviceNumber, d.officerId])) : t(m.allDocked),
          ].join('\n'),
        );
      });
    });
}
