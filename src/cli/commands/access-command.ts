/** `access`: requests, approvals, working copies and their use (R13, P27, R14). */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { PURPOSE_LABELS, ACCESS_PURPOSES } from '../../core/access-request.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { language, t, tell } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { accessMessages as m } from '../messages/access.js';
import { commonMessages as c } from '../messages/common-a.js';
import { globalMessages as g } from '../messages/global-options.js';
import type { Said } from '../../core/errors.js';

export const ACCESS_ACCESS = {
  request: accessFor('access.request'),
  approve: accessFor('access.approve'),
  refuse: accessFor('access.refuse'),
  open: accessFor('access.open'),
  copy: accessFor('access.copy'),
  list: accessFor('access.list'),
  expire: accessFor('access.expire'),
} as const satisfies Record<string, Access>;

const positive = (text: string, what: Said, hint: Said) => {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new UserError(what, hint);
  return n;
};
const requestId = (text: string) => positive(text, said(m.notRequestId, { what: text }), m.requestIdHint);
const recordingIds = (text: string) => text.split(',').map((id) => positive(id, said(c.notRecordingId, { what: id }), m.recordingIdsHint));

/** A purpose or a state in the run's language: the Chinese name, or the code itself in English. */
const purposeName = (p: string) => (language() === 'zh' && p in PURPOSE_LABELS ? PURPOSE_LABELS[p as keyof typeof PURPOSE_LABELS] : p);
const STATES: Record<string, typeof m.stateOpen> = { open: m.stateOpen, refused: m.stateRefused, live: m.stateLive, ended: m.stateEnded, lapsed: m.stateLapsed };
const stateName = (s: string) => (STATES[s] ? t(STATES[s]) : s);

