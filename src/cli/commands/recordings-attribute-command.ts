import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { withVault } from '../context.js';
import { said } from '../../core/i18n/said.js';
import { t } from '../language.js';
import { attributeMessages as m } from '../messages/recordings-attribute.js';

/** `recordings attribute`: out of quarantine, or a corrected recorder or officer (R8, R17). */
export function addAttributeCommand(recordings: Command): void {
  recordings
    .command('attribute')
    .description(t(m.attribute))
    .argument('<ids...>', t(m.idsArg))
    .requiredOption('--device <number>', t(m.device))
    .option('--officer <id>', t(m.officer))
    .requiredOption('--reason <text>', t(m.reason))
    .addHelpText(
      'after',
      [
        '',
        t(m.example),
        '  evidence-vault recordings attribute 812 813 --device 0001234 --reason "卷标丢失，经保管员核对为 0001234 号记录仪"',
        '',
        t(m.notes),
      ].join('\n'),
    )
    .action(async (idTexts: string[], opts: { device: string; officer?: string; reason: string }, cmd: Command) => {
      const ids = idTexts.map((text) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) throw new UserError(said(m.notARecordingId, { value: text }), m.findIds);
        return n;
      });
      await withVault(cmd, accessFor('recordings.attribute'), async (vault, { out }) => {
        const result = await vault.attribution.attribute({ ids, device: opts.device, officer: opts.officer, reason: opts.reason });
        out.result(result, () =>
          [
            ...result.attributed.map((a) => t(m.moved, { id: a.id, from: a.from.vaultPath, to: a.to.vaultPath, device: String(a.to.deviceNumber), officer: a.to.officerId ?? '?' })),
            ...result.unchanged.map((id) => t(m.unchanged, { id })),
          ].join('\n'),
        );
      });
    });
}
