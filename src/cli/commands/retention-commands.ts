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
  if (!Number.isInteger(n) || n < 0) throw new UserError(`--limit "${text}" is not a whole number`, 'Use e.g. --limit 500 (0 lists none, only counts).');
  return n;
}

export function addRetentionCommands(program: Command): void {
  const retention = program.command('retention').description('retention periods (R12(3): at least six months), holds, and lawful disposal');
  addStandingCommands(retention);

  retention
    .command('status')
    .description('recordings inside their minimum period, eligible for disposal, held (by reason), disposed; when the disk fills')
    .addHelpText('after', '\nExample:\n  evidence-vault retention status --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, RETENTION_ACCESS.status, (vault, { out }) => {
        const s = vault.retention.statusOnRecord();
        out.result(s, () =>
          [
            `Retention on ${s.today}: at least ${s.minimumMonths} months (recordings made on or before ${s.cutoff} are past it)`,
            `  recordings        ${s.total}`,
            `  inside period     ${s.insideMinimum}`,
            `  eligible          ${s.eligible}`,
            `  held              ${s.held.total}${Object.keys(s.held.byReason).length ? `  (${Object.entries(s.held.byReason).map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`,
            `  disposed          ${s.disposed}${s.unfinishedDisposals ? `  (${s.unfinishedDisposals} interrupted: the next retention run finishes them)` : ''}`,
            `  disk              ${formatBytes(s.disk.freeBytes)} free; ${s.disk.daysLeft === null ? 'no recent ingest' : `${formatBytes(s.disk.bytesPerDay)}/day ingested lately: ${s.disk.daysLeft > 36_500 ? 'full in more than a hundred years' : `full in about ${s.disk.daysLeft} days (${s.disk.fullOn})`}`}`,
          ].join('\n'),
        );
      });
    });

  retention
    .command('show')
    .description("one recording's retention: kept through, eligible from, what holds it, or its tombstone")
    .argument('<id>', 'recording id')
    .addHelpText('after', '\nExample:\n  evidence-vault retention show 42 --json')
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, RETENTION_ACCESS.show, (vault, { out }) => {
        const r = vault.catalogue.recording(idText);
        const id = r.id;
        const d = vault.retention.details(r);
        out.result({ id, localDate: r.localDate, ...d }, () =>
          [
            `#${id} made ${r.localDate}: ${d.state}`,
            `  kept through ${d.keptThrough}, may be disposed of from ${d.eligibleFrom} unless held`,
            d.correctionFloor ? `  a hold on it was corrected: kept at least through ${d.correctionFloor} (six months from the correction, R12(3)) / 保存期限自更正之日起不少于六个月` : '',
            d.heldBy.length ? `  held by ${d.heldBy.map((h) => `#${h.id} ${h.reason}${h.caseId !== null ? ` (case #${h.caseId})` : ''}`).join(', ')}` : '',
            d.cases.length ? `  cases ${d.cases.join(', ')}` : '',
            d.tombstone ? `  disposed ${d.tombstone.disposedAt} by ${d.tombstone.approvedBy}: ${d.tombstone.reason}${d.tombstone.fileRemovedAt ? '' : ' (file removal unfinished)'}` : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
      });
    });

  retention
    .command('run')
    .description('list what may be disposed of (dry run); with --execute and --reason, an approver disposes of it, leaving tombstones')
    .option('--execute', 'really dispose (approver only); without it nothing is removed')
    .option('--reason <text>', 'why (required with --execute), recorded in each tombstone')
    .option('--limit <n>', `dry run: how many to list (default ${DEFAULT_LIST_LIMIT}, 0 = count only); --execute: dispose of at most this many, oldest first`)
    .addHelpText(
      'after',
      '\nExamples:\n  evidence-vault retention run --json\n  evidence-vault retention run --execute --reason "保存期满，2026年第四季度清理"\n\nThe count is always complete; the list shows the oldest first. Disposals a crash interrupted are finished by any run.',
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
              finished ? `Finished ${finished} disposals a crash had interrupted.` : '',
              ...refused.map((x) => `  ✗ recording ${x.id} (${x.vaultPath}): an interrupted disposal was not finished / 未完成: ${x.found}`),
              plan.eligible.length
                ? table(['ID', 'LOCAL DATE', 'DEVICE', 'SIZE', 'PATH'], eligible.map(({ r, hidden }) => (hidden ? [r.id, r.localDate, '', '', HIDDEN_CELL] : [r.id, r.localDate, r.deviceNumber ?? '?', formatBytes(r.size), r.vaultPath]))) + hiding.line()
                : '',
              `${plan.eligibleCount} recordings may be disposed of${plan.truncated ? ` (${plan.eligible.length} oldest shown; --limit N for more)` : ''}. Dry run: nothing removed.`,
              plan.eligibleCount ? 'To dispose, an approver runs: evidence-vault retention run --execute --reason "…"' : '',
            ]
              .filter(Boolean)
              .join('\n'),
          );
          return;
        }
        const approver = vault.session.operator;
        const r = await vault.retention.dispose({ reason: opts.reason ?? '', approver, limit, progress: createProgress('dispose', !out.json) });
        out.result({ dryRun: false, approvedBy: approver, reason: opts.reason, finished: r.finished, bytes: r.bytes, disposed: r.disposed, refused: r.refused }, () =>
          [
            `Disposed of ${r.disposed.length} recordings (${formatBytes(r.bytes)}), approved by ${approver}; each left a tombstone.${r.finished ? ` Finished ${r.finished} interrupted disposals.` : ''}`,
            ...r.refused.map((x) => `  ✗ recording ${x.id} (${x.vaultPath}) not removed / 未删除: ${x.found}`),
            r.refused.length ? 'What is at those paths is not the catalogued file; it was left as found and recorded. Run evidence-vault audit verify and investigate.' : '',
          ]
            .filter(Boolean)
            .join('\n'),
        );
        if (r.refused.length) process.exitCode = 1;
      });
    });
}
