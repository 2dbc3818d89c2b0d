import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { VerifyProblem } from '../../core/types.js';
import { beforeLine, createProgress, formatBytes } from '../progress-bar.js';
import { withVault } from '../context.js';
import { closingLines, finishCheck } from '../check-outcome.js';
import { addFilterOptions, toFilter, type FilterOptions } from './recordings-command.js';
import { language, t } from '../language.js';
import { UserError } from '../../core/errors.js';
import type { RemoteFinding } from '../../services/remote-verify.js';
import { configured } from './replicate-command.js';
import { verifyMessages as m } from '../messages/verify.js';
import { problemWords } from '../../core/integrity-words.js';

const problemLine = (p: VerifyProblem) => {
  const detail = problemWords(p, language());
  return `  ${p.kind.padEnd(12)} ${p.vaultPath}${detail ? `  (${detail})` : ''}`;
};

export function addVerifyCommands(program: Command): void {
  addFilterOptions(
    program.command('verify').description(t(m.verify)),
  )
    .option('--remote', t(m.remote))
    .option('--read', t(m.read))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault verify --from 2026-05-01 --to 2026-05-31\n  evidence-vault verify --remote\n\n${t(m.notes)}`)
    .action(async (opts: FilterOptions & { remote?: boolean; read?: boolean }, cmd: Command) => {
      if (opts.remote) return verifyRemote(cmd, Boolean(opts.read));
      // --read re-reads the store's copies: alone it would be silently ignored, so it is refused.
      if (opts.read) throw new UserError(m.readNeedsRemote, m.readNeedsRemoteHint);
      await withVault(cmd, accessFor('verify'), async (vault, { out }) => {
        const filter = toFilter(opts, vault.clock);
        const whole = !opts.from && !opts.to && !opts.device && !opts.officer;
        const progress = createProgress(t(m.progress), !out.json);
        // A lost disk is a million findings: each is printed as it is found, never held.
        const problems = out.stream('problems', problemLine, beforeLine(progress));
        const report = await vault.verify
          .verifyOnRecord({ filter, findUnexpected: whole, progress, target: whole ? 'vault' : JSON.stringify(opts), onProblem: (p) => problems.row(p) })
          .catch(async (err: unknown) => {
            await problems.abort();
            throw err;
          });
        const { checked, ok, bytes, seconds, problemCount, problemCounts, repair, notRecorded, interrupted } = report;
        await problems.end({ checked, ok, bytes, seconds, problemCount, problemCounts, repair, notRecorded, interrupted }, () => {
          const head = t(m.head, { files: checked, size: formatBytes(bytes), seconds: seconds.toFixed(1), ok, count: problemCount });
          // Not findings: copies a killed ingest placed before its catalogue commit; the source's next ingest adopts them.
          const left = interrupted.map(
            (c) => t(m.interrupted, { path: c.vaultPath, session: c.sessionId, from: c.sourceRoot }),
          );
          return [head, ...left, ...closingLines(report)].join('\n');
        });
        finishCheck(report, vault.storage);
      }, { readOnlyCheck: true });
    });
}

/** `verify --remote`: the store's copies against the catalogue; findings stream out as found. */
async function verifyRemote(cmd: Command, read: boolean): Promise<void> {
  await withVault(cmd, accessFor('verify'), async (vault, { out }) => {
    const r = configured(vault);
    const findings = out.stream('problems', (f: RemoteFinding) =>
      f.kind === 'not-replicated' ? t(m.notReplicatedLine, { id: f.recordingId, path: f.vaultPath ?? '' }) : `  ${f.kind.padEnd(15)} ${f.vaultPath ?? f.key}  (${f.detail})`,
    );
    const report = await r.remoteVerify.verifyOnRecord({ read }, (f) => findings.row(f)).catch(async (err: unknown) => {
      await findings.abort();
      throw err;
    });
    await findings.end({ ...report }, () =>
      [
        t(m.remoteHead, { checked: report.checked, ok: report.ok, count: report.findingCount, waiting: report.notYetReplicated, seconds: report.seconds.toFixed(1) }),
        ...(report.notQueued ? [t(m.notReplicatedHint, { n: report.notQueued })] : []),
      ].join('\n'),
    );
    if (report.findingCount) process.exitCode = 1;
  });
}