export function addAccessCommands(program: Command): void {
  const access = program.command('access').description(t(m.group));

  access
    .command('request')
    .description(t(m.request))
    .option('--recordings <ids>', t(m.recordingsOpt))
    .option('--case <number>', t(m.caseOpt))
    .requiredOption('--purpose <purpose>', t(m.purposeOpt, { list: ACCESS_PURPOSES.map((p) => (language() === 'zh' ? `${p}（${PURPOSE_LABELS[p]}）` : p)).join(', ') }))
    .requiredOption('--for <beneficiary>', t(m.forOpt))
    .requiredOption('--until <date>', t(m.untilOpt))
    .addHelpText('after', examples(['evidence-vault access request --recordings 812,813 --purpose view --for "当事人 张某 (P27)" --until 2026-12-05']))
    .action(async (opts: { recordings?: string; case?: string; purpose: string; for: string; until: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.request, (vault, { out }) => {
        const r = vault.access.service.request({ recordingIds: opts.recordings === undefined ? undefined : recordingIds(opts.recordings), caseNumber: opts.case, purpose: opts.purpose, beneficiary: opts.for, until: opts.until });
        out.result(r, () => t(m.filed, { id: r.id, count: r.recordings.length, until: r.until }));
      });
    });

  access
    .command('approve')
    .description(t(m.approve))
    .argument('<id>', t(m.idArg))
    .addHelpText('after', examples(['evidence-vault access approve 14']))
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.approve, async (vault, { out }) => {
        await vault.access.ending.expireEnded();
        const { copyFailure, ...r } = await vault.access.service.approve(requestId(idText));
        // A failure that says what to do (an account to make first) says it; any other: make the copy again.
        const next = copyFailure?.hint ? t(m.copyAfterFix, { hint: tell(copyFailure.hint), id: r.id }) : `evidence-vault access copy ${r.id}`;
        out.result(r, () =>
          [
            t(m.approved, { id: r.id, purpose: purposeName(r.purpose), until: r.until, endsAt: r.endsAt }),
            r.copy ? t(m.workingCopy, { path: r.copy }) : '',
            r.copyError ? `${t(m.copyFailed, { what: copyFailure ? tell(copyFailure.said) : r.copyError })}\n  ${t(g.tryLabel)}: ${next}` : '',
          ].filter(Boolean).join('\n'),
        );
        if (r.copyError) process.exitCode = 1;
      });
    });

  access
    .command('refuse')
    .description(t(m.refuse))
    .argument('<id>', t(m.idArg))
    .requiredOption('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault access refuse 14 --reason "与案件无关"']))
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.refuse, (vault, { out }) => {
        const id = requestId(idText);
        vault.access.service.refuse(id, opts.reason);
        out.result({ id, refused: true }, () => t(m.refused, { id }));
      });
    });

  access
    .command('open')
    .description(t(m.open))
    .argument('<id>', t(m.grantArg))
    .addHelpText('after', examples(['evidence-vault access open 14']))
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.open, async (vault, { out }) => {
        await vault.access.ending.expireEnded();
        const r = vault.access.service.open(requestId(idText));
        out.result(r, () => `${r.folder}\n${t(m.opened, { id: r.id, until: r.until })}`);
      });
    });

  access
    .command('copy')
    .description(t(m.copy))
    .argument('<id>', t(m.grantArg))
    .option('--to <dir>', t(m.toOpt))
    .addHelpText('after', examples(['evidence-vault access copy 15 --to /media/usb0', `evidence-vault access copy 14            ${t(m.copyRemake)}`]))
    .action(async (idText: string, opts: { to?: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.copy, async (vault, { out }) => {
        await vault.access.ending.expireEnded();
        const id = requestId(idText);
        const grant = vault.access.service.live(id, 'access.copy', { to: opts.to ?? null });
        if (opts.to !== undefined) {
          const r = await vault.access.copies.copyToMedia(grant, opts.to);
          out.result({ id, folder: r.folder, files: r.files }, () => t(m.copied, { count: r.files.length, folder: r.folder }));
          return;
        }
        if (grant.purpose !== 'view' && grant.purpose !== 'public-use') {
          throw new UserError(said(m.noWorkingCopy, { id, purpose: grant.purpose }), grant.purpose === 'copy' ? `evidence-vault access copy ${id} --to /media/…` : m.usedByDiscOrExport);
        }
        // There already: it is opened as `access open` opens it (its rules, its access.use on the record).
        const folder = grant.copyPath && vault.access.copies.exists(grant.copyPath) ? vault.access.service.open(id).folder : await vault.access.copies.makeWorkingCopy(grant);
        out.result({ id, folder }, () => t(m.workingCopy, { path: folder }));
      });
    });

  access
    .command('list')
    .description(t(m.list))
    .option('--all', t(m.allOpt))
    .addHelpText('after', examples(['evidence-vault access list --json']))
    .action(async (opts: { all?: boolean }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.list, async (vault, { out }) => {
        // Grants that ended while the dock service was stopped end now: their working copies go (R13).
        await vault.access.ending.expireEnded();
        const rows = vault.access.service.list(Boolean(opts.all));
        out.result(rows, () => {
          if (!rows.length) return t(opts.all ? m.noneAtAll : m.noneOpen);
          const hidden = rows.reduce((n, r) => n + r.hidden, 0);
          return (
            table(
              headers(t(m.headers)),
              rows.map((r) => [r.id, stateName(r.state), purposeName(r.purpose), r.beneficiary, r.until, r.requestedBy, r.decidedBy, [...r.recordings.map((x) => `${x.id} ${x.name}${x.officerId ? ` (${x.officerId})` : ''}`), r.hidden ? t(m.hiddenCount, { count: r.hidden }) : ''].filter(Boolean).join('; ')]),
            ) + (hidden ? `\n${t(m.aboveClearance, { count: hidden })}` : '')
          );
        });
      });
    });

  access
    .command('expire-now')
    .description(t(m.expire))
    .addHelpText('after', examples(['evidence-vault access expire-now']))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.expire, async (vault, { out }) => {
        const ended = await vault.access.ending.expireEnded();
        out.result({ ended }, () => (ended.length ? ended.map((e) => `${t(m.ended, { id: e.id })}${e.removed ? t(m.removed, { path: e.removed }) : ''}`).join('\n') : t(m.noneToEnd)));
      });
    });
}
