import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import { FLAG_MEANING_ZH, isRecordingFlag, RECORDING_FLAGS } from '../../core/recording-flags.js';
import { START_SOURCE_ZH } from '../../core/i18n/code-names.js';
import type { Recording } from '../../core/types.js';
import type { UnitClock } from '../../core/unit-clock.js';
import type { RecordingFilter } from '../../services/catalogue-lookup.js';
import { formatBytes } from '../progress-bar.js';
import { withParts, withVault } from '../context.js';
import type { VaultOptions } from '../../wiring.js';
import { table } from '../output.js';
import { addAttributeCommand } from './recordings-attribute-command.js';
import { Hiding, HIDDEN_CELL, levelCell, levelName } from './classified-rows.js';
import { said } from '../../core/i18n/said.js';
import { coded, language, t } from '../language.js';
import { recordingsMessages as m, SHOW_FIELD_ZH } from '../messages/recordings.js';

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
    if (!d) throw new UserError(said(m.notDate, { flag, what: text }), m.notDateHint);
    return d;
  };
  if (opts.from) f.fromMs = when('--from', opts.from).getTime();
  if (opts.to) {
    const end = when('--to', opts.to);
    f.toMs = /^\d{4}-\d{2}-\d{2}$/.test(opts.to.trim()) ? end.getTime() + 86_400_000 : end.getTime();
  }
  // Reversed, the window is empty and every list would read as clean (no gaps, nothing late, all verified).
  if (f.fromMs !== undefined && f.toMs !== undefined && f.fromMs > f.toMs) {
    throw new UserError(said(m.reversed, { from: opts.from ?? '', to: opts.to ?? '' }), m.reversedHint);
  }
  if (opts.device) f.deviceNumber = opts.device;
  if (opts.officer) f.officerId = opts.officer;
  return f;
}

export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option('--from <date>', t(m.fromOpt))
    .option('--to <date>', t(m.toOpt))
    .option('--device <number>', t(m.deviceOpt))
    .option('--officer <id>', t(m.officerOpt));
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
    disposedAt: r.disposedAt ?? null,
  };
}

const TABLE_LIMIT = 10_000;

/** A field of `recordings show`, padded: its --json key in English, its Chinese name in Chinese. */
function fieldName(key: string): string {
  if (language() !== 'zh') return key.padEnd(16);
  const zh = SHOW_FIELD_ZH[key] ?? key;
  // A CJK character takes two columns.
  const width = [...zh].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  return zh + ' '.repeat(Math.max(1, 16 - width));
}

/** Flags as the table and `recordings show` give them: in Chinese each with its meaning beside it. */
const flagsText = (flags: readonly string[], joiner: string): string => flags.map((f) => coded(f, FLAG_MEANING_ZH)).join(language() === 'zh' ? '、' : joiner);

/** A field's value in `recordings show`: codes with their Chinese names in Chinese, as --json has them in English. */
function fieldValue(key: string, v: unknown): string {
  if (key === 'flags' && Array.isArray(v)) return flagsText(v as string[], ', ');
  if (key === 'startedAtSource') return coded(String(v), START_SOURCE_ZH);
  if (key === 'level' && language() === 'zh') return levelName(String(v));
  return Array.isArray(v) ? v.join(', ') : String(v ?? '');
}

export function addRecordingsCommands(program: Command): void {
  const recordings = program.command('recordings').description(t(m.recordings));
  addAttributeCommand(recordings);
  addFilterOptions(recordings.command('list').description(t(m.list)))
    .option('--flag <flag>', t(m.flagOpt, { flags: RECORDING_FLAGS.join(', ') }))
    .addHelpText(
      'after',
      `\n${t(m.example)}\n  evidence-vault recordings list --from 2026-05-01 --to 2026-05-31 --device 0001234 --json\n  evidence-vault recordings list --flag quarantined    # ${t(m.quarantinedComment)}`,
    )
    .action(async (opts: FilterOptions & { flag?: string }, cmd: Command) => {
      if (opts.flag !== undefined && !isRecordingFlag(opts.flag)) {
        throw new UserError(said(m.notAFlag, { flag: opts.flag }), said(m.flagHint, { flags: RECORDING_FLAGS.join(', ') }));
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
            process.stderr.write(`evidence-vault: ${t(m.tooMany, { limit: TABLE_LIMIT })}\n`);
            break;
          }
          rows.push(r);
        }
        const cells = rows.map((r) => {
          const { level, hidden } = hiding.recording(r.id);
          if (hidden) return [r.id, r.localDate, '', '', '', '', HIDDEN_CELL, '', levelCell(level)];
          return [r.id, r.startedAt, r.deviceNumber ?? '?', r.officerId ?? '', r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)}s`, formatBytes(r.size), r.vaultPath, [flagsText(r.flags, ','), ...(r.disposedAt ? [t(m.disposedFlag)] : [])].filter(Boolean).join(language() === 'zh' ? '、' : ','), levelCell(level)];
        });
        // The level column only where something is classified: an unclassified vault's table is as it was.
        const withLevel = cells.some((c) => c[8] !== '');
        out.result(null, () =>
          rows.length
            ? table([...t(m.headers).split('|'), ...(withLevel ? [t(m.levelHeader)] : [])], withLevel ? cells : cells.map((c) => c.slice(0, 8))) +
              `\n${t(m.count, { number: rows.length })}${hiding.line()}`
            : t(m.none),
        );
      });
    });
  recordings
    .command('show')
    .description(t(m.show))
    .argument('<id>', t(m.idArg))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault recordings show 42`)
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
            ...Object.entries(shown).map(([k, v]) => `${fieldName(k)} ${fieldValue(k, v)}`),
            ...attributions.map(
              (a) =>
                t(m.corrected, {
                  at: a.at,
                  by: a.by,
                  oldDevice: a.oldDeviceNumber ?? '?',
                  newDevice: a.newDeviceNumber ?? '?',
                  oldOfficer: a.oldOfficerId ?? '?',
                  newOfficer: a.newOfficerId ?? '?',
                  reason: a.reason,
                  was: a.oldVaultPath,
                }),
            ),
            ...classifications.map((c) => t(m.classified, { at: c.setAt, by: c.setBy, level: levelName(c.level), reason: c.reason })),
          ].join('\n'),
        );
      });
    });
}
