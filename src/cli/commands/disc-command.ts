import { accessFor } from '../../core/access-table.js';
import path from 'node:path';
import { Command, Option } from 'commander';
import { MEDIA, type Medium } from '../../core/disc-plan.js';
import { anchorVerdict } from '../../core/audit-anchor.js';
import { sizeText } from '../../core/register-form.js';
import { UserError } from '../../core/errors.js';
import { createProgress } from '../progress-bar.js';
import type { DiscBuildRequest, DiscSelection } from '../../services/disc-build.js';
import { withVault } from '../context.js';
import { table } from '../output.js';
import { whereText } from './disc-handover-commands.js';

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
  if (!Number.isInteger(id) || id <= 0) throw new UserError(`${option}: "${text}" is not a recording id`, 'Recording ids are the numbers shown by: evidence-vault recordings list');
  return id;
}

/** ID=TEXT pairs; `*` (all recordings) is kept as id 0 where `allowAll`. */
function pairs(values: string[] | undefined, option: string, allowAll: boolean): Map<number, string> {
  const map = new Map<number, string>();
  for (const v of values ?? []) {
    const eq = v.indexOf('=');
    if (eq <= 0 || !v.slice(eq + 1).trim()) throw new UserError(`${option} "${v}" is not ID=TEXT`, `Example: ${option} 12=鞍山市千山区某村`);
    const key = v.slice(0, eq).trim();
    map.set(allowAll && key === '*' ? 0 : recordingId(key, option), v.slice(eq + 1).trim());
  }
  return map;
}

