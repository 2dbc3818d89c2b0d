import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { formatBytes } from '../../adapters/progress-bar.js';
import { dockStatus, type StatusReport } from '../../services/dock-status.js';
import { openVault, type Vault } from '../../wiring.js';
import { UserError } from '../../core/errors.js';
import type { GlobalOptions } from '../context.js';
import { withVault } from '../context.js';
import { table } from '../output.js';

export function registerDaemon(program: Command): void {
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
      const vault = openVault({ configFile: globals.config, logLevel: globals.verbose ? 'debug' : undefined });
      try {
        refuseDaemonThroughSudo(vault);
        const daemon = vault.dockDaemon();
        daemon.start();
        // The nightly fixity share and the daily retention sweep live in the service too; a failure
        // of either is logged and shown in `status`, and never stops ingest.
        vault.fixityScheduler.start();
        vault.retentionSweep.start();
        // The chain head in the journal, at start-up and daily: a copy of it kept off the trail.
        vault.anchorLog.start();
        const reminder = vault.export.reminder();
        if (reminder) vault.log.warn({ reminder }, 'quarterly archive set due');
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            vault.log.info({ signal }, 'stopping: no new files; the file in flight finishes or is abandoned cleanly');
            void Promise.all([daemon.stop(), vault.fixityScheduler.stop(), vault.retentionSweep.stop(), vault.anchorLog.stop()]).then(() => resolve());
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
      } finally {
        await vault.close();
      }
    });

  program
    .command('status')
    .description('what the dock service is doing: recorders docked now, progress, recorders not docked today (R12(1)), recorders per officer (R3)')
    .addHelpText('after', '\nExample:\n  evidence-vault status\n  evidence-vault status --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('status'), (vault, { out }) => {
        const report: FullStatus = {
          ...dockStatus(vault.dockStore, vault.clock),
          fixity: vault.fixity.statusLines(),
          exportReminder: vault.export.reminder(),
        };
        out.result(report, () => describeStatus(report));
      });
    });
}

/** The dock report, plus the integrity and archive lines the custodian should see at a glance. */
type FullStatus = StatusReport & { fixity: string[]; exportReminder: string | null };

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
  lines.push(`Recorders in service: ${s.recorders} for ${s.officers} officers (${s.officersPerRecorder ?? '-'} per recorder); ${s.rule}: ${s.meetsRule ? 'met' : 'NOT MET'}`);
  lines.push('', ...r.fixity);
  if (r.exportReminder) lines.push(r.exportReminder);
  return lines.join('\n');
}

/**
 * On an installed PC the dock service is systemd's to run, as the service account itself; a person
 * starting a second one through sudo would ingest under their own name with no role check.
 */
function refuseDaemonThroughSudo(vault: Vault): void {
  const person = process.env.SUDO_USER;
  if (!vault.installation || !person) return;
  vault.audit.record({ action: 'daemon', target: null, outcome: 'refused', details: { why: 'the dock service is started by systemd, not through sudo' } });
  throw new UserError('refused: the dock service is started by systemd, not by a person / 接入服务由系统启动', 'systemctl status evidence-vault   (an administrator: systemctl restart evidence-vault)', 77);
}
