/** `gap list/explain` (R5, P16), `late list/explain` (P25), `device drift`: the checks on recordings. */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { LATE_REASONS } from '../../core/late-storage.js';
import { GAP_REASONS, type GapView } from '../../services/gaps.js';
import type { LateView } from '../../services/late-storage.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { toFilter } from './recordings-command.js';
import { Hiding, HIDDEN_CELL, levelCell } from './classified-rows.js';
import { strictest } from '../../core/classification.js';
import { coded, t } from '../language.js';
import { GAP_REASON_ZH } from '../../core/register-gaps.js';
import { LATE_REASON_ZH } from '../../core/i18n/code-names.js';
import { checksMessages as m } from '../messages/recording-checks.js';

const TABLE_LIMIT = 10_000;

interface ListOptions {
  device?: string;
  from?: string;
  to?: string;
  unexplained?: boolean;
}

/** Rows for a person: the first TABLE_LIMIT, with a word on stderr when there are more. */
function firstRows<T>(rows: Iterable<T>, what: 'gaps' | 'late'): T[] {
  const out: T[] = [];
  for (const r of rows) {
    if (out.length === TABLE_LIMIT) {
      process.stderr.write(`${t(m.tooMany, { limit: TABLE_LIMIT, what })}\n`);
      break;
    }
    out.push(r);
  }
  return out;
}

const local = (iso: string) => iso.slice(0, 19).replace('T', ' ');

function gapText(rows: GapView[], seen: (g: GapView) => { hidden: boolean; level: Parameters<typeof levelCell>[0] } = () => ({ hidden: false, level: 'ordinary' })): string {
  if (!rows.length) return t(m.noGaps);
  const open = rows.filter((g) => !g.explanation).length;
  return `${table(
    [t(m.colGap), t(m.colRecorder), t(m.colOfficer), t(m.colFrom), t(m.colTo), t(m.colSeconds), t(m.colExplanation)],
    rows.map((g) => {
      const s = seen(g);
      if (s.hidden) return [g.id, '', '', local(g.startedAt), local(g.endedAt), g.seconds, `${HIDDEN_CELL} ${levelCell(s.level)}`];
      return [g.id, g.deviceNumber, g.officerId ?? '', local(g.startedAt), local(g.endedAt), g.seconds, g.explanation ? t(m.explainedCell, { reason: coded(g.explanation.reason, GAP_REASON_ZH), text: g.explanation.text }) : t(m.unexplainedCell)];
    }),
  )}\n${t(m.gapTotals, { count: rows.length, open })}`;
}

function lateText(rows: LateView[], seen: (l: LateView) => { hidden: boolean; level: Parameters<typeof levelCell>[0] }): string {
  if (!rows.length) return t(m.noLate);
  const open = rows.filter((l) => l.unexplained).length;
  return `${table(
    [t(m.colRecording), t(m.colRecorder), t(m.colOfficer), t(m.colEnded), t(m.colStored), t(m.colHours), t(m.colExplanation)],
    rows.map((l) => {
      const s = seen(l);
      return s.hidden ? [l.recordingId, '', '', local(l.endedAt), local(l.storedAt), l.hoursLate, `${HIDDEN_CELL} ${levelCell(s.level)}`] : [
      l.recordingId,
      l.deviceNumber ?? '',
      l.officerId ?? '',
      local(l.endedAt),
      local(l.storedAt),
      l.hoursLate,
      l.explanation ? `${t(m.explainedCell, { reason: `${coded(l.explanation.reason, LATE_REASON_ZH)}${l.explanation.returnedAt ? t(m.returned, { time: local(l.explanation.returnedAt) }) : ''}`, text: l.explanation.text })}${l.unexplained ? t(m.stillLate) : ''}` : t(m.unexplainedCell),
    ];
    }),
  )}\n${t(m.lateTotals, { count: rows.length, open })}`;
}

const windowOptions = (cmd: Command) => cmd.option('--device <number>', t(m.onlyDevice)).option('--from <date>', t(m.from)).option('--to <date>', t(m.to)).option('--unexplained', t(m.unexplained));

