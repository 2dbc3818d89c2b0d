import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { Access } from '../../core/types.js';
import type { StandingStatus, StandingView } from '../../services/retention-standing.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { said } from '../../core/i18n/said.js';
import type { Message } from '../../core/i18n/messages.js';
import { t } from '../language.js';
import { standingMessages as m } from '../messages/retention-standing.js';

/** Recording and revoking a standing disposal approval is the approvers' alone; anyone may see them. */
export const STANDING_ACCESS = {
  approve: accessFor('retention.standing.approve'),
  revoke: accessFor('retention.standing.revoke'),
  list: accessFor('retention.standing.list'),
} as const satisfies Record<string, Access>;

/** The `status` line about disposal. */
export function standingLine(s: StandingStatus): string {
  if (!s.live.length) return t(m.none);
  return s.live.map((a) => t(m.live, { id: a.id, what: a.scope, from: a.validFrom, to: a.validUntil, list: a.approvers.join(t(m.and)) })).join('\n');
}

const STATE_TEXT: Record<StandingView['state'], Message> = {
  pending: m.statePending,
  live: m.stateLive,
  'not-yet': m.stateNotYet,
  expired: m.stateExpired,
  revoked: m.stateRevoked,
};

function idOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UserError(said(m.notAnId, { value: text }), m.seeList);
  return n;
}

function describe(v: StandingView): string {
  return t(m.line, { id: v.id, what: v.scope, from: v.validFrom, to: v.validUntil, state: t(STATE_TEXT[v.state]), first: v.firstBy, second: v.secondBy ?? null });
}

export function addStandingCommands(retention: Command): void {
  const standing = retention.command('standing').description(t(m.group));

  standing
    .command('approve')
    .description(t(m.approve))
    .argument('[id]', t(m.idArg))
    .option('--scope <scope>', t(m.scope))
    .option('--from <date>', t(m.from))
    .option('--until <date>', t(m.until))
    .option('--reason <text>', t(m.reason))
    .addHelpText(
      'after',
      `\n${t(m.examples)}\n  evidence-vault retention standing approve --scope all --from 2026-12-01 --until 2027-05-31 --reason "2026 年度到期录像常规销毁"\n  evidence-vault retention standing approve 3        ${t(m.confirmNote)}`,
    )
    .action(async (idText: string | undefined, opts: { scope?: string; from?: string; until?: string; reason?: string }, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.approve, (vault, { out }) => {
        const given = [opts.scope, opts.from, opts.until, opts.reason].filter((x) => x !== undefined).length;
        let v: StandingView;
        if (idText !== undefined) {
          if (given) throw new UserError(m.notBoth, m.notBothHint);
          v = vault.standingApprovals.confirm(idOf(idText));
        } else {
          if (given < 4) throw new UserError(m.needsAll, m.needsAllHint);
          v = vault.standingApprovals.propose({ scope: opts.scope!, from: opts.from!, until: opts.until!, reason: opts.reason! });
        }
        out.result(v, () =>
          v.state === 'pending'
            ? `${t(m.result, { what: describe(v) })}\n${t(m.secondConfirms, { id: v.id })}`
            : t(m.result, { what: describe(v) }),
        );
      });
    });

  standing
    .command('list')
    .description(t(m.list))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault retention standing list --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.list, (vault, { out }) => {
        const rows = vault.standingApprovals.list();
        out.result(rows, () =>
          rows.length
            ? table(
                [t(m.colId), t(m.colScope), t(m.colFrom), t(m.colUntil), t(m.colState), t(m.colProposed), t(m.colConfirmed), t(m.colReason)],
                rows.map((r) => [r.id, r.scope, r.validFrom, r.validUntil, t(STATE_TEXT[r.state]), r.firstBy, r.secondBy ?? '', r.reason]),
              )
            : t(m.noneListed),
        );
      });
    });

  standing
    .command('revoke')
    .description(t(m.revoke))
    .argument('<id>', t(m.approvalId))
    .requiredOption('--reason <text>', t(m.why))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault retention standing revoke 3 --reason "收到新的信访投诉，暂停销毁"`)
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, STANDING_ACCESS.revoke, (vault, { out }) => {
        const v = vault.standingApprovals.revoke(idOf(idText), opts.reason);
        out.result(v, () => t(m.result, { what: describe(v) }));
      });
    });
}
