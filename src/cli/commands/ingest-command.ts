import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { formatBytes, createProgress } from '../progress-bar.js';
import type { IngestSummary } from '../../services/ingest.js';
import { withVault } from '../context.js';

export function addIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('copy every media file of a mounted recorder volume into the vault, verified and catalogued')
    .argument('<path>', 'where the recorder volume is mounted')
    .option('--device <number>', 'the recorder\'s number (编号); else taken from the file names, else quarantined')
    .addHelpText('after', '\nExample:\n  evidence-vault ingest /media/recorder --device 0001234\n\nRunning it again on the same volume stores nothing twice. Exit status 1 when a file could not be stored (it stays on the recorder).')
    .action(async (source: string, opts: { device?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('ingest'), async (vault, { out }) => {
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          const summary = await vault.ingest.ingest({
            sourceRoot: path.resolve(source),
            deviceNumber: opts.device ?? null,
            progress: createProgress('ingest', !out.json),
            signal: controller.signal,
          });
          out.result(summary, () => describeSummary(summary));
          if (summary.failed.length || summary.stoppedEarly) process.exitCode = 1;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
    });
}

export function describeSummary(s: IngestSummary): string {
  const lines = [
    `Ingest of ${s.source}${s.deviceNumber ? ` (recorder ${s.deviceNumber})` : ''}: session ${s.sessionId}, ${s.seconds.toFixed(1)} s`,
    `  stored         ${s.stored.files} files, ${formatBytes(s.stored.bytes)}`,
    `  already there  ${s.already.files} files, ${formatBytes(s.already.bytes)}`,
    `  flagged        ${s.flagged.length}`,
    `  failed         ${s.failed.length}${s.notReached ? ` (+${s.notReached} not reached)` : ''}`,
  ];
  if (s.otherFiles) lines.push(`  not media      ${s.otherFiles} files left alone`);
  for (const f of s.flagged.slice(0, 10)) lines.push(`  ! ${f.sourcePath} → ${f.vaultPath} [${f.flags.join(', ')}]`);
  if (s.flagged.length > 10) lines.push(`  ! … ${s.flagged.length - 10} more flagged (see --json)`);
  for (const r of s.rejected) lines.push(`  ✗ ${r.sourcePath}: name rejected (${r.reason}); left on the recorder`);
  for (const k of s.skipped) lines.push(`  - ${k.sourcePath}: skipped (${k.reason}${k.detail ? `: ${k.detail}` : ''})`);
  for (const f of s.failed.slice(0, 10)) lines.push(`  ✗ ${f.sourcePath}: ${f.error}`);
  if (s.failed.length > 10) lines.push(`  ✗ … ${s.failed.length - 10} more failed (see --json)`);
  if (s.stoppedEarly) lines.push(`Stopped early: ${s.stoppedEarly}`);
  if (s.failed.length || s.stoppedEarly) lines.push('Files not stored are still on the recorder: fix the cause and run the same command again.');
  return lines.join('\n');
}
