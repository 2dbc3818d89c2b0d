import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { Operator } from '../../core/access-policy.js';
import { ROLES, type Role } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { language, t } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { operatorMessages as m } from '../messages/operator.js';
import { commonMessages as c } from '../messages/common-a.js';
import { levelName } from './classified-rows.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];
/** A role's name in the run's language (the code itself in English: it is what --role takes). */
const roleName = (r: string) => ((ROLES as readonly string[]).includes(r) ? t(m[r as Role]) : r);
const roleChoices = () => t(m.roleOpt, { roles: ROLES.map((r) => (language() === 'zh' ? `${r}（${roleName(r)}）` : r)).join(', ') });

/** One operator for a person: login, name, roles, and whether deactivated. */
export const operatorLine = (o: Operator): string =>
  `${o.osUser} (${o.name}): ${o.roles.map(roleName).join(', ') || t(c.noRoles)}${o.active ? '' : ` ${t(c.deactivated)}`}`;
const describe = operatorLine;

export function addOperatorCommands(program: Command): void {
  const operator = program.command('operator').description(t(m.group));
  operator
    .command('add')
    .description(t(m.add))
    .argument('<os-user>', t(m.osUserNew))
    .requiredOption('--name <name>', t(m.nameOpt))
    .requiredOption('--role <role>', roleChoices(), collect)
    .addHelpText('after', examples(['evidence-vault operator add zhangsan --name 张三 --role custodian --role archivist']))
    .action(async (osUser: string, opts: { name: string; role: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.add'), (vault, { out }) => {
        const o = vault.operators.add({ osUser, name: opts.name, roles: opts.role });
        out.result(o, () => t(m.added, { what: describe(o) }));
      });
    });
  operator
    .command('roles')
    .description(t(m.roles))
    .argument('<os-user>', t(m.osUserArg))
    .requiredOption('--role <role>', roleChoices(), collect)
    .addHelpText('after', examples(['evidence-vault operator roles zhangsan --role custodian --role auditor']))
    .action(async (osUser: string, opts: { role: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.roles'), (vault, { out }) => {
        // A reactivation brings back no grant of the time before: any still live is ended first, in the
        // same transaction (a deactivation by another administrator cannot come between).
        const o = vault.operators.setRoles(osUser, opts.role, () => vault.access.ending.endDeparted());
        out.result(o, () => t(m.operator, { what: describe(o) }));
      });
    });
  operator
    .command('deactivate')
    .description(t(m.deactivate))
    .argument('<os-user>', t(m.osUserArg))
    .addHelpText('after', examples(['evidence-vault operator deactivate zhangsan']))
    .action(async (osUser: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.deactivate'), async (vault, { out }) => {
        const o = vault.operators.deactivate(osUser);
        // Their grants end with them, and what their clearance let out to them is withdrawn (R13, R14).
        await vault.access.ending.expireEnded();
        out.result(o, () => t(m.operator, { what: describe(o) }));
      });
    });
  operator
    .command('list')
    .description(t(m.list))
    .addHelpText('after', examples(['evidence-vault operator list --json']))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.list'), (vault, { out }) => {
        // With each operator's clearance (R14): what footage they may see.
        const rows = vault.operators.list().map((o) => ({ ...o, clearance: vault.classification.clearanceOf(o.osUser) }));
        out.result(rows, () =>
          table(headers(t(m.listHeaders)), rows.map((o) => [o.osUser, o.name, o.roles.map(roleName).join(','), t(o.active ? c.yes : c.no), o.createdAt, levelName(o.clearance)])),
        );
      });
    });
}
