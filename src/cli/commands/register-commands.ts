import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { t } from '../language.js';
import { registerMessages as m } from '../messages/register.js';

export function addRegisterCommands(program: Command): void {
  const device = program.command('device').description(t(m.device));
  device
    .command('add')
    .description(t(m.deviceAdd))
    .requiredOption('--number <n>', t(m.number))
    .requiredOption('--brand <brand>', t(m.brand))
    .requiredOption('--model <model>', t(m.model))
    .option('--serial <serial>', t(m.serial))
    .option('--asset-number <n>', t(m.asset))
    .option('--purchased <date>', t(m.purchased))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault device add --number 0001234 --brand 海康威视 --model DSJ-A8 --serial HK0001234 --asset-number ZC-2026-001 --purchased 2026-03-15`)
    .action(async (opts: { number: string; brand: string; model: string; serial?: string; assetNumber?: string; purchased?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.add'), (vault, { out }) => {
        const d = vault.registers.addDevice(opts);
        out.result(d, () => t(m.deviceAdded, { number: d.number, brand: d.brand, model: d.model, serial: d.serial }));
      });
    });
  device
    .command('list')
    .description(t(m.deviceList))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault device list --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.list'), (vault, { out }) => {
        const rows = vault.registers.devices();
        out.result(rows, () =>
          rows.length ? table([t(m.colNumber), t(m.colBrand), t(m.colModel), t(m.colSerial), t(m.colAsset), t(m.colPurchased), t(m.colRegistered)], rows.map((d) => [d.number, d.brand, d.model, d.serial, d.assetNumber, d.purchasedOn, d.createdAt])) : t(m.noDevices),
        );
      });
    });

  const officer = program.command('officer').description(t(m.officer));
  officer
    .command('add')
    .description(t(m.officerAdd))
    .requiredOption('--id <id>', t(m.officerId))
    .requiredOption('--name <name>', t(m.fullName))
    .option('--unit <unit>', t(m.unit))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault officer add --id 110101 --name 张三 --unit 执法一队`)
    .action(async (opts: { id: string; name: string; unit?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('officer.add'), (vault, { out }) => {
        const o = vault.registers.addOfficer(opts);
        out.result(o, () => t(m.officerAdded, { id: o.id, name: o.name, unit: o.unit }));
      });
    });
  officer
    .command('list')
    .description(t(m.officerList))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault officer list --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('officer.list'), (vault, { out }) => {
        const rows = vault.registers.officers();
        out.result(rows, () => (rows.length ? table([t(m.colId), t(m.colName), t(m.colUnit), t(m.colStatus), t(m.colSince), t(m.colRegistered)], rows.map((o) => [o.id, o.name, o.unit, o.status, o.statusDate, o.createdAt])) : t(m.noOfficers)));
      });
    });
}
