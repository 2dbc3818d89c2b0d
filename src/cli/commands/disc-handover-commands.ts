import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { DiscWhereabouts, HandoverResult } from '../../services/disc-handover.js';
import { withVault } from '../context.js';
import { t } from '../language.js';
import { examples } from '../help-examples.js';
import { discMessages as m } from '../messages/disc.js';
import type { Message } from '../../core/i18n/messages.js';

/** Where a disc is, in a few words, in the run's language. */
export function whereText(w: DiscWhereabouts | undefined): string {
  if (!w) return '';
  switch (w.state) {
    case 'in-office':
      return t(m.inOffice);
    case 'issued':
      return t(m.issued, { to: w.to, since: w.since, purpose: w.purpose ?? '' });
    case 'returned':
      return t(m.returned, { since: w.since });
    case 'destroyed':
      return t(m.destroyed, { since: w.since, witness: w.witness });
  }
}

const done = (r: HandoverResult, what: Message) => t(m.done, { what: t(what), disc: r.disc, count: r.recordings.length, where: whereText(r.where) });

/** `disc issue`, `disc return`, `disc destroy`: a disc's handovers after it was made (R12(2), issue 14). */
export function addDiscHandoverCommands(program: Command): void {
  const disc = program.commands.find((c) => c.name() === 'disc');
  if (!disc) throw new Error('the disc command must be registered before its handover commands');

  disc
    .command('issue')
    .description(t(m.issue))
    .argument('<disc>', t(m.discArg))
    .option('--to <person>', t(m.toOpt))
    .option('--purpose <text>', t(m.purposeOpt))
    .addHelpText('after', examples(['evidence-vault disc issue GP2026-0001 --to "法制科 李某" --purpose "法制审核"']))
    .action(async (number: string, opts: { to?: string; purpose?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.issue'), (vault, { out }) => {
        const r = vault.discHandover.issue(number, { recipient: opts.to, purpose: opts.purpose });
        out.result(r, () => done(r, m.issuedDone));
      }, { badInputIs: 'refused' });
    });

  disc
    .command('return')
    .description(t(m.return))
    .argument('<disc>', t(m.discArgShort))
    .option('--note <text>', t(m.noteOpt))
    .addHelpText('after', examples(['evidence-vault disc return GP2026-0001 --note "完好"']))
    .action(async (number: string, opts: { note?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.return'), (vault, { out }) => {
        const r = vault.discHandover.giveBack(number, { note: opts.note });
        out.result(r, () => done(r, m.returnedDone));
      }, { badInputIs: 'refused' });
    });

  disc
    .command('destroy')
    .description(t(m.destroy))
    .argument('<disc>', t(m.discArgShort))
    .option('--witness <person>', t(m.witnessOpt))
    .option('--note <text>', t(m.howOpt))
    .addHelpText('after', examples(['evidence-vault disc destroy GP2026-0001 --witness "王某" --note "碎盘机销毁"'], t(m.destroyNotes)))
    .action(async (number: string, opts: { witness?: string; note?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.destroy'), (vault, { out }) => {
        const r = vault.discHandover.destroy(number, { witness: opts.witness, note: opts.note });
        out.result(r, () => done(r, m.destroyedDone));
      }, { badInputIs: 'refused' });
    });
}
