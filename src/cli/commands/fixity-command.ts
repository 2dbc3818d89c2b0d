import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { describeFinding } from '../../core/integrity-findings.js';
import { formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';

export function addFixityCommands(program: Command): void {
  const fixity = program.command('fixity').description('the nightly fixity check (the service runs it on its own)');
  fixity
    .command('run')
    .description('check the next share of the vault and the audit trail now, as the nightly run would')
    .addHelpText('after', '\nExample:\n  evidence-vault fixity run\n\nExit status 1 when anything is found or the check could not run.')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('fixity.run'), async (vault, { out }) => {
        const r = await vault.fixity.runShare('manual');
        out.result(r, () =>
          [
            `Fixity run ${r.runId ?? '?'}: ${r.filesChecked} files (${formatBytes(r.bytesChecked)}) re-read, audit chain ${r.chainOk === null ? 'not checked' : r.chainOk ? 'intact' : 'NOT intact'}: ${r.outcome}`,
            ...r.findings.map((f) => `  ${describeFinding(f)}`),
            ...(r.error ? [`  error: ${r.error}`] : []),
          ].join('\n'),
        );
        if (r.outcome !== 'ok') process.exitCode = 1;
      });
    });
  fixity
    .command('status')
    .description('the last fixity check, as `status` shows it')
    .addHelpText('after', '\nExample:\n  evidence-vault fixity status')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('fixity.status'), (vault, { out }) => {
        const lines = vault.fixity.statusLines();
        out.result({ lines }, () => lines.join('\n'));
      });
    });
}
