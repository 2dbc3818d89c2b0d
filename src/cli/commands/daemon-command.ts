import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { formatBytes } from '../progress-bar.js';
import type { FullStatus } from '../../services/service-status.js';
import type { GlobalOptions } from '../context.js';
import { withParts, withVault } from '../context.js';
import type { VaultOptions } from '../../wiring.js';
import { table } from '../output.js';
import { language } from '../language.js';
import { standingLine } from './retention-standing-commands.js';

export function addDaemonCommands(program: Command): void {
  program
    .command('daemon')
    .description('the dock service: ingest every recorder docked under the media roots, with no command typed')
    .addHelpText(
      'after',
      '\nExample:\n  evidence-vault daemon --config /etc/evidence-vault/config.json\n\nRuns until SIGTERM or Ctrl-C; logs one JSON line per file and a summary per recorder on stderr (the journal under systemd).\nSee `evidence-vault status` for what it is doing.',
    )
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
    .description('what the dock service is doing: recorders docked now, progress, recorders not docked today (R12(1)), recorders per officer (R3)')
    .option('--html <file>', 'write the dock screen page to FILE once (for a printout or a remote look); never overwrites')
    .addHelpText('after', '\nExample:\n  evidence-vault status\n  evidence-vault status --json\n  evidence-vault status --html ~/dock-screen.html')
    .action(async (opts: { html?: string }, cmd: Command) => {
      if (opts.html !== undefined) {
        const file = opts.html;
        // The page gathers what the service's screen shows: the whole vault, which a printout can wait for.
        await withVault(cmd, accessFor('status'), async (vault, { out }) => {
          const page = await vault.dockScreen.writeOnce(file, language());
          out.result(page, () => `wrote ${page.path} / 已生成接入情况页面`);
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

function describeStatus(r: FullStatus): string {
  const lines: string[] = [];
  if (!r.daemon) lines.push('Dock service: never started (evidence-vault daemon, or systemctl start evidence-vault).');
  else if (!r.daemon.running) lines.push(`Dock service: NOT RUNNING (last seen ${r.daemon.secondsSinceHeartbeat} s ago).`);
  else lines.push(`Dock service: running (pid ${r.daemon.pid}, since ${r.daemon.startedAt}), watching ${r.daemon.mediaRoots.join(', ')}; USB: ${r.daemon.usb}`);
  if (r.docked.length) {
    lines.push('', 'Docked now:');
    lines.push(
      table(
        ['RECORDER', 'STATE', 'FILES', 'BYTES', 'RATE', 'MOUNT', 'NOTE'],
        r.docked.map((d) => [
          d.quarantined ? 'UNKNOWN (quarantine)' : (d.deviceNumber ?? '?'),
          d.state,
          `${d.files.done}/${d.files.total}`,
          `${formatBytes(d.bytes.done)}/${formatBytes(d.bytes.total)}`,
          d.bytesPerSecond === null ? '' : `${formatBytes(d.bytesPerSecond)}/s`,
          d.mountPoint,
          d.detail,
        ]),
      ),
    );
  } else if (r.daemon?.running) lines.push('', 'No recorder docked now.');
  lines.push('', r.notDockedToday.length ? `Not docked today (${r.date}), R12(1): ${r.notDockedToday.join(', ')}` : `Every recorder in service was docked today (${r.date}).`);
  const s = r.staffing;
  lines.push(`Recorders in service: ${s.recorders} for ${s.officers} active officers (${s.officersPerRecorder ?? '-'} per recorder); ${s.rule}: ${s.meetsRule ? 'met' : 'NOT MET'}`);
  if (r.staffingByUnit.length > 1) {
    for (const u of r.staffingByUnit) lines.push(`  ${u.unit ?? '(未分配 unassigned)'}: ${u.recorders} recorders for ${u.officers} active officers; ${u.meetsRule ? 'met' : 'NOT MET'}`);
  }
  lines.push('', ...r.fixity);
  if (r.exportReminder) lines.push(r.exportReminder);
  if (r.standingDisposal) lines.push(standingLine(r.standingDisposal));
  return lines.join('\n');
}
