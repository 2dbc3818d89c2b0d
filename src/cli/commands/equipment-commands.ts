import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { RecorderSheet, RetirementRequest } from '../../services/equipment.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { t } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { deviceMessages as m } from '../messages/device.js';
import { recorderStatus } from '../recorder-status.js';
import { commonMessages as c } from '../messages/common-a.js';

const deviceGroup = (program: Command) => program.commands.find((x) => x.name() === 'device') ?? program.command('device').description(t(m.group));


const eventKind = (kind: string) => (kind === 'fault' ? t(m.fault) : kind === 'repaired' ? t(m.repaired) : kind);

const requestLine = (r: RetirementRequest) =>
  `#${r.id} ${r.requestedAt} ${r.requestedBy}${r.reason ? ` (${r.reason})` : ''}: ${
    r.decision ? t(r.decision === 'approved' ? m.approvedBy : m.rejectedBy, { by: r.decidedBy ?? '', at: r.decidedAt ?? '' }) : t(m.waiting)
  }`;

/** `device show` for a person: the register entry, its asset data, fault and repair log, retirement requests. */
export function sheetText(s: RecorderSheet, volumeRule: string): string {
  const none = t(c.none);
  return [
    t(m.sheet, { number: s.number, status: recorderStatus(s.status), brand: s.brand ?? '', model: s.model ?? '', serial: s.serial ?? none, rule: volumeRule }),
    t(m.asset, { asset: s.assetNumber ?? none, purchased: s.purchasedOn ?? none }),
    s.events.length ? table(headers(t(m.eventHeaders)), s.events.map((e) => [e.at, eventKind(e.kind), e.by, e.text])) : t(m.noEvents),
    ...s.retirements.map((r) => t(m.retirement, { line: requestLine(r) })),
  ].join('\n');
}

/** R16: asset data, the fault and repair log, and the approval of a retirement (`device status N retired` asks for it). */
export function addEquipmentCommands(program: Command): void {
  const device = deviceGroup(program);
  device
    .command('set')
    .description(t(m.set))
    .argument('<number>', t(m.numberArg))
    .option('--asset-number <n>', t(m.assetOpt))
    .option('--purchased <date>', t(m.purchasedOpt))
    .addHelpText('after', examples(['evidence-vault device set 0001234 --asset-number ZC-2026-001 --purchased 2026-03-15']))
    .action(async (number: string, opts: { assetNumber?: string; purchased?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.set'), (vault, { out }) => {
        const r = vault.equipment.setAsset(number, opts);
        out.result(r, () => t(m.assetSet, { number: r.number, asset: r.assetNumber ?? t(c.none), purchased: r.purchasedOn ?? t(c.none) }));
      });
    });
  for (const kind of ['fault', 'repaired'] as const) {
    device
      .command(kind)
      .description(t(kind === 'fault' ? m.faultCmd : m.repairedCmd))
      .argument('<number>', t(m.numberArg))
      .requiredOption('--text <text>', t(m.textOpt))
      .addHelpText('after', examples([`evidence-vault device ${kind} 0001234 --text "${kind === 'fault' ? '镜头破裂' : '更换镜头'}"`]))
      .action(async (number: string, opts: { text: string }, cmd: Command) => {
        await withVault(cmd, accessFor(kind === 'fault' ? 'device.fault' : 'device.repaired'), (vault, { out }) => {
          const e = vault.equipment.logEvent(number, kind, opts.text);
          out.result(e, () => t(kind === 'fault' ? m.faultLogged : m.repairLogged, { number, id: e.id }));
        });
      });
  }
  device
    .command('retire')
    .description(t(m.retire))
    .argument('<number>', t(m.numberArg))
    .option('--approve', t(m.approveOpt))
    .option('--reject', t(m.rejectOpt))
    .option('--reason <text>', t(m.decisionReasonOpt))
    .addHelpText(
      'after',
      examples([`evidence-vault device status 0001234 retired --reason "主板损坏"   ${t(m.retireAsks)}`, `evidence-vault device retire 0001234 --approve                    ${t(m.retireDecides)}`]),
    )
    .action(async (number: string, opts: { approve?: boolean; reject?: boolean; reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.retire-approve'), (vault, { out }) => {
        if (Boolean(opts.approve) === Boolean(opts.reject)) throw new UserError(m.approveOrReject, `evidence-vault device retire ${number} --approve`);
        const r = vault.equipment.decideRetirement(number, opts.approve ? 'approved' : 'rejected', opts.reason);
        out.result(r, () => t(m.retirement, { line: requestLine(r) }));
      });
    });
}
