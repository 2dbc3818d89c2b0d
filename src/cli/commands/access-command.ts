/** `access`: requests, approvals, working copies and their use (R13, P27, R14). */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { PURPOSE_LABELS, ACCESS_PURPOSES } from '../../core/access-request.js';
import { UserError } from '../../core/errors.js';
import type { Access } from '../../core/types.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

export const ACCESS_ACCESS = {
  request: accessFor('access.request'),
  approve: accessFor('access.approve'),
  refuse: accessFor('access.refuse'),
  open: accessFor('access.open'),
  copy: accessFor('access.copy'),
  list: accessFor('access.list'),
  expire: accessFor('access.expire'),
} as const satisfies Record<string, Access>;

const positive = (text: string, what: string, hint: string) => {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n <= 0) throw new UserError(`"${text}" is not ${what}`, hint);
  return n;
};
const requestId = (text: string) => positive(text, 'an access request id', 'See: evidence-vault access list --all');
const recordingIds = (text: string) => text.split(',').map((t) => positive(t, 'a recording id', 'Give ids like --recordings 812,813 (see evidence-vault recordings list)'));

export function addAccessCommands(program: Command): void {
  const access = program.command('access').description('footage seen or copied only by approval (R13, P27): requests, grants, working copies');

  access
    .command('request')
    .description('file a request to view, copy, use publicly, put on a disc or archive recordings (an approver decides it)')
    .option('--recordings <ids>', 'recording ids, comma-separated')
    .option('--case <number>', "every recording of a case (as linked now)")
    .requiredOption('--purpose <purpose>', ACCESS_PURPOSES.map((p) => `${p} (${PURPOSE_LABELS[p]})`).join(', '))
    .requiredOption('--for <beneficiary>', 'who the footage is for and their standing, e.g. "当事人 张某 (P27)"')
    .requiredOption('--until <date>', 'the last day the grant may be used (YYYY-MM-DD, the unit\u2019s zone)')
    .addHelpText('after', '\nExample:\n  evidence-vault access request --recordings 812,813 --purpose view --for "当事人 张某 (P27)" --until 2026-12-05')
    .action(async (opts: { recordings?: string; case?: string; purpose: string; for: string; until: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.request, (vault, { out }) => {
        const r = vault.access.service.request({ recordingIds: opts.recordings === undefined ? undefined : recordingIds(opts.recordings), caseNumber: opts.case, purpose: opts.purpose, beneficiary: opts.for, until: opts.until });
        out.result(r, () => `Access request ${r.id} filed (${r.recordings.length} recording(s), until ${r.until}) / 申请已提交. An approver decides it: evidence-vault access approve ${r.id}`);
      });
    });

  access
    .command('approve')
    .description('approve a request (approver; never the requester; clearance must cover every recording). View and public use get a working copy now')
    .argument('<id>', 'request id')
    .addHelpText('after', '\nExample:\n  evidence-vault access approve 14')
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.approve, async (vault, { out }) => {
        await vault.access.copies.expireEnded();
        const r = await vault.access.service.approve(requestId(idText));
        out.result(r, () =>
          [
            `Access ${r.id} approved (${r.purpose}) until ${r.until}; it ends at ${r.endsAt} / 已批准`,
            r.copy ? `Working copy: ${r.copy}` : '',
            r.copyError ? `The working copy could not be made / 工作副本未能生成: ${r.copyError}\n  try: evidence-vault access copy ${r.id}` : '',
          ].filter(Boolean).join('\n'),
        );
        if (r.copyError) process.exitCode = 1;
      });
    });

  access
    .command('refuse')
    .description('refuse a request, with the reason (approver; never the requester)')
    .argument('<id>', 'request id')
    .requiredOption('--reason <text>', 'why it is refused')
    .addHelpText('after', '\nExample:\n  evidence-vault access refuse 14 --reason "与案件无关"')
    .action(async (idText: string, opts: { reason: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.refuse, (vault, { out }) => {
        const id = requestId(idText);
        vault.access.service.refuse(id, opts.reason);
        out.result({ id, refused: true }, () => `Access request ${id} refused / 不予批准.`);
      });
    });

  access
    .command('open')
    .description('use a live grant: print its working copy folder (each use is recorded)')
    .argument('<id>', 'grant id')
    .addHelpText('after', '\nExample:\n  evidence-vault access open 14')
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.open, async (vault, { out }) => {
        await vault.access.copies.expireEnded();
        const r = vault.access.service.open(requestId(idText));
        out.result(r, () => `${r.folder}\n(grant ${r.id}, until ${r.until}; the folder is removed when the grant ends / 授权到期后自动删除)`);
      });
    });

  access
    .command('copy')
    .description('make the working copy again (view, public use), or with --to copy onto removable media (purpose copy, P27)')
    .argument('<id>', 'grant id')
    .option('--to <dir>', 'the mount point of the removable medium')
    .addHelpText('after', '\nExamples:\n  evidence-vault access copy 15 --to /media/usb0\n  evidence-vault access copy 14            # remake a working copy that failed at approval')
    .action(async (idText: string, opts: { to?: string }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.copy, async (vault, { out }) => {
        await vault.access.copies.expireEnded();
        const id = requestId(idText);
        const grant = vault.access.service.live(id, 'access.copy', { to: opts.to ?? null });
        if (opts.to !== undefined) {
          const r = await vault.access.copies.copyToMedia(grant, opts.to);
          out.result({ id, folder: r.folder, files: r.files }, () => `Copied ${r.files.length} file(s) with MANIFEST.json and SHA256SUMS to ${r.folder} / 已复制到介质`);
          return;
        }
        if (grant.purpose !== 'view' && grant.purpose !== 'public-use') {
          throw new UserError(`access ${id} is for purpose ${grant.purpose}: it has no working copy in the vault / 该授权无工作副本`, grant.purpose === 'copy' ? `evidence-vault access copy ${id} --to /media/…` : 'It is used by disc build or export.');
        }
        const folder = await vault.access.copies.makeWorkingCopy(grant);
        out.result({ id, folder }, () => `Working copy: ${folder}`);
      });
    });

  access
    .command('list')
    .description('open requests and live grants (--all: ended and refused ones too); footage above your clearance is counted, not named')
    .option('--all', 'include refused, lapsed and ended ones')
    .addHelpText('after', '\nExample:\n  evidence-vault access list --json')
    .action(async (opts: { all?: boolean }, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.list, async (vault, { out }) => {
        // Grants that ended while the dock service was stopped end now: their working copies go (R13).
        await vault.access.copies.expireEnded();
        const rows = vault.access.service.list(Boolean(opts.all));
        out.result(rows, () => {
          if (!rows.length) return opts.all ? 'No access requests.' : 'No open requests or live grants. (--all for the others)';
          const hidden = rows.reduce((n, r) => n + r.hidden, 0);
          return (
            table(
              ['ID', 'STATE', 'PURPOSE', 'FOR', 'UNTIL', 'ASKED BY', 'DECIDED BY', 'RECORDINGS'],
              rows.map((r) => [r.id, r.state, r.purpose, r.beneficiary, r.until, r.requestedBy, r.decidedBy, [...r.recordings.map((x) => `${x.id} ${x.name}${x.officerId ? ` (${x.officerId})` : ''}`), r.hidden ? `+${r.hidden} hidden` : ''].filter(Boolean).join('; ')]),
            ) + (hidden ? `\n${hidden} recording(s) above your clearance are not described / 超出您密级权限的影像未显示详情` : '')
          );
        });
      });
    });

  access
    .command('expire-now')
    .description('end grants past their last day now and remove their working copies (the service does this by itself)')
    .addHelpText('after', '\nExample:\n  evidence-vault access expire-now')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, ACCESS_ACCESS.expire, async (vault, { out }) => {
        const ended = await vault.access.copies.expireEnded();
        out.result({ ended }, () => (ended.length ? ended.map((e) => `Grant ${e.id} ended${e.removed ? `; removed ${e.removed}` : ''}`).join('\n') : 'No grant to end.'));
      });
    });
}
