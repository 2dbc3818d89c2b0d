/** `replicate status` and `replicate run`: the write-once copy on the object store (issue 17). */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import { replicationMessages as rm } from '../../core/i18n/replication-messages.js';
import type { Vault } from '../../wiring.js';
import type { ReplicationParts } from '../../wiring/replication.js';
import { withVault } from '../context.js';
import { examples } from '../help-examples.js';
import { t } from '../language.js';
import { formatBytes } from '../progress-bar.js';
import { asFailureKind } from '../../core/replication-failure.js';
import { failureKindMessages } from '../../core/i18n/replication-failure-messages.js';
import { replicateMessages as m } from '../messages/replicate.js';

/** Exit status when the store cannot be reached: try again later (EX_TEMPFAIL). */
const EXIT_TRY_AGAIN = 75;

export function configured(vault: Vault): ReplicationParts {
  if (!vault.replication) throw new UserError(rm.notConfigured, rm.notConfiguredHint);
  return vault.replication;
}

export function addReplicateCommands(program: Command): void {
  const replicate = program.command('replicate').description(t(m.group));
  replicate
    .command('status')
    .description(t(m.status))
    .addHelpText('after', examples(['evidence-vault replicate status', 'evidence-vault replicate status --json']))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('replicate.status'), (vault, { out }) => {
        const r = configured(vault);
        const lag = r.outbox.lag();
        const trail = r.outbox.lastSegment();
        const value = { endpoint: r.config.endpoint, bucket: r.config.bucket, station: r.config.station, ...lag, trailSentThrough: trail?.lastSeq ?? 0, waitingDisposals: r.outbox.waitingDisposals().map((d) => ({ recordingId: d.recordingId, reason: d.lastError })) };
        out.result(value, () =>
          [
            t(m.statusLine, { endpoint: r.config.endpoint, bucket: r.config.bucket, station: r.config.station }),
            t(m.replicatedLine, { n: lag.replicated }),
            t(m.waitingLine, { n: lag.waiting, size: formatBytes(lag.bytes), oldest: lag.oldestQueuedAt ?? '' }),
            t(m.otherLine, { refreshes: lag.refreshes, disposals: lag.disposals }),
            ...(lag.failing ? [t(m.failingLine, { n: lag.failing, id: String(lag.lastErrorRecording ?? '?'), what: t(failureKindMessages[asFailureKind(lag.lastErrorKind)]) })] : []),
            t(m.trailLine, { seq: String(trail?.lastSeq ?? 0) }),
          ].join('\n'),
        );
      });
    });
  replicate
    .command('run')
    .description(t(m.run))
    .addHelpText('after', examples(['evidence-vault replicate run', 'evidence-vault replicate run --json'], t(m.runNotes)))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('replicate.run'), async (vault, { out }) => {
        const r = configured(vault);
        try {
          const showProgress = !out.json && process.stderr.isTTY;
          const s = await r.service.runOnce((done) => {
            if (showProgress && done % 20 === 0) process.stderr.write(`\r${t(m.progress, { done })}`);
          });
          if (showProgress) process.stderr.write('\r\x1b[K');
          if (s.unreachable !== null) {
            throw new UserError(said(rm.unreachable, { endpoint: r.config.endpoint, what: s.unreachable }), rm.unreachableHint, EXIT_TRY_AGAIN);
          }
          out.result(s, () =>
            [
              t(m.runDone, { put: s.put, size: formatBytes(s.bytes), refreshed: s.refreshed, disposed: s.disposed, segments: s.trailSegments }),
              ...(s.requeued ? [t(m.runRequeued, { n: s.requeued })] : []),
              ...(s.waitingOnLocks ? [t(m.runWaitingLocks, { n: s.waitingOnLocks })] : []),
              ...(s.failed ? [t(m.runFailed, { n: s.failed })] : []),
            ].join('\n'),
          );
          if (s.failed) process.exitCode = 1;
        } finally {
          r.service.close();
        }
      });
    });
  replicate
    .command('network')
    .description(t(m.network))
    .addHelpText('after', examples(['evidence-vault replicate network | sudo tee /etc/systemd/system/evidence-vault.service.d/replication.conf'], t(m.networkNotes)))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('replicate.network'), async (vault, { out }) => {
        const r = configured(vault);
        const { addresses, text } = await r.network();
        out.result({ endpoint: r.config.endpoint, addresses, dropIn: text }, () => text.trimEnd());
      });
    });
}
