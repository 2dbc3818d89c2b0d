import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { RecorderRecord } from '../../services/recorder-lifecycle.js';
import { formatVolumeRule } from '../../core/recorder-match.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { sheetText } from './equipment-commands.js';


const describe = (r: RecorderRecord) =>
  `Recorder ${r.number}: ${r.status}; USB serial ${r.serial ?? '(none)'}; volume rule ${r.volumeRule ? formatVolumeRule(r.volumeRule) : '(none)'}`;

/** Adds lifecycle subcommands to the `device` group (R8, R10, R16); every change is audited. */
export function addDeviceLifecycleCommands(program: Command): void {
  const device = program.commands.find((c) => c.name() === 'device') ?? program.command('device').description('the recorder register');
  device
    .command('assign')
    .description('hand a recorder to an officer (定人管理): the previous holder\'s period ends then')
    .argument('<number>', 'recorder number (编号)')
    .argument('<officer>', 'officer id (警号)')
    .option('--from <time>', 'when the officer took it (YYYY-MM-DD[ HH:MM], unit time); default now')
    .addHelpText('after', '\nExample:\n  evidence-vault device assign 0001234 110101 --from "2026-05-01 08:00"')
    .action(async (number: string, officer: string, opts: { from?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.assign'), (vault, { out }) => {
        const a = vault.lifecycle.assign(number, officer, opts.from);
        out.result(a, () => `Recorder ${number} is worn by ${officer} from ${a.fromAt}.`);
      });
    });
  device
    .command('unassign')
    .description('end a recorder\'s current assignment (back with the custodian)')
    .argument('<number>', 'recorder number')
    .option('--at <time>', 'when it was handed back; default now')
    .addHelpText('after', '\nExample:\n  evidence-vault device unassign 0001234')
    .action(async (number: string, opts: { at?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.unassign'), (vault, { out }) => {
        vault.lifecycle.unassign(number, opts.at);
        out.result({ number, assigned: false }, () => `Recorder ${number} is with no one now.`);
      });
    });
  device
    .command('status')
    .description('set a recorder\'s status (R16): in-service, in-repair; retired is asked for here and approved by another person')
    .argument('<number>', 'recorder number')
    .argument('<status>', 'in-service | in-repair | retired')
    .option('--reason <text>', 'why (kept in the audit trail)')
    .addHelpText('after', '\nExample:\n  evidence-vault device status 0001234 in-repair --reason "cracked lens"')
    .action(async (number: string, status: string, opts: { reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.status'), (vault, { out }) => {
        if (status === 'retired') {
          // R16: a request; an approver (another person) decides it with `device retire N --approve`.
          const req = vault.equipment.requestRetirement(number, opts.reason);
          out.result(req, () => `报废申请 #${req.id} 已提交，待另一位审批人批准；记录仪状态不变 / retirement request #${req.id} waits for a second person's approval; recorder ${number} stays as it is.\nAn approver runs: evidence-vault device retire ${number} --approve`);
          return;
        }
        const r = vault.lifecycle.setStatus(number, status, opts.reason);
        out.result(r, () => describe(r));
      });
    });
  device
    .command('identify')
    .description('how the dock service recognises a recorder: its USB serial, or a volume rule')
    .argument('<number>', 'recorder number')
    .option('--serial <serial>', 'USB serial number (see /sys/bus/usb/devices/*/serial); "none" removes it')
    .option('--volume <rule>', 'label:<LABEL>, uuid:<XXXX-XXXX> or file-names; "none" removes it')
    .addHelpText('after', '\nExample:\n  evidence-vault device identify 0001234 --volume uuid:4D81-8427\n  evidence-vault device identify 0001234 --volume file-names')
    .action(async (number: string, opts: { serial?: string; volume?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.identify'), (vault, { out }) => {
        let r = vault.lifecycle.show(number, 'device.identify');
        if (opts.serial !== undefined) r = vault.lifecycle.setSerial(number, opts.serial === 'none' ? null : opts.serial);
        if (opts.volume !== undefined) r = vault.lifecycle.setVolumeRule(number, opts.volume === 'none' ? null : opts.volume);
        out.result(r, () => describe(r));
      });
    });
  device
    .command('history')
    .description('who wore a recorder when (R8, R10)')
    .argument('<number>', 'recorder number')
    .addHelpText('after', '\nExample:\n  evidence-vault device history 0001234 --json')
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.history'), (vault, { out }) => {
        const rows = vault.lifecycle.history(number);
        out.result(rows, () => (rows.length ? table(['OFFICER', 'FROM', 'TO', 'BY'], rows.map((a) => [a.officerId, a.fromAt, a.toAt ?? '(now)', a.assignedBy])) : `Recorder ${number} was never assigned.`));
      });
    });
  device
    .command('show')
    .description('a recorder\'s status, serial, volume rule, asset data, fault and repair log')
    .argument('<number>', 'recorder number')
    .addHelpText('after', '\nExample:\n  evidence-vault device show 0001234')
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.show'), (vault, { out }) => {
        const r = vault.equipment.sheet(number);
        out.result(r, () => sheetText(r, r.volumeRule ? formatVolumeRule(r.volumeRule) : '(none)'));
      });
    });
}
