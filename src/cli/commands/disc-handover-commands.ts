import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { DiscWhereabouts, HandoverResult } from '../../services/disc-handover.js';
import { withVault } from '../context.js';

/** Where a disc is, in a few words (Chinese first). */
export function whereText(w: DiscWhereabouts | undefined): string {
  if (!w) return '';
  switch (w.state) {
    case 'in-office':
      return '在库 in the vault office';
    case 'issued':
      return `已发出 issued to ${w.to} since ${w.since}${w.purpose ? ` (${w.purpose})` : ''}`;
    case 'returned':
      return `已归还 returned ${w.since}`;
    case 'destroyed':
      return `已销毁 destroyed ${w.since}, witness ${w.witness}`;
  }
}

const done = (r: HandoverResult, what: string) => `${what}: disc ${r.disc} (${r.recordings.length} recordings) — now ${whereText(r.where)}`;

/** `disc issue`, `disc return`, `disc destroy`: a disc's handovers after it was made (R12(2), issue 14). */
export function addDiscHandoverCommands(program: Command): void {
  const disc = program.commands.find((c) => c.name() === 'disc');
  if (!disc) throw new Error('the disc command must be registered before its handover commands');

  disc
    .command('issue')
    .description('record that a disc was handed to someone (发出光盘): who, what for; it must come back before it is issued again')
    .argument('<disc>', 'the disc number, e.g. GP2026-0001 (evidence-vault disc list)')
    .option('--to <person>', 'who receives it, e.g. "法制科 李某" (required)')
    .option('--purpose <text>', 'what for, e.g. "法制审核"')
    .addHelpText('after', '\nExample / 示例:\n  evidence-vault disc issue GP2026-0001 --to "法制科 李某" --purpose "法制审核"')
    .action(async (number: string, opts: { to?: string; purpose?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.issue'), (vault, { out }) => {
        const r = vault.discHandover.issue(number, { recipient: opts.to, purpose: opts.purpose });
        out.result(r, () => done(r, '已登记发出 Issued'));
      }, { badInputIs: 'refused' });
    });

  disc
    .command('return')
    .description('record that an issued disc came back to the vault office (光盘归还)')
    .argument('<disc>', 'the disc number')
    .option('--note <text>', 'e.g. the state it came back in')
    .addHelpText('after', '\nExample / 示例:\n  evidence-vault disc return GP2026-0001 --note "完好"')
    .action(async (number: string, opts: { note?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.return'), (vault, { out }) => {
        const r = vault.discHandover.giveBack(number, { note: opts.note });
        out.result(r, () => done(r, '已登记归还 Returned'));
      }, { badInputIs: 'refused' });
    });

  disc
    .command('destroy')
    .description('record that a disc was destroyed before a witness (光盘销毁); nothing more can be done with it')
    .argument('<disc>', 'the disc number')
    .option('--witness <person>', 'who saw it destroyed: another person than you (required)')
    .option('--note <text>', 'how, e.g. "碎盘机销毁"')
    .addHelpText('after', '\nExample / 示例:\n  evidence-vault disc destroy GP2026-0001 --witness "王某" --note "碎盘机销毁"\n\nAn issued disc is returned first (disc return). The vault\'s originals are not touched.')
    .action(async (number: string, opts: { witness?: string; note?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.destroy'), (vault, { out }) => {
        const r = vault.discHandover.destroy(number, { witness: opts.witness, note: opts.note });
        out.result(r, () => done(r, '已登记销毁 Destroyed'));
      }, { badInputIs: 'refused' });
    });
}
