import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { RecorderSheet, RetirementRequest } from '../../services/equipment.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

const deviceGroup = (program: Command) => program.commands.find((c) => c.name() === 'device') ?? program.command('device').description('the recorder register');

const requestLine = (r: RetirementRequest) =>
  `#${r.id} ${r.requestedAt} ${r.requestedBy}${r.reason ? ` (${r.reason})` : ''}: ${r.decision ? `${r.decision === 'approved' ? '已批准 approved' : '已驳回 rejected'} by ${r.decidedBy} ${r.decidedAt}` : '待审批 waiting for approval'}`;

/** `device show` for a person: the register entry, its asset data, fault and repair log, retirement requests. */
export function sheetText(s: RecorderSheet, volumeRule: string): string {
  return [
    `记录仪 Recorder ${s.number}: ${s.status}; ${s.brand} ${s.model}; USB serial ${s.serial ?? '(none)'}; volume rule ${volumeRule}`,
    `资产编号 asset number ${s.assetNumber ?? '(none)'}; 购置日期 purchased ${s.purchasedOn ?? '(none)'}`,
    s.events.length ? table(['AT', 'KIND', 'BY', 'TEXT'], s.events.map((e) => [e.at, e.kind, e.by, e.text])) : '故障维修记录 fault and repair log: (empty)',
    ...s.retirements.map((r) => `报废申请 retirement ${requestLine(r)}`),
  ].join('\n');
}

/** R16: asset data, the fault and repair log, and the approval of a retirement (`device status N retired` asks for it). */
export function addEquipmentCommands(program: Command): void {
  const device = deviceGroup(program);
  device
    .command('set')
    .description('set a registered recorder\'s asset number and purchase date (R16)')
    .argument('<number>', 'recorder number')
    .option('--asset-number <n>', 'fixed-asset number (资产编号)')
    .option('--purchased <date>', 'purchase date (购置日期), YYYY-MM-DD')
    .addHelpText('after', '\nExample:\n  evidence-vault device set 0001234 --asset-number ZC-2026-001 --purchased 2026-03-15')
    .action(async (number: string, opts: { assetNumber?: string; purchased?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.set'), (vault, { out }) => {
        const r = vault.equipment.setAsset(number, opts);
        out.result(r, () => `记录仪 ${r.number}: 资产编号 ${r.assetNumber ?? '(none)'}, 购置日期 ${r.purchasedOn ?? '(none)'} / asset number and purchase date set.`);
      });
    });
  for (const kind of ['fault', 'repaired'] as const) {
    device
      .command(kind)
      .description(kind === 'fault' ? 'log a fault of a recorder (故障); see also: device status N in-repair' : 'log a repair of a recorder (维修)')
      .argument('<number>', 'recorder number')
      .requiredOption('--text <text>', 'what happened')
      .addHelpText('after', `\nExample:\n  evidence-vault device ${kind} 0001234 --text "${kind === 'fault' ? '镜头破裂 cracked lens' : '更换镜头 lens replaced'}"`)
      .action(async (number: string, opts: { text: string }, cmd: Command) => {
        await withVault(cmd, accessFor(kind === 'fault' ? 'device.fault' : 'device.repaired'), (vault, { out }) => {
          const e = vault.equipment.logEvent(number, kind, opts.text);
          out.result(e, () => `已记入记录仪 ${number} 的${kind === 'fault' ? '故障' : '维修'}记录 / ${kind} logged for recorder ${number} (#${e.id}).`);
        });
      });
  }
  device
    .command('retire')
    .description('approve or reject a waiting retirement request (R16): a second person, with the approver role')
    .argument('<number>', 'recorder number')
    .option('--approve', 'approve: the recorder is retired and its assignment ends')
    .option('--reject', 'reject: the recorder stays as it is')
    .option('--reason <text>', 'why (kept with the decision)')
    .addHelpText('after', '\nExample:\n  evidence-vault device status 0001234 retired --reason "主板损坏"   # a custodian asks\n  evidence-vault device retire 0001234 --approve                    # another person, an approver, decides')
    .action(async (number: string, opts: { approve?: boolean; reject?: boolean; reason?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('device.retire-approve'), (vault, { out }) => {
        if (Boolean(opts.approve) === Boolean(opts.reject)) throw new UserError('请选择 --approve 或 --reject / say --approve or --reject', `evidence-vault device retire ${number} --approve`);
        const r = vault.equipment.decideRetirement(number, opts.approve ? 'approved' : 'rejected', opts.reason);
        out.result(r, () => `报废申请 retirement ${requestLine(r)}`);
      });
    });
}
