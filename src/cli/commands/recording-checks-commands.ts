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

const TABLE_LIMIT = 10_000;

interface ListOptions {
  device?: string;
  from?: string;
  to?: string;
  unexplained?: boolean;
}

/** Rows for a person: the first TABLE_LIMIT, with a word on stderr when there are more. */
function firstRows<T>(rows: Iterable<T>, what: string): T[] {
  const out: T[] = [];
  for (const r of rows) {
    if (out.length === TABLE_LIMIT) {
      process.stderr.write(`evidence-vault: more than ${TABLE_LIMIT} ${what}; showing the first ${TABLE_LIMIT}. Narrow with --from/--to/--device, or use --json for all.\n`);
      break;
    }
    out.push(r);
  }
  return out;
}

const local = (iso: string) => iso.slice(0, 19).replace('T', ' ');

function gapText(rows: GapView[], seen: (g: GapView) => { hidden: boolean; level: Parameters<typeof levelCell>[0] } = () => ({ hidden: false, level: 'ordinary' })): string {
  if (!rows.length) return 'No gaps / 无中断.';
  const open = rows.filter((g) => !g.explanation).length;
  return `${table(
    ['GAP', 'RECORDER', 'OFFICER', 'FROM', 'TO', 'SECONDS', 'EXPLANATION'],
    rows.map((g) => {
      const s = seen(g);
      if (s.hidden) return [g.id, '', '', local(g.startedAt), local(g.endedAt), g.seconds, `${HIDDEN_CELL} ${levelCell(s.level)}`];
      return [g.id, g.deviceNumber, g.officerId ?? '', local(g.startedAt), local(g.endedAt), g.seconds, g.explanation ? `${g.explanation.reason}: ${g.explanation.text}` : '(unexplained / 未说明)'];
    }),
  )}\n${rows.length} gaps, ${open} unexplained / 共 ${rows.length} 处中断，${open} 处未说明`;
}

function lateText(rows: LateView[], seen: (l: LateView) => { hidden: boolean; level: Parameters<typeof levelCell>[0] }): string {
  if (!rows.length) return 'No recordings stored later than 24 hours / 无超过24小时入库的录像.';
  const open = rows.filter((l) => l.unexplained).length;
  return `${table(
    ['RECORDING', 'RECORDER', 'OFFICER', 'ENDED', 'STORED', 'HOURS', 'EXPLANATION'],
    rows.map((l) => {
      const s = seen(l);
      return s.hidden ? [l.recordingId, '', '', local(l.endedAt), local(l.storedAt), l.hoursLate, `${HIDDEN_CELL} ${levelCell(s.level)}`] : [
      l.recordingId,
      l.deviceNumber ?? '',
      l.officerId ?? '',
      local(l.endedAt),
      local(l.storedAt),
      l.hoursLate,
      l.explanation ? `${l.explanation.reason}${l.explanation.returnedAt ? ` (returned ${local(l.explanation.returnedAt)})` : ''}: ${l.explanation.text}${l.unexplained ? ' — still late / 仍超时' : ''}` : '(unexplained / 未说明)',
    ];
    }),
  )}\n${rows.length} late, ${open} unexplained / 共 ${rows.length} 条迟延入库，${open} 条未说明`;
}

const windowOptions = (cmd: Command) => cmd.option('--device <number>', 'only this recorder').option('--from <date>', 'from this local date/time').option('--to <date>', 'to this local date (inclusive)').option('--unexplained', 'only those with no explanation');

