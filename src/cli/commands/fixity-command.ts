import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { describeFinding } from '../../core/integrity-findings.js';
import { formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { language, t, tell } from '../language.js';
import { fixityMessages as m } from '../messages/fixity.js';

export function addFixityCommands(program: Command): void {
  const fixity = program.command('fixity').description(t(m.group));
  fixity
    .command('run')
    .description(t(m.run))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault fixity run\n\n${t(m.runNotes)}`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('fixity.run'), async (vault, { out }) => {
        const r = await vault.fixity.runShare('manual');
        out.result(r, () =>
          [
            t(m.runLine, { id: String(r.runId ?? '?'), files: r.filesChecked, size: formatBytes(r.bytesChecked), chain: r.chainOk === null ? 'unchecked' : r.chainOk ? 'intact' : 'broken', outcome: r.outcome }),
            ...r.findings.map((f) => `  ${describeFinding(f, language())}`),
            ...(r.error ? [t(m.runError, { what: r.error })] : []),
          ].join('\n'),
        );
        if (r.outcome !== 'ok') process.exitCode = 1;
      });
    });
  fixity
    .command('status')
    .description(t(m.status))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault fixity status`)
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('fixity.status'), (vault, { out }) => {
        const said = vault.fixity.statusSaid();
        const lines = said.map((s) => s.en);
        out.result({ lines }, () => said.map(tell).join('\n'));
      });
    });
}
