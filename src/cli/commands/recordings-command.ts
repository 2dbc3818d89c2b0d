import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { isRecordingFlag, RECORDING_FLAGS } from '../../core/recording-flags.js';
import type { Recording } from '../../core/types.js';
import type { UnitClock } from '../../core/unit-clock.js';
import type { RecordingFilter } from '../../services/catalogue-lookup.js';
import { formatBytes } from '../progress-bar.js';
import { withParts, withVault } from '../context.js';
import type { VaultOptions } from '../../wiring.js';
import { table } from '../output.js';
import { addAttributeCommand } from './recordings-attribute-command.js';
import { Hiding, HIDDEN_CELL, levelCell } from './classified-rows.js';

export interface FilterOptions {
  from?: string;
  to?: string;
  device?: string;
  officer?: string;
}

/** --from/--to are local dates or times in the unit's zone; --to is inclusive of its whole day. */
export function toFilter(opts: FilterOptions, clock: UnitClock): RecordingFilter {
  const f: RecordingFilter = {};
  const when = (flag: string, text: string) => {
    const d = clock.parse(text);
    if (!d) throw new UserError(`${flag} "${text}" is not a date`, 'Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.');
    return d;
  };
  if (opts.from) f.fromMs = when('--from', opts.from).getTime();
  if (opts.to) {
    const end = when('--to', opts.to);
    f.toMs = /^\d{4}-\d{2}-\d{2}$/.test(opts.to.trim()) ? end.getTime() + 86_400_000 : end.getTime();
  }
  // Reversed, the window is empty and every list would read as clean (no gaps, nothing late, all verified).
  if (f.fromMs !== undefined && f.toMs !== undefined && f.fromMs > f.toMs) {
    throw new UserError(`--from ${opts.from} is after --to ${opts.to} / 起始时间晚于截止时间`, 'Swap them: --from is the start, --to the end (a date includes its whole day).');
  }
  if (opts.device) f.deviceNumber = opts.device;
  if (opts.officer) f.officerId = opts.officer;
  return f;
}

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--from <date>', 'recordings that started on or after this local date/time')
    .option('--to <date>', 'recordings that started on or before this local date (inclusive)')
    .option('--device <number>', 'only this recorder')
    .option('--officer <id>', 'only this officer (警号)');
}

/** The JSON contract of `recordings list --json` (scripts and later features rely on these names). */
export function recordingJson(r: Recording) {
  return {
    id: r.id,
    sha256: r.sha256,
    size: r.size,
    vaultPath: r.vaultPath,
    originalName: r.originalName,
    sourcePath: r.sourcePath,
    deviceNumber: r.deviceNumber,
    officerId: r.officerId,
    startedAt: r.startedAt,
    startedAtSource: r.startedAtSource,
    localDate: r.localDate,
    durationSeconds: r.durationSeconds,
    format: r.format,
    videoCodec: r.videoCodec,
    audioCodec: r.audioCodec,
    width: r.width,
    height: r.height,
    probeError: r.probeError,
    ingestedAt: r.ingestedAt,
    flags: r.flags,
    clockSkewSeconds: r.clockSkewSeconds ?? null,
  };
}

const TABLE_LIMIT = 10_000;

