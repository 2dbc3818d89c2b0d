import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { RecorderRecord } from '../../services/recorder-lifecycle.js';
import { formatVolumeRule } from '../../core/recorder-match.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { t } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { deviceMessages as m } from '../messages/device.js';
import { commonMessages as c } from '../messages/common-a.js';
import { sheetText } from './equipment-commands.js';
import { recorderStatus } from '../recorder-status.js';

const describe = (r: RecorderRecord) =>
  t(m.describe, { number: r.number, status: recorderStatus(r.status), serial: r.serial ?? t(c.none), rule: r.volumeRule ? formatVolumeRule(r.volumeRule) : t(c.none) });

/** Adds lifecycle subcommands to the `device` group (R8, R10, R16); every change is audited. */
export function addDeviceLifecycleCommands(program: Command): void {
  const device = program.commands.find((c) => c.name() === 'device') ?? program.command('device').description(t(m.group));
  device
    .command('assign')
    .description(t(m.assign))
    .argument('<number>', t(m.numberArg))
    .argument('<officer>', t(m.officerArg))
    .option('--from <time>', t(m.fromOpt))
    .addHelpText('after', examples(['evidence-vault device assign 0001234 110101 --from "2026-05-01 08:00"']))
    .action(async (number: string, officer: string, opts: { from?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.assign'), (vault, { out }) => {
        const a = vault.lifecycle.assign(number, officer, opts.from);
        out.result(a, () => t(m.assigned, { number, officer, at: a.fromAt }));
      });
    });
  device
    .command('unassign')
    .description(t(m.unassign))
    .argument('<number>', t(m.numberArg))
    .option('--at <time>', t(m.atOpt))
    .addHelpText('after', examples(['evidence-vault device unassign 0001234']))
    .action(async (number: string, opts: { at?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.unassign'), (vault, { out }) => {
        vault.lifecycle.unassign(number, opts.at);
        out.result({ number, assigned: false }, () => t(m.unassigned, { number }));
      });
    });
  device
    .command('status')
    .description(t(m.status))
    .argument('<number>', t(m.numberArg))
    .argument('<status>', t(m.statusArg))
    .option('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault device status 0001234 in-repair --reason "镜头破裂"']))
    .action(async (number: string, status: string, opts: { reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.status'), (vault, { out }) => {
        if (status === 'retired') {
          // R16: a request; an approver (another person) decides it with `device retire N --approve`.
          const req = vault.equipment.requestRetirement(number, opts.reason);
          out.result(req, () => t(m.retireAsked, { id: req.id, number }));
          return;
        }
        const r = vault.lifecycle.setStatus(number, status, opts.reason);
        out.result(r, () => describe(r));
      });
    });
  device
    .command('identify')
    .description(t(m.identify))
    .argument('<number>', t(m.numberArg))
    .option('--serial <serial>', t(m.serialOpt))
    .option('--volume <rule>', t(m.volumeOpt))
    .addHelpText('after', examples(['evidence-vault device identify 0001234 --volume uuid:4D81-8427', 'evidence-vault device identify 0001234 --volume file-names']))
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
    .description(t(m.history))
    .argument('<number>', t(m.numberArg))
    .addHelpText('after', examples(['evidence-vault device history 0001234 --json']))
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.history'), (vault, { out }) => {
        const rows = vault.lifecycle.history(number);
        out.result(rows, () => (rows.length ? table(headers(t(m.historyHeaders)), rows.map((a) => [a.officerId, a.fromAt, a.toAt ?? t(m.now), a.assignedBy])) : t(m.neverAssigned, { number })));
      });
    });
  device
    .command('show')
    .description(t(m.show))
    .argument('<number>', t(m.numberArg))
    .addHelpText('after', examples(['evidence-vault device show 0001234']))
    .action(async (number: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.show'), (vault, { out }) => {
        const r = vault.equipment.sheet(number);
        out.result(r, () => sheetText(r, r.volumeRule ? formatVolumeRule(r.volumeRule) : t(c.none)));
      });
    });
}
