import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { addFilterOptions, toFilter, type FilterOptions } from './recordings-command.js';

export function addVerifyCommands(program: Command): void {
  addFilterOptions(
    program.command('verify').description('re-hash stored files against the catalogue; report mismatched, missing and unexpected files'),
  )
    .addHelpText('after', '\nExample:\n  evidence-vault verify --from 2026-05-01 --to 2026-05-31\n\nExit status 1 when anything is wrong. Unexpected files are looked for only when no filter is given.')
    .action(async (opts: FilterOptions, cmd: Command) => {
      await withVault(cmd, accessFor('verify'), async (vault, { out }) => {
        const filter = toFilter(opts, vault.clock);
        const whole = !opts.from && !opts.to && !opts.device && !opts.officer;
        const report = await vault.verify.verifyOnRecord({ filter, findUnexpected: whole, progress: createProgress('verify', !out.json), target: whole ? 'vault' : JSON.stringify(opts) });
        out.result({ checked: report.checked, ok: report.ok, bytes: report.bytes, seconds: report.seconds, problems: report.problems }, () => {
          const head = `Checked ${report.checked} files (${formatBytes(report.bytes)}) in ${report.seconds.toFixed(1)} s: ${report.ok ? 'all match the catalogue' : `${report.problems.length} problems`}`;
          return [head, ...report.problems.map((p) => `  ${p.kind.padEnd(12)} ${p.vaultPath}${p.detail ? `  (${p.detail})` : ''}`)].join('\n');
        });
        if (!report.ok) process.exitCode = 1;
      });
    });
}