export function addRecordingChecksCommands(program: Command): void {
  const gap = program.command('gap').description('gaps inside a recording session (R5, P16): list them, explain them');
  windowOptions(
    gap
      .command('list')
      .description('holes longer than the tolerance (3 s) and shorter than a session break (30 min) between two recordings of one recorder')
      .addHelpText('after', '\nExample:\n  evidence-vault gap list --device 0001234 --from 2026-05-01 --to 2026-05-31 --unexplained\n\nA gap id names the recordings around it (812-813): it stays while they do.'),
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
    .description("explain a gap in writing (P16(3)): the officer's custodian or leader (approver)")
    .argument('<id>', 'gap id from gap list, e.g. 812-813')
    .requiredOption('--reason <reason>', GAP_REASONS.join(' | '))
    .requiredOption('--text <text>', 'what happened (情况说明)')
    .addHelpText('after', '\nExample:\n  evidence-vault gap explain 812-813 --reason obstruction --text "当事人阻挠，记录仪被打落，拾起后继续录制"')
    .action(async (id: string, opts: { reason: string; text: string }, cmd: Command) => {
      await withVault(cmd, accessFor('gap.explain'), (vault, { out }) => {
        const g = vault.checks.gaps.explain(id, opts.reason, opts.text);
        out.result(g, () => `Gap ${g.id} (recorder ${g.deviceNumber}, ${g.seconds} s) explained: ${opts.reason} / 中断情况已说明`);
      });
    });

  const late = program.command('late').description('recordings stored later than 24 hours after they ended (P25): list them, explain them');
  windowOptions(
    late
      .command('list')
      .description('recordings whose storage came more than 24 hours after their end (from --from/--to: their start)')
      .addHelpText('after', '\nExample:\n  evidence-vault late list --from 2026-01-01 --to 2026-06-30 --unexplained --json'),
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
      } else out.result(null, () => lateText(firstRows(rows, 'late recordings'), (l) => hiding.recording(l.recordingId)) + hiding.line());
    });
  });
  late
    .command('explain')
    .description("explain a late store (P25): the officer's custodian or leader (approver)")
    .argument('<recordingId>', 'recording id from late list')
    .requiredOption('--reason <reason>', LATE_REASONS.join(' | '))
    .requiredOption('--text <text>', 'why (情况说明)')
    .option('--returned-at <time>', 'remote work: when the officer came back (the 24 hours run from then)')
    .addHelpText('after', '\nExample:\n  evidence-vault late explain 812 --reason remote-work --returned-at "2026-05-20 18:00" --text "异地执法，返回当晚导入"')
    .action(async (id: string, opts: { reason: string; text: string; returnedAt?: string }, cmd: Command) => {
      await withVault(cmd, accessFor('late.explain'), (vault, { out }) => {
        const l = vault.checks.late.explain(id, opts.reason, opts.text, opts.returnedAt);
        out.result(l, () =>
          l.unexplained
            ? `Recording ${id}: explanation kept, but it was stored more than 24 hours after the return: still late / 已记录说明，但返回后超过24小时入库，仍属迟延`
            : `Recording ${id}: late storage explained (${opts.reason}) / 迟延入库已说明`,
        );
      });
    });

  const device = program.commands.find((c) => c.name() === 'device') ?? program.command('device').description('the recorder register');
  device
    .command('drift')
    .description("a recorder's apparent clock offset at each dock: its newest new recording's end minus the PC clock")
    .argument('[number]', 'recorder number (all recorders when left out)')
    .addHelpText('after', '\nExample:\n  evidence-vault device drift 0001234\n\nNear 0: recording until docked. Growing dock after dock: the clock drifts. Large and positive: the clock is ahead.')
    .action(async (number: string | undefined, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('device.drift'), (vault, { out }) => {
        const rows = vault.checks.offsets(number);
        out.result(rows, () =>
          rows.length
            ? table(['RECORDER', 'DOCKED', 'NEWEST END', 'OFFSET (s)', 'FILES', 'SESSION'], rows.map((o) => [o.deviceNumber, local(o.dockedAt), local(o.newestEndedAt), o.offsetSeconds, o.files, o.sessionId]))
            : `No docks with new recordings${number ? ` for recorder ${number}` : ''} / 暂无入库记录`,
        );
      });
    });
}
