import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { beforeLine, formatBytes, createProgress } from '../progress-bar.js';
import { watchIngestStop } from '../ingest-stop.js';
import type { IngestSummary } from '../../services/ingest.js';
import { incomplete, leftBehind } from '../../services/ingest-summary.js';
import { UserError } from '../../core/errors.js';
import { withVault } from '../context.js';
import { t } from '../language.js';
import { ingestMessages as m } from '../messages/ingest.js';

export function addIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description(t(m.ingest))
    .argument('<path>', t(m.pathArg))
    .option('--device <number>', t(m.device))
    .option('--device-override', t(m.deviceOverride))
    .option('--reason <text>', t(m.reason))
    .addHelpText(
      'after',
      [
        '',
        t(m.example),
        '  evidence-vault ingest /media/recorder --device 0001234',
        '',
        t(m.notes),
      ].join('\n'),
    )
    .action(async (source: string, opts: { device?: string; deviceOverride?: boolean; reason?: string }, cmd: Command) => {
      if (opts.deviceOverride && (!opts.device || !opts.reason?.trim())) {
        throw new UserError(m.overrideNeeds, m.overrideHint);
      }
      await withVault(cmd, accessFor('ingest'), async (vault, { out }) => {
        const sourceRoot = path.resolve(source);
        const progress = createProgress(t(m.progress), !out.json);
        const clear = beforeLine(progress);
        // On stderr in --json too: a script's log should say why a run stopped moving.
        const stop = watchIngestStop(sourceRoot, vault.copiesInFlight, (line) => {
          clear?.();
          process.stderr.write(`${line}\n`);
        });
        try {
          const summary = await vault.ingest.ingest({
            sourceRoot,
            deviceNumber: opts.device ?? null,
            typedByPerson: opts.device !== undefined,
            deviceOverrideReason: opts.deviceOverride ? opts.reason : undefined,
            progress,
            signal: stop.signal,
            onSession: ({ sourceKey }) => stop.watchLane(sourceKey),
          });
          out.result(summary, () => describeSummary(summary));
          if (incomplete(summary)) process.exitCode = 1;
        } finally {
          stop.end();
        }
      });
    });
}

export function describeSummary(s: IngestSummary): string {
  const left = leftBehind(s);
  const lines = [
    t(m.head, { path: s.source, device: s.deviceNumber, session: s.sessionId, seconds: s.seconds.toFixed(1) }),
    t(m.stored, { files: s.stored.files, size: formatBytes(s.stored.bytes) }),
    t(m.already, { files: s.already.files, size: formatBytes(s.already.bytes) }),
    t(m.flagged, { count: s.flagged.length }),
    t(m.left, { count: left.length, notReached: s.notReached }),
  ];
  if (s.otherFiles) lines.push(t(m.notMedia, { files: s.otherFiles }));
  for (const f of s.flagged.slice(0, 10)) lines.push(`  ! ${f.sourcePath} → ${f.vaultPath} [${f.flags.join(', ')}]`);
  if (s.flagged.length > 10) lines.push(t(m.moreFlagged, { count: s.flagged.length - 10 }));
  for (const k of s.skipped.filter((x) => x.reason !== 'unreadable')) lines.push(t(m.notFootage, { path: k.sourcePath, reason: k.reason }));
  // Every file left behind is named: the recorder must not be cleared while one is.
  for (const f of left) lines.push(`  ✗ ${f.sourcePath}: ${f.why}`);
  if (s.stoppedEarly) lines.push(t(m.stoppedEarly, { what: s.stoppedEarly }));
  if (incomplete(s)) lines.push(t(m.incomplete));
  return lines.join('\n');
}
