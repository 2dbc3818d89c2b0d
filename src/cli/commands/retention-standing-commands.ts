import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { Access } from '../../core/types.js';
import type { StandingStatus, StandingView } from '../../services/retention-standing.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

/** Recording and revoking a standing disposal approval is the approvers' alone; anyone may see them. */
export const STANDING_ACCESS = {
  approve: accessFor('retention.standing.approve'),
  revoke: accessFor('retention.standing.revoke'),
  list: accessFor('retention.standing.list'),
} as const satisfies Record<string, Access>;

/** The `status` line about disposal. */
export function standingLine(s: StandingStatus): string {
  if (!s.live.length) return 'Standing disposal approval: none, the daily sweep disposes of nothing / 无常设销毁批准，不自动销毁';
  return s.live.map((a) => `Standing disposal approval #${a.id} / 常设销毁批准: ${a.scope}, ${a.validFrom} to ${a.validUntil}, signed by ${a.approvers.join(' and ')}`).join('\n');
}

const STATE_TEXT: Record<StandingView['state'], string> = {
  pending: 'pending: needs a second approver / 待第二审批人确认',
  live: 'live / 有效',
  'not-yet': 'confirmed, not yet in its period / 尚未生效',
  expired: 'over / 已过期',
  revoked: 'revoked / 已撤销',
};

function idOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(`"${text}" is not a standing approval id`, 'See: evidence-vault retention standing list');
  return n;
}

function describe(v: StandingView): string {
  return `#${v.id} ${v.scope}, ${v.validFrom} to ${v.validUntil}: ${STATE_TEXT[v.state]} (proposed by ${v.firstBy}${v.secondBy ? `, confirmed by ${v.secondBy}` : ''})`;
}

export function addStandingCommands(retention: Command): void {
  const standing = retention.command('standing').description('standing disposal approvals: what the daily sweep may dispose of (two approvers; without one it disposes of nothing)');

  standing
    .command('approve')
    .description('propose a standing disposal approval (approver); a second, different approver confirms it with its id')
    .argument('[id]', 'the pending approval to confirm (second approver)')
    .option('--scope <scope>', '"all", or "category:NAME" (recordings whose cases are all of that category)')
    .option('--from <date>', 'first day it applies, YYYY-MM-DD')
    .option('--until <date>', 'last day it applies, YYYY-MM-DD (at most a year after --from)')
    .option('--reason <text>', 'why disposal is approved')
    .addHelpText(
      'after',
      '\nExamples:\n  evidence-vault retention standing approve --scope all --from 2026-12-01 --until 2027-05-31 --reason "2026 年度到期录像常规销毁"\n  evidence-vault retention standing approve 3        # a second approver confirms #3',
    )
    .action(async (idText: string | undefined, opts: { scope?: string; from?: string; until?: string; reason?: string }, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.approve, (vault, { out }) => {
        const given = [opts.scope, opts.from, opts.until, opts.reason].filter((x) => x !== undefined).length;
        let v: StandingView;
        if (idText !== undefined) {
          if (given) throw new UserError('give either the id of a pending approval to confirm, or --scope, --from, --until and --reason to propose one, not both', 'Confirm: evidence-vault retention standing approve 3');
          v = vault.standingApprovals.confirm(idOf(idText));
        } else {
          if (given < 4) throw new UserError('a standing approval needs --scope, --from, --until and --reason', 'e.g. --scope all --from 2026-12-01 --until 2027-05-31 --reason "…"');
          v = vault.standingApprovals.propose({ scope: opts.scope!, from: opts.from!, until: opts.until!, reason: opts.reason! });
        }
        out.result(v, () =>
          v.state === 'pending'
            ? `Standing disposal approval ${describe(v)}.\nA second, different approver confirms it: evidence-vault retention standing approve ${v.id}`
            : `Standing disposal approval ${describe(v)}.`,
        );
      });
    });

  standing
    .command('list')
    .description('every standing disposal approval with its state (pending, live, not yet, over, revoked)')
    .addHelpText('after', '\nExample:\n  evidence-vault retention standing list --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.list, (vault, { out }) => {
        const rows = vault.standingApprovals.list();
        out.result(rows, () =>
          rows.length
            ? table(
                ['ID', 'SCOPE', 'FROM', 'UNTIL', 'STATE', 'PROPOSED', 'CONFIRMED', 'REASON'],
                rows.map((r) => [r.id, r.scope, r.validFrom, r.validUntil, STATE_TEXT[r.state], r.firstBy, r.secondBy ?? '', r.reason]),
              )
            : 'No standing disposal approvals: the daily sweep disposes of nothing / 无常设销毁批准',
        );
      });
    });

  standing
    .command('revoke')
    .description('revoke a standing disposal approval (one approver); the sweep stops disposing under it at once')
    .argument('<id>', 'approval id')
    .requiredOption('--reason <text>', 'why')
    .addHelpText('after', '\nExample:\n  evidence-vault retention standing revoke 3 --reason "收到新的信访投诉，暂停销毁"')
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.revoke, (vault, { out }) => {
        const v = vault.standingApprovals.revoke(idOf(idText), opts.reason);
        out.result(v, () => `Standing disposal approval ${describe(v)}.`);
      });
    });
}
