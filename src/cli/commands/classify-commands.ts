/**
 * R14 `recordings classify`, `case classify`, `operator clearance`, `operator show`, and R12(2)
 * `recordings operator`: added to the existing command groups.
 */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { CLASSIFICATION_LEVELS, LEVEL_LABELS } from '../../core/classification.js';
import { UserError } from '../../core/errors.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

const LEVELS = CLASSIFICATION_LEVELS.join('|');

function ids(texts: string[]): number[] {
  return texts.flatMap((t) => t.split(',')).map((t) => {
    const n = Number(t.trim());
    if (!Number.isInteger(n) || n <= 0) throw new UserError(`"${t}" is not a recording id`, 'Recording ids are the numbers shown by: evidence-vault recordings list');
    return n;
  });
}

const group = (program: Command, name: string): Command => {
  const found = program.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`command group ${name} is not registered before the classification commands`);
  return found;
};

const label = (level: keyof typeof LEVEL_LABELS) => `${LEVEL_LABELS[level].zh} ${level}`;

export function addClassifyCommands(program: Command): void {
  group(program, 'recordings')
    .command('classify')
    .description('set the classification (密级, R14) of recordings; lowering it is a leader\'s (approver) decision')
    .argument('<ids...>', 'recording ids')
    .requiredOption('--level <level>', LEVELS)
    .requiredOption('--reason <text>', 'why (on the record)')
    .addHelpText('after', '\nExample:\n  evidence-vault recordings classify 812 813 --level commercial-secret --reason "拍摄到企业生产工艺"\n\nNobody sets a level above their own clearance; footage one may not see is hidden in listings.')
    .action(async (texts: string[], opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.classify'), (vault, { out }) => {
        const changes = vault.classification.classifyRecordings(ids(texts), opts.level, opts.reason);
        out.result(changes, () => changes.map((c) => `${c.target}: ${c.from} → ${c.to}`).join('\n'));
      });
    });

  group(program, 'recordings')
    .command('operator')
    .description('name the camera operator (摄录人员, R12(2)) of recordings when not the officer wearing the recorder')
    .argument('<ids...>', 'recording ids')
    .requiredOption('--name <name>', 'who filmed it')
    .requiredOption('--reason <text>', 'why (on the record)')
    .addHelpText('after', '\nExample:\n  evidence-vault recordings operator 812 813 --name 王五 --reason "由辅警王五持机摄录"\n\nWithout it the register prints the wearer, noting 同佩戴人，未另行登记.')
    .action(async (texts: string[], opts: { name: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.operator'), (vault, { out }) => {
        const changes = vault.cameraOperators.set(ids(texts), opts.name, opts.reason);
        out.result(changes, () => changes.map((c) => `recording ${c.recordingId}: camera operator 摄录人员 ${c.from ?? '(wearer / 同佩戴人)'} → ${c.to}`).join('\n'));
      });
    });

  group(program, 'case')
    .command('classify')
    .description('set a case\'s classification (密级, R14): its recordings are at least as secret')
    .argument('<number>', 'case number')
    .requiredOption('--level <level>', LEVELS)
    .requiredOption('--reason <text>', 'why (on the record)')
    .addHelpText('after', '\nExample:\n  evidence-vault case classify 鞍自然执〔2026〕17号 --level state-secret --reason "涉及军事设施"')
    .action(async (number: string, opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('case.classify'), (vault, { out }) => {
        const c = vault.classification.classifyCase(number, opts.level, opts.reason);
        out.result(c, () => `${c.target}: ${c.from} → ${c.to}`);
      });
    });

  group(program, 'operator')
    .command('clearance')
    .description('grant or change an operator\'s clearance (R14): by a leader (approver) holding at least it, never to themselves')
    .argument('<os-user>', 'the operator\'s login name')
    .requiredOption('--level <level>', LEVELS)
    .requiredOption('--reason <text>', 'why (on the record)')
    .addHelpText(
      'after',
      '\nExample:\n  evidence-vault operator clearance zhangsan --level commercial-secret --reason "承办涉企案件"\n\nEvery operator sees ordinary and internal footage. The first holder of a secret level, when nobody holds it, is named by the administrator.',
    )
    .action(async (osUser: string, opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.clearance'), (vault, { out }) => {
        const c = vault.classification.grantClearance(osUser, opts.level, opts.reason);
        out.result(c, () => `Clearance of ${c.target}: ${c.from} → ${c.to}.`);
      });
    });

  group(program, 'operator')
    .command('show')
    .description('one operator: roles, clearance and its history')
    .argument('<os-user>', 'the operator\'s login name')
    .addHelpText('after', '\nExample:\n  evidence-vault operator show zhangsan')
    .action(async (osUser: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.show'), (vault, { out }) => {
        const o = vault.operators.get(osUser);
        if (!o) throw new UserError(`no operator ${osUser}`, 'See: evidence-vault operator list');
        const clearance = vault.classification.clearanceOf(osUser);
        const history = vault.classification.clearanceHistory(osUser);
        out.result({ ...o, clearance, clearanceHistory: history }, () =>
          [
            `${o.osUser} (${o.name}): ${o.roles.join(', ') || 'no roles'}${o.active ? '' : ' [deactivated]'}`,
            `clearance 密级授权: ${label(clearance)}`,
            history.length ? table(['SET', 'BY', 'LEVEL', 'REASON'], history.map((h) => [h.setAt, h.setBy, h.level, h.reason])) : 'No clearance granted (ordinary and internal footage only).',
          ].join('\n'),
        );
      });
    });
}
