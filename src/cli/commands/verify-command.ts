import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { closingLines, finishCheck } from '../check-outcome.js';
import { addFilterOptions, toFilter, type FilterOptions } from './recordings-command.js';
import { t } from '../language.js';
import { verifyMessages as m } from '../messages/verify.js';

export function addVerifyCommands(program: Command): void {
  addFilterOptions(
    program.command('verify').description(t(m.verify)),
  )
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault verify --from 2026-05-01 --to 2026-05-31\n\n${t(m.notes)}`)
    .action(async (opts: FilterOptions, cmd: Command) => {
      await withVault(cmd, accessFor('verify'), async (vault, { out }) => {
        const filter = toFilter(opts, vault.clock);
        const whole = !opts.from && !opts.to && !opts.device && !opts.officer;
        const report = await vault.verify.verifyOnRecord({ filter, findUnexpected: whole, progress: createProgress(t(m.progress), !out.json), target: whole ? 'vault' : JSON.stringify(opts) });
        const { checked, ok, bytes, seconds, problems, repair, notRecorded, interrupted } = report;
        // A lost disk is a million findings: they are written one per line, never held as one string.
        if (out.json) await out.jsonWithArray({ checked, ok, bytes, seconds, repair, notRecorded, interrupted }, 'problems', problems);
        else out.result(null, () => {
          const head = t(m.head, { files: report.checked, size: formatBytes(report.bytes), seconds: report.seconds.toFixed(1), ok: report.ok, count: report.problems.length });
          // Not findings: copies a killed ingest placed before its catalogue commit; the source's next ingest adopts them.
          const left = interrupted.map(
            (c) => t(m.interrupted, { path: c.vaultPath, session: c.sessionId, from: c.sourceRoot }),
          );
          return [head, ...report.problems.map((p) => `  ${p.kind.padEnd(12)} ${p.vaultPath}${p.detail ? `  (${p.detail})` : ''}`), ...left, ...closingLines(report)].join('\n');
        });
        finishCheck(report, vault.storage);
      }, { readOnlyCheck: true });
    });
}
