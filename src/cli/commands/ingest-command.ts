import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { formatBytes, createProgress } from '../progress-bar.js';
import type { IngestSummary } from '../../services/ingest.js';
import { incomplete, leftBehind } from '../../services/ingest-summary.js';
import { UserError } from '../../core/errors.js';
import { withVault } from '../context.js';

export function addIngestCommands(program: Command): void {
  program
    .command('ingest')
    .description('copy every media file of a mounted recorder volume into the vault, verified and catalogued')
    .argument('<path>', 'where the recorder volume is mounted')
    .option('--device <number>', 'the recorder\'s number (编号); else taken from the file names, else quarantined')
    .option('--device-override', 'store under --device although the file names or the volume name another recorder (needs --reason; recorded)')
    .option('--reason <text>', 'why --device-override is right (记录在审计日志中)')
    .addHelpText(
      'after',
      [
        '',
        'Example / 示例:',
        '  evidence-vault ingest /media/recorder --device 0001234',
        '',
        'Running it again on the same volume stores nothing twice, whatever --device says. A --device the file names or',
        'the volume contradict is refused before anything is copied. One ingest per recorder volume at a time: a second',
        'one exits 75 (try again when the first is done). Exit status 1 when any file stayed on the recorder; each is named.',
        '同一卷重复导入不会重复存储；编号与文件名或卷标识不符时拒绝导入；有文件未能存储时退出码为 1 并逐一列出。',
      ].join('\n'),
    )
    .action(async (source: string, opts: { device?: string; deviceOverride?: boolean; reason?: string }, cmd: Command) => {
      if (opts.deviceOverride && (!opts.device || !opts.reason?.trim())) {
        throw new UserError('--device-override needs --device and --reason / --device-override 需要同时给出 --device 和 --reason', 'e.g. evidence-vault ingest /media/recorder --device 0001235 --device-override --reason "记录仪更换主板，文件名仍为旧编号"');
      }
      await withVault(cmd, accessFor('ingest'), async (vault, { out }) => {
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          const summary = await vault.ingest.ingest({
            sourceRoot: path.resolve(source),
            deviceNumber: opts.device ?? null,
            typedByPerson: opts.device !== undefined,
            deviceOverrideReason: opts.deviceOverride ? opts.reason : undefined,
            progress: createProgress('ingest', !out.json),
            signal: controller.signal,
          });
          out.result(summary, () => describeSummary(summary));
          if (incomplete(summary)) process.exitCode = 1;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
    });
}

export function describeSummary(s: IngestSummary): string {
  const left = leftBehind(s);
  const lines = [
    `Ingest of ${s.source}${s.deviceNumber ? ` (recorder ${s.deviceNumber})` : ''}: session ${s.sessionId}, ${s.seconds.toFixed(1)} s / 导入会话 ${s.sessionId}`,
    `  stored 已存储         ${s.stored.files} files, ${formatBytes(s.stored.bytes)}`,
    `  already there 已存在  ${s.already.files} files, ${formatBytes(s.already.bytes)}`,
    `  flagged 需核查        ${s.flagged.length}`,
    `  left on source 未存储 ${left.length}${s.notReached ? ` (+${s.notReached} not reached 未处理)` : ''}`,
  ];
  if (s.otherFiles) lines.push(`  not media 非音像文件  ${s.otherFiles} files left alone`);
  for (const f of s.flagged.slice(0, 10)) lines.push(`  ! ${f.sourcePath} → ${f.vaultPath} [${f.flags.join(', ')}]`);
  if (s.flagged.length > 10) lines.push(`  ! … ${s.flagged.length - 10} more flagged (see --json)`);
  for (const k of s.skipped.filter((x) => x.reason !== 'unreadable')) lines.push(`  - ${k.sourcePath}: not footage, left alone (${k.reason})`);
  // Every file left behind is named: the recorder must not be cleared while one is.
  for (const f of left) lines.push(`  ✗ ${f.sourcePath}: ${f.why}`);
  if (s.stoppedEarly) lines.push(`Stopped early 提前停止: ${s.stoppedEarly}`);
  if (incomplete(s)) lines.push('Files not stored are still on the recorder: do not clear it; fix the cause and run the same command again. / 未存储的文件仍在记录仪上，请勿清除；排除原因后重新运行同一命令。');
  return lines.join('\n');
}
