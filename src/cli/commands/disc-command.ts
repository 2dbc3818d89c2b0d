import { accessFor } from '../../core/access-table.js';
import path from 'node:path';
import { Command, Option } from 'commander';
import { MEDIA, type Medium } from '../../core/disc-plan.js';
import { anchorVerdict } from '../../core/audit-anchor.js';
import { sizeText } from '../../core/register-form.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import { createProgress } from '../progress-bar.js';
import type { DiscBuildRequest, DiscSelection } from '../../services/disc-build.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { whereText } from './disc-handover-commands.js';
import { language, t, tell } from '../language.js';
import { MD5_CHECK_ZH } from '../../core/i18n/code-names.js';
import { detailSaid } from '../../core/i18n/detail-said.js';
import { missingHint } from '../../core/register-form.js';
import { examples, headers } from '../help-examples.js';
import { discMessages as m } from '../messages/disc.js';
import { commonMessages as c } from '../messages/common-a.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface BuildOptions {
  case?: string;
  recording?: string[];
  caseNumber?: string;
  caseTitle?: string;
  place?: string[];
  officers?: string[];
  operator?: string;
  out: string;
  medium: Medium;
  capacity?: string;
}

function recordingId(text: string, option: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new UserError(said(m.notRecordingId, { option, what: text }), c.recordingIdsHint);
  return id;
}

/** ID=TEXT pairs; `*` (all recordings) is kept as id 0 where `allowAll`. */
function pairs(values: string[] | undefined, option: string, allowAll: boolean): Map<number, string> {
  const map = new Map<number, string>();
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0 || !v.slice(eq + 1).trim()) throw new UserError(said(m.notPair, { option, what: v }), said(m.pairExample, { option }));
    const key = v.slice(0, eq).trim();
    map.set(allowAll && key === '*' ? 0 : recordingId(key, option), v.slice(eq + 1).trim());
  }
  return map;
}

function buildRequest(opts: BuildOptions): DiscBuildRequest {
  if (Boolean(opts.case) === Boolean(opts.recording?.length)) throw new UserError(m.caseOrRecordings, m.seeBuildHelp);
  const selection: DiscSelection = opts.case ? { caseNumber: opts.case } : { recordingIds: opts.recording!.map((r) => recordingId(r, '--recording')) };
  let capacityBytes: number | undefined;
  if (opts.capacity !== undefined) {
    capacityBytes = Number(opts.capacity);
    if (!Number.isSafeInteger(capacityBytes) || capacityBytes <= 0) throw new UserError(said(m.badCapacity, { what: opts.capacity }));
  }
  const officers = new Map([...pairs(opts.officers, '--officers', true)].map(([k, v]) => [k, v.split(/[,，、]/).map((s) => s.trim()).filter(Boolean)]));
  return {
    selection,
    caseNumber: opts.caseNumber,
    caseTitle: opts.caseTitle,
    places: pairs(opts.place, '--place', false),
    officers,
    ...(opts.operator === undefined ? {} : { operator: opts.operator }),
    outDir: path.resolve(opts.out),
    medium: opts.medium,
    capacityBytes,
  };
}

