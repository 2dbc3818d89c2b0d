/**
 * R14 `recordings classify`, `case classify`, `operator clearance`, `operator show`, and R12(2)
 * `recordings operator`: added to the existing command groups.
 */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { CLASSIFICATION_LEVELS } from '../../core/classification.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import { targetZh } from '../../core/i18n/code-names.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { language, t } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { classifiedMessages as m } from '../messages/classified.js';
import { commonMessages as c } from '../messages/common-a.js';
import { afterClassification } from './after-classification.js';
import { levelName } from './classified-rows.js';
import { operatorLine } from './operator-commands.js';

/** The levels to choose from, each with its name in Chinese help. */
const levels = () => t(m.levelOpt, { levels: CLASSIFICATION_LEVELS.map((l) => (language() === 'zh' ? `${l}（${levelName(l)}）` : l)).join(' | ') });

function ids(texts: string[]): number[] {
  return texts.flatMap((text) => text.split(',')).map((text) => {
    const n = Number(text.trim());
    if (!Number.isInteger(n) || n <= 0) throw new UserError(said(c.notRecordingId, { what: text }), c.recordingIdsHint);
    return n;
  });
}

const group = (program: Command, name: string): Command => {
  const found = program.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`command group ${name} is not registered before the classification commands`);
  return found;
};

const change = (x: { target: string; from: string; to: string }) =>
  t(m.levelChanged, { target: language() === 'zh' ? targetZh(x.target) : x.target, from: levelName(x.from), to: levelName(x.to) });

export function addClassifyCommands(program: Command): void {
  group(program, 'recordings')
    .command('classify')
    .description(t(m.classify))
    .argument('<ids...>', t(m.idsArg))
    .requiredOption('--level <level>', levels())
    .requiredOption('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault recordings classify 812 813 --level commercial-secret --reason "拍摄到企业生产工艺"'], t(m.classifyNote)))
    .action(async (texts: string[], opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.classify'), async (vault, { out }) => {
        const changes = vault.classification.classifyRecordings(ids(texts), opts.level, opts.reason);
        // A working copy approved before no longer covers what is now above its approver's clearance;
        // a disc or archive bag made before is its role's group's no more once its footage is secret.
        await afterClassification(vault);
        out.result(changes, () => changes.map(change).join('\n'));
      });
    });

  group(program, 'recordings')
    .command('operator')
    .description(t(m.operator))
    .argument('<ids...>', t(m.idsArg))
    .requiredOption('--name <name>', t(m.nameOpt))
    .requiredOption('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault recordings operator 812 813 --name 王五 --reason "由辅警王五持机摄录"'], t(m.operatorNote)))
    .action(async (texts: string[], opts: { name: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.operator'), (vault, { out }) => {
        const changes = vault.cameraOperators.set(ids(texts), opts.name, opts.reason);
        out.result(changes, () => changes.map((x) => t(m.operatorChanged, { id: x.recordingId, from: x.from ?? t(m.wearer), to: x.to })).join('\n'));
      });
    });

  group(program, 'case')
    .command('classify')
    .description(t(m.caseClassify))
    .argument('<number>', t(m.numberArg))
    .requiredOption('--level <level>', levels())
    .requiredOption('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault case classify 鞍自然执〔2026〕17号 --level state-secret --reason "涉及军事设施"']))
    .action(async (number: string, opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('case.classify'), async (vault, { out }) => {
        const c = vault.classification.classifyCase(number, opts.level, opts.reason);
        await afterClassification(vault);
        out.result(c, () => change(c));
      });
    });

  group(program, 'operator')
    .command('clearance')
    .description(t(m.clearance))
    .argument('<os-user>', t(m.osUserArg))
    .requiredOption('--level <level>', levels())
    .requiredOption('--reason <text>', t(m.reasonOpt))
    .addHelpText('after', examples(['evidence-vault operator clearance zhangsan --level commercial-secret --reason "承办涉企案件"'], t(m.clearanceNote)))
    .action(async (osUser: string, opts: { level: string; reason: string }, cmd: Command) => {
      await withVault(cmd, accessFor('operator.clearance'), async (vault, { out }) => {
        const c = vault.classification.grantClearance(osUser, opts.level, opts.reason);
        // A lowered clearance: the working copies this approver let out may no longer be covered.
        await vault.access.ending.withdrawUncovered();
        out.result(c, () => t(m.clearanceChanged, { who: c.target, from: levelName(c.from), to: levelName(c.to) }));
      });
    });

  group(program, 'operator')
    .command('show')
    .description(t(m.show))
    .argument('<os-user>', t(m.osUserArg))
    .addHelpText('after', examples(['evidence-vault operator show zhangsan']))
    .action(async (osUser: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('operator.show'), (vault, { out }) => {
        const o = vault.operators.get(osUser);
        if (!o) throw new UserError(said(m.noOperator, { who: osUser }), m.seeOperators);
        const clearance = vault.classification.clearanceOf(osUser);
        const history = vault.classification.clearanceHistory(osUser);
        out.result({ ...o, clearance, clearanceHistory: history }, () =>
          [
            operatorLine(o),
            t(m.clearanceLine, { level: levelName(clearance) }),
            history.length ? table(headers(t(m.historyHeaders)), history.map((h) => [h.setAt, h.setBy, levelName(h.level), h.reason])) : t(m.noClearance),
          ].join('\n'),
        );
      });
    });
}
