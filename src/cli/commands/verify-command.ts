import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { VerifyProblem } from '../../core/types.js';
import { beforeLine, createProgress, formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { closingLines, finishCheck } from '../check-outcome.js';
import { addFilterOptions, toFilter, type FilterOptions } from './recordings-command.js';

const problemLine = (p: VerifyProblem) => `  ${p.kind.padEnd(12)} ${p.vaultPath}${p.detail ? `  (${p.detail})` : ''}`;

export function addVerifyCommands(program: Command): void {
  addFilterOptions(
    program.command('verify').description('re-hash stored files against the catalogue; report mismatched, missing and unexpected files'),
  )
    .addHelpText('after', `\nExample:\n  evidence-vault verify --from 2026-05-01 --to 2026-05-31\n\nExit status 1 when anything is wrong (damaged or missing recordings end the report with the
evidence-vault repair command to run); 75 when nothing is wrong but the check could not be recorded
(a full disk: it still runs and reports). Unexpected files are looked for only when no filter is given.
Problems are printed as they are found (catalogued files in id order, then files nothing catalogued),
the totals after them; with --json, "problems" is one problem a line, the totals follow it.`)
    .action(async (opts: FilterOptions, cmd: Command) => {
      await withVault(cmd, accessFor('verify'), async (vault, { out }) => {
        const filter = toFilter(opts, vault.clock);
        const whole = !opts.from && !opts.to && !opts.device && !opts.officer;
        const progress = createProgress('verify', !out.json);
        // A lost disk is a million findings: each is printed as it is found, never held.
        const problems = out.stream('problems', problemLine, beforeLine(progress));
        const report = await vault.verify.verifyOnRecord({ filter, findUnexpected: whole, progress, target: whole ? 'vault' : JSON.stringify(opts), onProblem: (p) => problems.row(p) });
        const { checked, ok, bytes, seconds, problemCount, problemCounts, repair, notRecorded, interrupted } = report;
        await problems.end({ checked, ok, bytes, seconds, problemCount, problemCounts, repair, notRecorded, interrupted }, () => {
          const head = `Checked ${checked} files (${formatBytes(bytes)}) in ${seconds.toFixed(1)} s: ${ok ? 'all match the catalogue' : `${problemCount} problems`}`;
          // Not findings: copies a killed ingest placed before its catalogue commit; the source's next ingest adopts them.
          const left = interrupted.map(
            (c) => `  note 说明     ${c.vaultPath}  (placed by ingest session ${c.sessionId} of ${c.sourceRoot}, interrupted before cataloguing it: ingest that source again and it is adopted / 导入中断留下的副本，重新导入该来源即可登记)`,
          );
          return [head, ...left, ...closingLines(report)].join('\n');
        });
        finishCheck(report, vault.storage);
      }, { readOnlyCheck: true });
    });
}