export function addDiscCommands(program: Command): void {
  const disc = program.command('disc').description(t(m.group));

  disc
    .command('build')
    .description(t(m.build))
    .option('--case <number>', t(m.caseOpt))
    .option('--recording <id...>', t(m.recordingOpt))
    .option('--case-number <number>', t(m.caseNumberOpt))
    .option('--case-title <title>', t(m.caseTitleOpt))
    .option('--place <id=text>', t(m.placeOpt), collect)
    .option('--officers <id=names>', t(m.officersOpt), collect)
    .option('--operator <name>', t(m.operatorOpt))
    .requiredOption('--out <dir>', t(m.outOpt))
    .addOption(new Option('--medium <medium>', t(m.mediumOpt)).choices(MEDIA).default('dvd'))
    .addOption(new Option('--capacity <bytes>', t(m.capacityOpt)).hideHelp())
    .addHelpText(
      'after',
      examples(
        [
          'evidence-vault disc build --case 鞍自然执〔2026〕17号 --out /tmp/case17',
          "evidence-vault disc build --recording 12 13 --case-number 鞍自然执〔2026〕17号 --case-title 违法占地案 \\\n      --place 12=千山区某村东侧 --officers '*=李四' --medium cd --out /tmp/case17",
        ],
        t(m.buildNotes),
      ),
    )
    .action(async (opts: BuildOptions, cmd: Command) => {
      // Bad arguments are refusals, on the record like any other.
      await withVault(cmd, accessFor('disc.build'), async (vault, { out }) => {
        const request = buildRequest(opts);
        const result = await vault.discBuild.build({ ...request, progress: createProgress('disc build', !out.json) });
        out.result(result, () => {
          const lines = [t(m.made, { count: result.discs.length, what: result.case.number ?? t(m.chosen), medium: result.medium, size: sizeText(result.capacityBytes) })];
          for (const d of result.discs) {
            lines.push(t(m.discLine, { number: d.number, register: d.registerNumber, part: d.part, parts: d.parts, count: d.recordings.length, size: sizeText(d.imageSize), checked: d.readBack.checked }));
            lines.push(t(m.imageLine, { path: d.image }));
            lines.push(t(m.registerLine, { path: d.files.register.pdf }));
            for (const x of d.missing) {
              const where = x.recordingId === null ? t(m.missingHeader) : t(m.missingRecording, { id: x.recordingId });
              lines.push(t(m.missingLine, { where, label: x.label, field: x.field, hint: tell(missingHint(x)) }));
            }
          }
          if (result.holds.placed) lines.push(t(m.keptForGood, { count: result.holds.placed }));
          // The command as it is typed for the disc just made; for several, the first, and once each.
          const first = result.discs[0]?.number;
          if (first) lines.push(t(m.burnWith, { disc: first }) + (result.discs.length > 1 ? t(m.burnEach) : ''));
          return lines.join('\n');
        });
        if (result.discs.some((d) => d.missing.length)) process.exitCode = 3;
      }, { badInputIs: 'refused' });
    });

  disc
    .command('verify')
    .description(t(m.verify))
    .argument('<device-or-image>', t(m.sourceArg))
    .addHelpText('after', examples(['evidence-vault disc verify /dev/sr0', 'evidence-vault disc verify /tmp/case17/GP2026-0001.iso --json'], t(m.verifyNotes)))
    .action(async (source: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('disc.verify'), async (vault, { out }) => {
        const report = await vault.discCheck.verify(source, createProgress('disc verify', !out.json));
        out.result(report, () =>
          [
            t(m.verified, {
              disc: report.disc,
              register: report.registerNumber,
              source,
              verdict: report.problems.length === 0 ? t(m.allMatch, { count: report.files }) : t(m.problems, { count: report.problems.length }),
              md5: language() === 'zh' ? (MD5_CHECK_ZH[report.md5] ?? report.md5) : report.md5,
            }),
            ...report.problems.map((p) => `  ${p.kind.padEnd(11)} ${p.path}${p.detail ? `  (${tell(detailSaid(p)!)})` : ''}`),
            report.chainHead
              ? t(m.chainOnDisc, { seq: report.chainHead.seq, verdict: `${t(report.anchors.every((a) => a.ok) ? m.chainOk : m.chainMismatch)}${report.anchors.map((a) => anchorVerdict(a, language())).join(t(m.verdictJoin))}` })
              : t(m.noChainOnDisc),
          ].join('\n'),
        );
        if (!report.ok) process.exitCode = 1;
      });
    });

  disc
    .command('burn')
    .description(t(m.burn))
    .requiredOption('--device <dev>', t(m.deviceOpt))
    .requiredOption('--disc <number>', t(m.discOpt))
    .addHelpText('after', examples(['evidence-vault disc burn --device /dev/sr0 --disc GP2026-0001', 'evidence-vault disc verify /dev/sr0'], t(m.burnNotes)))
    .action(async (opts: { device: string; disc: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.burn'), async (vault, { out }) => {
        const r = await vault.discCheck.burn(opts.device, opts.disc, createProgress('disc burn', !out.json));
        out.result(r, () => t(m.burned, { disc: r.disc, device: r.device }));
      });
    });

  disc
    .command('list')
    .description(t(m.list))
    .addHelpText('after', examples(['evidence-vault disc list --json']))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('disc.list'), (vault, { out }) => {
        const discs = vault.discCheck.list();
        const where = vault.discHandover.where(discs);
        const rows = discs.map(({ register: _r, ...d }) => ({ ...d, where: where.get(d.id)! }));
        out.result(rows, () =>
          rows.length
            ? table(headers(t(m.listHeaders)), rows.map((d) => [d.number, d.registerNumber, `${d.part}/${d.parts}`, d.caseNumber, d.medium, sizeText(d.imageSize), d.missingCount, d.createdAt, whereText(d.where)]))
            : t(m.noDiscs),
        );
      });
    });
}
