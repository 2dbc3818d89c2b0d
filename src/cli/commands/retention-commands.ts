import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { Access } from '../../core/types.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { recordingJson } from './recordings-command.js';
import { Hiding, HIDDEN_CELL } from './classified-rows.js';
import { addStandingCommands } from './retention-standing-commands.js';
import { said } from '../../core/i18n/said.js';
import { coded, language, t } from '../language.js';
import { HOLD_REASON_ZH } from '../../core/i18n/code-names.js';
import { retentionMessages as m } from '../messages/retention.js';

/** A dry run is a report; disposal is the approver's alone (R12(3)), signed by name. */
export const RETENTION_ACCESS = {
  show: accessFor('retention.show'),
  status: accessFor('retention.status'),
  plan: accessFor('retention.run'),
  dispose: accessFor('retention.dispose'),
} as const satisfies Record<string, Access>;

export function retentionRunAccess(execute: boolean): Access {
  return execute ? RETENTION_ACCESS.dispose : RETENTION_ACCESS.plan;
}

const DEFAULT_LIST_LIMIT = 100;

function parseLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(said(m.notALimit, { value: text }), m.limitHint);
  return n;
}

export function addRetentionCommands(program: Command): void {
  const retention = program.command('retention').description(t(m.group));
  addStandingCommands(retention);

  retention
    .command('status')
    .description(t(m.status))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault retention status --json`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, RETENTION_ACCESS.status, (vault, { out }) => {
        const s = vault.retention.statusOnRecord();
        out.result(s, () =>
          [
            t(m.statusHead, { date: s.today, months: s.minimumMonths, to: s.cutoff }),
            t(m.statusTotal, { count: s.total }),
            t(m.statusInside, { count: s.insideMinimum }),
            t(m.statusEligible, { count: s.eligible }),
            t(m.statusHeld, { count: s.held.total, list: Object.entries(s.held.byReason).map(([r, n]) => `${coded(r, HOLD_REASON_ZH)} ${n}`).join(language() === 'zh' ? '，' : ', ') }),
            t(m.statusDisposed, { count: s.disposed, unfinished: s.unfinishedDisposals }),
            t(m.statusDisk, {
              free: formatBytes(s.disk.freeBytes),
              rest:
                s.disk.daysLeft === null
                  ? t(m.noRecentIngest)
                  : s.disk.daysLeft > 36_500
                    ? t(m.fullNever, { size: formatBytes(s.disk.bytesPerDay) })
                    : t(m.fullIn, { size: formatBytes(s.disk.bytesPerDay), days: s.disk.daysLeft, date: String(s.disk.fullOn) }),
            }),
          ].join('\n'),
        );
      });
    });

  retention
    .command('show')
    .description(t(m.show))
    .argument('<id>', t(m.idArg))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault retention show 42 --json`)
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, RETENTION_ACCESS.show, (vault, { out }) => {
        const r = vault.catalogue.recording(idText);
        const id = r.id;
        const d = vault.retention.details(r);
        out.result({ id, localDate: r.localDate, ...d }, () =>
          [
            t(m.showHead, { id, date: r.localDate, state: d.state }),
            t(m.keptThrough, { to: d.keptThrough, from: d.eligibleFrom }),
            d.correctionFloor ? t(m.correctionFloor, { date: d.correctionFloor }) : '',
            d.heldBy.length ? t(m.heldBy, { list: d.heldBy.map((h) => `#${h.id} ${coded(h.reason, HOLD_REASON_ZH)}${h.caseId !== null ? t(m.heldByCase, { id: h.caseId }) : ''}`).join(language() === 'zh' ? '；' : ', ') }) : '',
            d.cases.length ? t(m.cases, { list: d.cases.join(', ') }) : '',
            d.tombstone ? t(m.tombstone, { at: d.tombstone.disposedAt, name: d.tombstone.approvedBy, reason: d.tombstone.reason, unfinished: !d.tombstone.fileRemovedAt }) : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  retention
    .command('run')
    .description(t(m.run))
    .option('--execute', t(m.execute))
    .option('--reason <text>', t(m.reason))
    .option('--limit <n>', t(m.limit, { count: DEFAULT_LIST_LIMIT }))
    .addHelpText(
      'after',
      `\n${t(m.examples)}\n  evidence-vault retention run --json\n  evidence-vault retention run --execute --reason "保存期满，2026年第四季度清理"\n\n${t(m.runNotes)}`,
    )
    .action(async (opts: { execute?: boolean; reason?: string; limit?: string }, cmd: Command) => {
      const execute = Boolean(opts.execute);
      await withVault(cmd, retentionRunAccess(execute), async (vault, { out }) => {
        const limit = parseLimit(opts.limit);
        if (!execute) {
          const { plan, finished, refused } = await vault.retention.dryRun(limit ?? DEFAULT_LIST_LIMIT);
          if (refused.length) process.exitCode = 1;
          // R14: footage above the operator's clearance keeps its id, level and date; its details are hidden.
          const hiding = new Hiding(vault.classification.sight());
          const eligible = plan.eligible.map((r) => ({ r, ...hiding.recording(r.id) }));
          const eligibleJson = eligible.map(({ r, level, hidden }) => (hidden ? hiding.row(r.id, level, r.localDate) : recordingJson(r)));
          out.result({ dryRun: true, today: plan.today, cutoff: plan.cutoff, eligibleCount: plan.eligibleCount, truncated: plan.truncated, finished, refused, eligible: eligibleJson, hidden: hiding.count }, () =>
            [
              finished ? t(m.finished, { count: finished }) : '',
              ...refused.map((x) => t(m.notFinished, { id: x.id, path: x.vaultPath, what: x.found })),
              plan.eligible.length
                ? table([t(m.colId), t(m.colDate), t(m.colDevice), t(m.colSize), t(m.colPath)], eligible.map(({ r, hidden }) => (hidden ? [r.id, r.localDate, '', '', HIDDEN_CELL] : [r.id, r.localDate, r.deviceNumber ?? '?', formatBytes(r.size), r.vaultPath]))) + hiding.line()
                : '',
              t(m.mayBeDisposed, { count: plan.eligibleCount, shown: plan.eligible.length, truncated: plan.truncated }),
              plan.eligibleCount ? t(m.toDispose) : '',
            ]
              .filter(Boolean)
              .join('\n'),
          );
          return;
        }
        const approver = vault.session.operator;
        const r = await vault.retention.dispose({ reason: opts.reason ?? '', approver, limit, progress: createProgress(t(m.progress), !out.json) });
        out.result({ dryRun: false, approvedBy: approver, reason: opts.reason, finished: r.finished, bytes: r.bytes, disposed: r.disposed, refused: r.refused }, () =>
          [
            t(m.disposed, { count: r.disposed.length, size: formatBytes(r.bytes), name: approver, finished: r.finished }),
            ...r.refused.map((x) => t(m.notRemoved, { id: x.id, path: x.vaultPath, what: x.found })),
            r.refused.length ? t(m.notCatalogued) : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        if (r.refused.length) process.exitCode = 1;
      });
    });
}
