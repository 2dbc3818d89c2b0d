import type { Command } from 'commander';
import { asFailureKind } from '../../core/replication-failure.js';
import { failureKindMessages } from '../../core/i18n/replication-failure-messages.js';
import { accessFor } from '../../core/access-table.js';
import { formatBytes } from '../progress-bar.js';
import { statusWords, type FullStatus } from '../../services/service-status.js';
import type { GlobalOptions } from '../context.js';
import { withParts, withVault } from '../context.js';
import type { VaultOptions } from '../../wiring.js';
import { table } from '../output.js';
import { language } from '../language.js';
import { standingLine } from './retention-standing-commands.js';
import { t, tell } from '../language.js';
import { examples, headers } from '../help-examples.js';
import { daemonMessages as m } from '../messages/daemon.js';

export function addDaemonCommands(program: Command): void {
  program
    .command('daemon')
    .description(t(m.daemon))
    .addHelpText('after', examples(['evidence-vault daemon --config /etc/evidence-vault/config.json'], t(m.daemonNotes)))
    .action(async (_opts: unknown, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      // A service logs at the configured level (info: a line per file), not the quiet level of interactive commands.
      const { openVault } = await import('../../wiring.js');
      const vault = openVault({ configFile: globals.config, logLevel: globals.verbose ? 'debug' : undefined });
      try {
        await vault.supervisor().run();
      } finally {
        await vault.close();
      }
    });

  program
    .command('status')
    .description(t(m.status))
    .option('--html <file>', t(m.statusHtml))
    .addHelpText('after', examples(['evidence-vault status', 'evidence-vault status --json', 'evidence-vault status --html ~/dock-screen.html']))
    .action(async (opts: { html?: string }, cmd: Command) => {
      if (opts.html !== undefined) {
        const file = opts.html;
        // The page gathers what the service's screen shows: the whole vault, which a printout can wait for.
        await withVault(cmd, accessFor('status'), async (vault, { out }) => {
          const page = await vault.dockScreen.writeOnce(file, language());
          out.result(page, () => t(m.statusHtmlWritten, { path: page.path }));
        });
        return;
      }
      // Only the parts `status` reads: it starts in a fraction of the time the whole vault takes to load.
      const open = async (o: VaultOptions) => (await import('../../wiring/status.js')).openStatusVault(o);
      await withParts(cmd, accessFor('status'), open, (vault, { out }) => {
        const report = vault.status.report();
        out.result(report, () => describeStatus(report));
      });
    });
}

/** A docked recorder's state in the run's language (the code elsewhere). */
const STATES: Record<string, typeof m.stateDone> = { settling: m.stateSettling, waiting: m.stateWaiting, ingesting: m.stateIngesting, done: m.stateDone, failed: m.stateFailed };
const stateText = (state: string) => (STATES[state] ? t(STATES[state]) : state);
/** R3's rule in the run's language, from the core's sentence (which names the officers per recorder). */
const ruleText = (rule: string) => {
  const per = /per (\d+) officers/.exec(rule)?.[1];
  return per ? t(m.rule, { per }) : rule;
};

function describeStatus(r: FullStatus): string {
  const lines: string[] = [];
  if (!r.daemon) lines.push(t(m.neverStarted));
  else if (!r.daemon.running) lines.push(t(m.notRunning, { seconds: r.daemon.secondsSinceHeartbeat }));
  else lines.push(t(m.running, { pid: r.daemon.pid, since: r.daemon.startedAt, roots: r.daemon.mediaRoots.join(', '), usb: r.daemon.usb }));
  if (r.docked.length) {
    lines.push('', t(m.dockedNow));
    lines.push(
      table(
        headers(t(m.dockedHeaders)),
        r.docked.map((d) => [
          d.quarantined ? t(m.unknownRecorder) : (d.deviceNumber ?? '?'),
          stateText(d.state),
          `${d.files.done}/${d.files.total}`,
          `${formatBytes(d.bytes.done)}/${formatBytes(d.bytes.total)}`,
          d.bytesPerSecond === null || d.stalledSeconds !== null ? '' : `${formatBytes(d.bytesPerSecond)}/s`,
          d.mountPoint,
          d.stalledSeconds !== null ? t(m.stalled, { seconds: d.stalledSeconds }) : d.detail,
        ]),
      ),
    );
  } else if (r.daemon?.running) lines.push('', t(m.noneDocked));
  lines.push('', r.notDockedToday.length ? t(m.notDockedToday, { date: r.date, list: r.notDockedToday.join(', ') }) : t(m.allDockedToday, { date: r.date }));
  const s = r.staffing;
  lines.push(t(m.staffing, { recorders: s.recorders, officers: s.officers, ratio: String(s.officersPerRecorder ?? '-'), rule: ruleText(s.rule), verdict: t(s.meetsRule ? m.met : m.notMet) }));
  if (r.staffingByUnit.length > 1) {
    for (const u of r.staffingByUnit) lines.push(t(m.unitStaffing, { unit: u.unit ?? t(m.unassignedUnit), recorders: u.recorders, officers: u.officers, verdict: t(u.meetsRule ? m.met : m.notMet) }));
  }
  const said = statusWords(r);
  lines.push('', ...said.fixity.map(tell));
  if (said.exportReminder) lines.push(tell(said.exportReminder));
  if (r.standingDisposal) lines.push(standingLine(r.standingDisposal));
  if (r.replication) {
    const q = r.replication;
    lines.push(q.waiting ? t(m.replicationBehind, { n: q.waiting, size: formatBytes(q.bytes), oldest: q.oldestLocalDate ?? '' }) : t(m.replicationCurrent));
    if (q.failing) lines.push(t(m.replicationRetrying, { n: q.failing, error: t(failureKindMessages[asFailureKind(q.lastErrorKind)]) }));
  }
  return lines.join('\n');
}
