import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { createOutput } from '../output.js';

export function addInitCommands(program: Command): void {
  program
    .command('init')
    .description('create the vault and its catalogue (once, by the administrator); safe to run again / 创建证据库')
    .addHelpText(
      'after',
      '\nExample:\n  sudo -u evidence-vault evidence-vault init      # scripts/install.sh runs it for you\n\n' +
        'The account that runs it on a new catalogue becomes its first administrator (on the record).\n' +
        'Every other command refuses to run where there is no vault, so a mistyped catalogPath creates nothing.\n' +
        'Run again on an existing vault (administrators only), it checks it and brings the catalogue up to date.',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const out = createOutput(Boolean(globals.json));
      const { initVault } = await import('../../wiring/init.js');
      const report = await initVault({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn' });
      out.result(report, () =>
        [
          report.created ? `Vault created / 证据库已创建: ${report.vaultRoot}` : `Vault already there, checked / 证据库已存在: ${report.vaultRoot}`,
          `  catalogue / 目录库  ${report.catalogPath}`,
          report.firstAdmin ? `  first administrator / 首位管理员  ${report.firstAdmin}` : `  operators / 操作员  ${report.operators}`,
        ].join('\n'),
      );
    });
}