function buildRequest(opts: BuildOptions): DiscBuildRequest {
  if (Boolean(opts.case) === Boolean(opts.recording?.length)) throw new UserError('give either --case NUMBER or --recording ID …', 'See: evidence-vault disc build --help');
  const selection: DiscSelection = opts.case ? { caseNumber: opts.case } : { recordingIds: opts.recording!.map((r) => recordingId(r, '--recording')) };
  let capacityBytes: number | undefined;
  if (opts.capacity !== undefined) {
    capacityBytes = Number(opts.capacity);
    if (!Number.isSafeInteger(capacityBytes) || capacityBytes <= 0) throw new UserError(`--capacity "${opts.capacity}" is not a number of bytes`);
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
  const disc = program.command('disc').description('evidence discs with the synchronized recording register (同步录音录像摄录情况记录表, R12(2))');

  disc
    .command('build')
    .description('make disc image(s) of a case\'s recordings, each with its register (HTML, PDF, CSV, JSON), SHA256SUMS and a note; read back and catalogued')
    .option('--case <number>', 'the case number (案号): its linked recordings')
    .option('--recording <id...>', 'recording ids, instead of a case')
    .option('--case-number <number>', 'case number printed on the register, with --recording')
    .option('--case-title <title>', 'case title printed on the register, with --recording')
    .option('--place <id=text>', "place (地点) of a recording; taken before its GPS tag and the case's place; repeatable", collect)
    .option('--officers <id=names>', 'other officers present (执法人员), comma-separated; id * for every recording; repeatable', collect)
    .option('--operator <name>', 'camera operator (摄录人员, R12(2)) of every recording on the disc, when not the wearer; recorded with the disc')
    .requiredOption('--out <dir>', 'folder for the image(s) and registers')
    .addOption(new Option('--medium <medium>', 'disc size: cd 700 MB, dvd 4.7 GB, dvd-dl 8.5 GB, bd 25 GB, bd-dl 50 GB').choices(MEDIA).default('dvd'))
    .addOption(new Option('--capacity <bytes>', 'override the medium\'s capacity in bytes (testing)').hideHelp())
    .addHelpText(
      'after',
      `
Examples:
  evidence-vault disc build --case 鞍自然执〔2026〕17号 --out /tmp/case17
  evidence-vault disc build --recording 12 13 --case-number 鞍自然执〔2026〕17号 --case-title 违法占地案 \\
      --place 12=千山区某村东侧 --officers '*=李四' --medium cd --out /tmp/case17

A set too large for one disc is split over several, each with its own register and sums.
Fields the catalogue cannot give (place, unregistered officer or recorder…) are listed as missing,
never filled in: complete them and build again before the register is signed.
Exit status 3 when the register is missing fields (the image is made and catalogued either way).

Every recording's vault file is checked against the catalogue (size, SHA-256) before anything is
written: one that no longer matches stops the build (exit 2), naming it and the repair to run.
Images and registers are written as hidden .GP….partial files and get their final names only once
the image has been read back; a build that fails exits 1 and leaves nothing unfinished in --out, and
an image already in --out is never overwritten.`,
    )
    .action(async (opts: BuildOptions, cmd: Command) => {
      // Bad arguments are refusals, on the record like any other.
      await withVault(cmd, accessFor('disc.build'), async (vault, { out }) => {
        const request = buildRequest(opts);
        const result = await vault.discBuild.build({ ...request, progress: createProgress('disc build', !out.json) });
        out.result(result, () => {
          const lines = [`Made ${result.discs.length} disc image(s) for ${result.case.number ?? 'the chosen recordings'} (${result.medium}, ${sizeText(result.capacityBytes)} each):`];
          for (const d of result.discs) {
            lines.push(`  ${d.number}  register ${d.registerNumber}  disc ${d.part}/${d.parts}  ${d.recordings.length} recordings  ${sizeText(d.imageSize)}  read back: ${d.readBack.checked} files match`);
            lines.push(`    image    ${d.image}`);
            lines.push(`    register ${d.files.register.pdf}`);
            for (const m of d.missing) lines.push(`    MISSING  ${m.recordingId === null ? 'header' : `recording ${m.recordingId}`}: ${m.label} (${m.field}) — ${m.hint}`);
          }
          if (result.holds.placed) lines.push(`Kept for good (R12(3)): evidence-use holds placed on ${result.holds.placed} recordings.`);
          lines.push('Burn with: evidence-vault disc burn --device /dev/sr0 --disc NUMBER; then: evidence-vault disc verify /dev/sr0');
          return lines.join('\n');
        });
        if (result.discs.some((d) => d.missing.length)) process.exitCode = 3;
      }, { badInputIs: 'refused' });
    });

  disc
    .command('verify')
    .description('read a burned disc or an image back and check every file against the catalogue (xorriso MD5s and SHA-256)')
    .argument('<device-or-image>', 'e.g. /dev/sr0 or GP2026-0001.iso')
    .addHelpText('after', '\nExamples:\n  evidence-vault disc verify /dev/sr0\n  evidence-vault disc verify /tmp/case17/GP2026-0001.iso --json\n\nExit status 1 when any file differs, is missing or is unexpected, or when the audit chain head the disc\ncarries (README.txt) disagrees with this PC\'s audit trail (the trail was rewritten since the disc was made).')
    .action(async (source: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('disc.verify'), async (vault, { out }) => {
        const report = await vault.discCheck.verify(source, createProgress('disc verify', !out.json));
        out.result(report, () =>
          [
            `Disc ${report.disc} (register ${report.registerNumber}) from ${source}: ${report.problems.length === 0 ? `all ${report.files} files match the catalogue` : `${report.problems.length} problems`}; xorriso MD5 check: ${report.md5}`,
            ...report.problems.map((p) => `  ${p.kind.padEnd(11)} ${p.path}${p.detail ? `  (${p.detail})` : ''}`),
            report.chainHead
              ? `Audit chain head on the disc (entry ${report.chainHead.seq}) against this PC's audit trail: ${report.anchors.every((a) => a.ok) ? 'ok, ' : 'MISMATCH, '}${report.anchors.map(anchorVerdict).join('; ')}`
              : 'The disc carries no audit chain head: not compared with this PC\'s audit trail.',
          ].join('\n'),
        );
        if (!report.ok) process.exitCode = 1;
      });
    });

  disc
    .command('burn')
    .description('burn a catalogued disc image to a blank or rewritable disc (xorriso), then eject')
    .requiredOption('--device <dev>', 'the burner, e.g. /dev/sr0')
    .requiredOption('--disc <number>', 'the disc number, e.g. GP2026-0001')
    .addHelpText('after', '\nExample:\n  evidence-vault disc burn --device /dev/sr0 --disc GP2026-0001\n  evidence-vault disc verify /dev/sr0\n\nThe image is checked against its catalogued SHA-256 before burning. Fails clearly on a PC without a burner.')
    .action(async (opts: { device: string; disc: string }, cmd: Command) => {
      await withVault(cmd, accessFor('disc.burn'), async (vault, { out }) => {
        const r = await vault.discCheck.burn(opts.device, opts.disc, createProgress('disc burn', !out.json));
        out.result(r, () => `Burned disc ${r.disc} to ${r.device}. Now read it back: evidence-vault disc verify ${r.device}`);
      });
    });

  disc
    .command('list')
    .description('discs made from this vault, and where each is now (in the office, issued, returned, destroyed)')
    .addHelpText('after', '\nExample:\n  evidence-vault disc list --json')
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('disc.list'), (vault, { out }) => {
        const discs = vault.discCheck.list();
        const where = vault.discHandover.where(discs);
        const rows = discs.map(({ register: _r, ...d }) => ({ ...d, where: where.get(d.id)! }));
        out.result(rows, () =>
          rows.length
            ? table(['DISC', 'REGISTER', 'PART', 'CASE', 'MEDIUM', 'SIZE', 'MISSING', 'MADE', 'WHERE 去向'], rows.map((d) => [d.number, d.registerNumber, `${d.part}/${d.parts}`, d.caseNumber, d.medium, sizeText(d.imageSize), d.missingCount, d.createdAt, whereText(d.where)]))
            : 'No discs made yet: evidence-vault disc build --help',
        );
      });
    });
}
