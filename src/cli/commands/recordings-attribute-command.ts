import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { withVault } from '../context.js';

/** `recordings attribute`: out of quarantine, or a corrected recorder or officer (R8, R17). */
export function addAttributeCommand(recordings: Command): void {
  recordings
    .command('attribute')
    .description('file recordings under the right recorder (out of quarantine) or correct their officer; the history is kept')
    .argument('<ids...>', 'recording ids (evidence-vault recordings list --flag quarantined)')
    .requiredOption('--device <number>', 'the registered recorder that made them (记录仪编号)')
    .option('--officer <id>', 'the officer who wore it (警号); else the assignment register decides')
    .requiredOption('--reason <text>', 'why (记录在审计日志和更正记录中)')
    .addHelpText(
      'after',
      [
        '',
        'Example / 示例:',
        '  evidence-vault recordings attribute 812 813 --device 0001234 --reason "卷标丢失，经保管员核对为 0001234 号记录仪"',
        '',
        'The files move to their day and recorder folder without being copied; registers and case views show the',
        'correction; `recordings show ID` lists every correction. 文件不复制、不改动；更正历史永久保留。',
      ].join('\n'),
    )
    .action(async (idTexts: string[], opts: { device: string; officer?: string; reason: string }, cmd: Command) => {
      const ids = idTexts.map((t) => {
        const n = Number(t);
        if (!Number.isInteger(n) || n <= 0) throw new UserError(`"${t}" is not a recording id`, 'Find ids with: evidence-vault recordings list --flag quarantined');
        return n;
      });
      await withVault(cmd, accessFor('recordings.attribute'), async (vault, { out }) => {
        const result = await vault.attribution.attribute({ ids, device: opts.device, officer: opts.officer, reason: opts.reason });
        out.result(result, () =>
          [
            ...result.attributed.map((a) => `✓ ${a.id}: ${a.from.vaultPath} → ${a.to.vaultPath} (recorder 记录仪 ${a.to.deviceNumber}, officer 警号 ${a.to.officerId ?? '?'})`),
            ...result.unchanged.map((id) => `= ${id}: already so, unchanged / 已是该归属，未改动`),
          ].join('\n'),
        );
      });
    });
}