export function addRecordingChecksCommands(program: Command): void {
  const gap = program.command('gap').description(t(m.gapGroup));
  windowOptions(
    gap
      .command('list')
      .description(t(m.gapList))
      .addHelpText('after', `\n${t(m.example)}\n  evidence-vault gap list --device 0001234 --from 2026-05-01 --to 2026-05-31 --unexplained\n\n${t(m.gapIdNote)}`),
  ).action(async (opts: ListOptions, cmd: Command) => {
    await withVault(cmd, accessFor('gap.list'), async (vault, { out }) => {
      const found = vault.checks.gaps.list({ ...toFilter(opts, vault.clock), unexplained: opts.unexplained });
      // R14: a gap beside footage above the operator's clearance keeps its id, level and time only;
      // filtered by recorder, it would say whose recorder made it: then it is left out.
      const hiding = new Hiding(vault.classification.sight());
      const rows = opts.device ? hiding.leaveOut(found, (g) => [g.beforeId, g.afterId]) : found;
      const level = (g: GapView) => strictest([hiding.sight.level(g.beforeId), hiding.sight.level(g.afterId)]);
      if (out.json) {
        await out.jsonArray(rows, (g) => {
          const l = hiding.check(level(g));
          return l.hidden ? hiding.row(g.id, l.level, g.startedAt) : g;
        });
        hiding.tellStderr();
      } else out.result(null, () => gapText(firstRows(rows, 'gaps'), (g) => hiding.check(level(g))) + hiding.line());
    });
  });
  gap
    .command('explain')
    .description(t(m.gapExplain))
    .argument('<id>', t(m.gapIdArg))
    .requiredOption('--reason <reason>', t(m.reasonCodes, { list: GAP_REASONS.map((r) => coded(r, GAP_REASON_ZH)).join(' | ') }))
    .requiredOption('--text <text>', t(m.whatHappened))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault gap explain 812-813 --reason obstruction --text "当事人阻挠，记录仪被打落，拾起后继续录制"`)
    .action(async (id: string, opts: { reason: string; text: string }, cmd: Command) => {
      await withVault(cmd, accessFor('gap.explain'), (vault, { out }) => {
        const g = vault.checks.gaps.explain(id, opts.reason, opts.text);
        out.result(g, () => t(m.gapExplained, { id: g.id, device: g.deviceNumber, seconds: g.seconds, reason: coded(opts.reason, GAP_REASON_ZH) }));
      });
    });

  const late = program.command('late').description(t(m.lateGroup));
  windowOptions(
    late
      .command('list')
      .description(t(m.lateList))
      .addHelpText('after', `\n${t(m.example)}\n  evidence-vault late list --from 2026-01-01 --to 2026-06-30 --unexplained --json`),
  ).action(async (opts: ListOptions, cmd: Command) => {
    await withVault(cmd, accessFor('late.list'), async (vault, { out }) => {
      const found = vault.checks.late.list({ ...toFilter(opts, vault.clock), unexplained: opts.unexplained });
      // R14, as in gap list: hidden footage keeps its id, level and times; left out when filtered by recorder.
      const hiding = new Hiding(vault.classification.sight());
      const rows = opts.device ? hiding.leaveOut(found, (l) => [l.recordingId]) : found;
      const json = (l: LateView) => ({ recordingId: l.recordingId, deviceNumber: l.deviceNumber, officerId: l.officerId, endedAt: l.endedAt, storedAt: l.storedAt, hoursLate: l.hoursLate, unexplained: l.unexplained, explanation: l.explanation });
      if (out.json) {
        await out.jsonArray(rows, (l) => {
          const s = hiding.recording(l.recordingId);
          return s.hidden ? { ...hiding.row(l.recordingId, s.level, l.endedAt), recordingId: l.recordingId } : json(l);
        });
        hiding.tellStderr();
      } else out.result(null, () => lateText(firstRows(rows, 'late'), (l) => hiding.recording(l.recordingId)) + hiding.line());
    });
  });
  late
    .command('explain')
    .description(t(m.lateExplain))
    .argument('<recordingId>', t(m.recordingIdArg))
    .requiredOption('--reason <reason>', t(m.reasonCodes, { list: LATE_REASONS.map((r) => coded(r, LATE_REASON_ZH)).join(' | ') }))
    .requiredOption('--text <text>', t(m.why))
    .option('--returned-at <time>', t(m.returnedAt))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault late explain 812 --reason remote-work --returned-at "2026-05-20 18:00" --text "异地执法，返回当晚导入"`)
    .action(async (id: string, opts: { reason: string; text: string; returnedAt?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('late.explain'), (vault, { out }) => {
        const l = vault.checks.late.explain(id, opts.reason, opts.text, opts.returnedAt);
        out.result(l, () =>
          l.unexplained
            ? t(m.lateStillLate, { id })
            : t(m.lateExplained, { id, reason: coded(opts.reason, LATE_REASON_ZH) }),
        );
      });
    });

  const device = program.commands.find((c) => c.name() === 'device') ?? program.command('device').description(t(m.deviceGroup));
  device
    .command('drift')
    .description(t(m.drift))
    .argument('[number]', t(m.driftArg))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault device drift 0001234\n\n${t(m.driftNotes)}`)
    .action(async (number: string | undefined, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.drift'), (vault, { out }) => {
        const rows = vault.checks.offsets(number);
        out.result(rows, () =>
          rows.length
            ? table([t(m.colRecorder), t(m.colDocked), t(m.colNewestEnd), t(m.colOffset), t(m.colFiles), t(m.colSession)], rows.map((o) => [o.deviceNumber, local(o.dockedAt), local(o.newestEndedAt), o.offsetSeconds, o.files, o.sessionId]))
            : t(m.noDocks, { number: number ?? null }),
        );
      });
    });
}
