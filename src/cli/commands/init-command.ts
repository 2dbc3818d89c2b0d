import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { createOutput } from '../output.js';
import { t } from '../language.js';
import { initMessages as m } from '../messages/init.js';

export function addInitCommands(program: Command): void {
  program
    .command('init')
    .description(t(m.init))
    .addHelpText(
      'after',
      `\n${t(m.example)}\n  sudo -u evidence-vault evidence-vault init      ${t(m.exampleNote)}\n\n${t(m.notes)}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const out = createOutput(Boolean(globals.json));
      const { initVault } = await import('../../wiring/init.js');
      const report = await initVault({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn' });
      out.result(report, () =>
        [
          t(report.created ? m.created : m.checked, { path: report.vaultRoot }),
          t(m.catalogue, { path: report.catalogPath }),
          report.firstAdmin ? t(m.firstAdmin, { name: report.firstAdmin }) : t(m.operators, { count: report.operators }),
        ].join('\n'),
      );
    });
}