export function addRecordingsCommands(program: Command): void {
  const recordings = program.command('recordings').description('look up catalogued recordings, and correct where one came from');
  addAttributeCommand(recordings);
  addFilterOptions(recordings.command('list').description('list recordings, oldest first'))
    .option('--flag <flag>', `only recordings with this flag: ${RECORDING_FLAGS.join(', ')}`)
    .addHelpText(
      'after',
      '\nExample:\n  evidence-vault recordings list --from 2026-05-01 --to 2026-05-31 --device 0001234 --json\n  evidence-vault recordings list --flag quarantined    # 待确认来源的隔离文件',
    )
    .action(async (opts: FilterOptions & { flag?: string }, cmd: Command) => {
      if (opts.flag !== undefined && !isRecordingFlag(opts.flag)) {
        throw new UserError(`--flag "${opts.flag}" is not a recording flag / 未知标记`, `Use one of: ${RECORDING_FLAGS.join(', ')}`);
      }
      // Only the parts a listing reads: it starts without loading the rest of the vault.
      const open = async (o: VaultOptions) => (await import('../../wiring/listing.js')).openListingVault(o);
      await withParts(cmd, accessFor('recordings.list'), open, async (vault, { out }) => {
        const filter = { ...toFilter(opts, vault.clock), ...(opts.flag ? { flag: opts.flag } : {}) };
        // R14: footage above the operator's clearance keeps its id, level and date; its details are hidden.
        const hiding = new Hiding(vault.classification.sight());
        const matched = vault.catalogue.recordings(filter);
        // Filtered by recorder, officer or flag, a hidden row would say whose it is: such rows are left out.
        const listed = opts.device || opts.officer || opts.flag ? hiding.leaveOut(matched, (r) => [r.id]) : matched;
        if (out.json) {
          // Streamed: a catalogue holds millions of rows over the years, and scripts may ask for all.
          await out.jsonArray(listed, (r) => {
            const { level, hidden } = hiding.recording(r.id);
            return hidden ? hiding.row(r.id, level, r.localDate) : level === 'ordinary' ? recordingJson(r) : { ...recordingJson(r), level };
          });
          hiding.tellStderr();
          return;
        }
        // A table is for reading: past TABLE_LIMIT rows, say how to narrow it or use --json.
        const rows: Recording[] = [];
        for (const r of listed) {
          if (rows.length === TABLE_LIMIT) {
            process.stderr.write(`evidence-vault: more than ${TABLE_LIMIT} recordings match; showing the first ${TABLE_LIMIT}. Narrow with --from/--to/--device/--officer, or use --json for all.\n`);
            break;
          }
          rows.push(r);
        }
        const cells = rows.map((r) => {
          const { level, hidden } = hiding.recording(r.id);
          if (hidden) return [r.id, r.localDate, '', '', '', '', HIDDEN_CELL, '', levelCell(level)];
          return [r.id, r.startedAt, r.deviceNumber ?? '?', r.officerId ?? '', r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)}s`, formatBytes(r.size), r.vaultPath, r.flags.join(','), levelCell(level)];
        });
        // The level column only where something is classified: an unclassified vault's table is as it was.
        const withLevel = cells.some((c) => c[8] !== '');
        out.result(null, () =>
          rows.length
            ? table(['ID', 'STARTED', 'DEVICE', 'OFFICER', 'LENGTH', 'SIZE', 'PATH', 'FLAGS', ...(withLevel ? ['LEVEL 密级'] : [])], withLevel ? cells : cells.map((c) => c.slice(0, 8))) +
              `\n${rows.length} recordings${hiding.line()}`
            : 'No recordings match.',
        );
      });
    });
  recordings
    .command('show')
    .description('everything the catalogue knows about one recording')
    .argument('<id>', 'recording id (from recordings list)')
    .addHelpText('after', '\nExample:\n  evidence-vault recordings show 42')
    .action(async (idText: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.show'), (vault, { out }) => {
        const r = vault.catalogue.recording(idText);
        // R14: refused (exit 77, on the record) when its level is above the operator's clearance.
        vault.classification.requireSight('recordings.show', r.id);
        const attributions = vault.attribution.history(r.id);
        const level = vault.classification.sight().level(r.id);
        const classifications = vault.classification.recordingHistory(r.id);
        const cameraOperator = vault.cameraOperators.of(r.id);
        const shown = { ...recordingJson(r), level, cameraOperator };
        out.result({ ...shown, attributions, classifications }, () =>
          [
            ...Object.entries(shown).map(([k, v]) => `${k.padEnd(16)} ${Array.isArray(v) ? v.join(', ') : v ?? ''}`),
            ...attributions.map(
              (a) => `corrected 更正   ${a.at} by ${a.by}: recorder ${a.oldDeviceNumber ?? '?'} → ${a.newDeviceNumber ?? '?'}, officer ${a.oldOfficerId ?? '?'} → ${a.newOfficerId ?? '?'} (${a.reason}); was ${a.oldVaultPath}`,
            ),
            ...classifications.map((c) => `classified 定密  ${c.setAt} by ${c.setBy}: ${c.level} (${c.reason})`),
          ].join('\n'),
        );
      });
    });
}
