import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

export function addRegisterCommands(program: Command): void {
  const device = program.command('device').description('the recorder register (R11: numbered and registered)');
  device
    .command('add')
    .description('register a recorder')
    .requiredOption('--number <n>', 'the recorder\'s number (编号)')
    .requiredOption('--brand <brand>', 'brand')
    .requiredOption('--model <model>', 'model')
    .option('--serial <serial>', 'USB serial number, to recognise it when docked')
    .option('--asset-number <n>', 'fixed-asset number (资产编号, R16)')
    .option('--purchased <date>', 'purchase date (购置日期), YYYY-MM-DD')
    .addHelpText('after', '\nExample:\n  evidence-vault device add --number 0001234 --brand 海康威视 --model DSJ-A8 --serial HK0001234 --asset-number ZC-2026-001 --purchased 2026-03-15')
    .action(async (opts: { number: string; brand: string; model: string; serial?: string; assetNumber?: string; purchased?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.add'), (vault, { out }) => {
        const d = vault.registers.addDevice(opts);
        out.result(d, () => `Registered recorder ${d.number} (${d.brand} ${d.model}${d.serial ? `, serial ${d.serial}` : ''}).`);
      });
    });
  device
    .command('list')
    .description('list registered recorders')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.list'), (vault, { out }) => {
        const rows = vault.registers.devices();
        out.result(rows, () =>
          rows.length ? table(['NUMBER', 'BRAND', 'MODEL', 'SERIAL', 'ASSET', 'PURCHASED', 'REGISTERED'], rows.map((d) => [d.number, d.brand, d.model, d.serial, d.assetNumber, d.purchasedOn, d.createdAt])) : 'No recorders registered yet: evidence-vault device add --help',
        );
      });
    });

  const officer = program.command('officer').description('the officer register (who wears the recorders)');
  officer
    .command('add')
    .description('register an officer')
    .requiredOption('--id <id>', 'the officer\'s number (警号)')
    .requiredOption('--name <name>', 'full name')
    .option('--unit <unit>', 'unit or team')
    .addHelpText('after', '\nExample:\n  evidence-vault officer add --id 110101 --name 张三 --unit 执法一队')
    .action(async (opts: { id: string; name: string; unit?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('officer.add'), (vault, { out }) => {
        const o = vault.registers.addOfficer(opts);
        out.result(o, () => `Registered officer ${o.id} ${o.name}${o.unit ? ` (${o.unit})` : ''}.`);
      });
    });
  officer
    .command('list')
    .description('list registered officers')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('officer.list'), (vault, { out }) => {
        const rows = vault.registers.officers();
        out.result(rows, () => (rows.length ? table(['ID', 'NAME', 'UNIT', 'STATUS', 'SINCE', 'REGISTERED'], rows.map((o) => [o.id, o.name, o.unit, o.status, o.statusDate, o.createdAt])) : 'No officers registered yet: evidence-vault officer add --help'));
      });
    });
}
