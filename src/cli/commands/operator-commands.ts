import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { Operator } from '../../core/access-policy.js';
import { ROLES } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
const describe = (o: Operator) => `${o.osUser} (${o.name}): ${o.roles.join(', ') || 'no roles'}${o.active ? '' : ' [deactivated]'}`;

export function addOperatorCommands(program: Command): void {
  const operator = program.command('operator').description('who may use the vault, and in which roles (custodian, archivist, auditor, approver, admin)');
  operator
    .command('add')
    .description('make an OS account an operator with one or more roles')
    .argument('<os-user>', 'the login name the person uses on this PC')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `a role (repeat for several): ${ROLES.join(', ')}`, collect)
    .addHelpText('after', '\nExample:\n  evidence-vault operator add zhangsan --name 张三 --role custodian --role archivist')
    .action(async (osUser: string, opts: { name: string; role: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.add'), (vault, { out }) => {
        const o = vault.operators.add({ osUser, name: opts.name, roles: opts.role });
        out.result(o, () => `Added operator ${describe(o)}.`);
      });
    });
  operator
    .command('roles')
    .description('replace an operator\'s roles (and re-activate a deactivated one)')
    .argument('<os-user>', 'the operator\'s login name')
    .requiredOption('--role <role>', `a role (repeat for several): ${ROLES.join(', ')}`, collect)
    .addHelpText('after', '\nExample:\n  evidence-vault operator roles zhangsan --role custodian --role auditor')
    .action(async (osUser: string, opts: { role: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.roles'), (vault, { out }) => {
        const o = vault.operators.setRoles(osUser, opts.role);
        out.result(o, () => `Operator ${describe(o)}.`);
      });
    });
  operator
    .command('deactivate')
    .description('stop an operator from using the vault (kept on record, never deleted)')
    .argument('<os-user>', 'the operator\'s login name')
    .addHelpText('after', '\nExample:\n  evidence-vault operator deactivate zhangsan')
    .action(async (osUser: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.deactivate'), (vault, { out }) => {
        const o = vault.operators.deactivate(osUser);
        out.result(o, () => `Operator ${describe(o)}.`);
      });
    });
  operator
    .command('list')
    .description('list operators and their roles')
    .addHelpText('after', '\nExample:\n  evidence-vault operator list --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.list'), (vault, { out }) => {
        // With each operator's clearance (R14): what footage they may see.
        const rows = vault.operators.list().map((o) => ({ ...o, clearance: vault.classification.clearanceOf(o.osUser) }));
        out.result(rows, () =>
          table(['OS USER', 'NAME', 'ROLES', 'ACTIVE', 'SINCE', 'CLEARANCE'], rows.map((o) => [o.osUser, o.name, o.roles.join(','), o.active ? 'yes' : 'no', o.createdAt, o.clearance])),
        );
      });
    });
}
