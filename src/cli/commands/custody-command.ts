import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { CustodyScope } from '../../services/custody-report.js';
import { withVault } from '../context.js';

function scopeOf(id: string | undefined, caseNumber: string | undefined): CustodyScope {
  if (Boolean(id) === Boolean(caseNumber)) throw new UserError('give either a recording ID or --case NUMBER / 请给出录像编号或案号', 'Example: evidence-vault recordings custody 812 --out /srv/reports');
  if (caseNumber !== undefined) {
    if (!caseNumber.trim()) throw new UserError('--case needs a case number / 请给出案号', 'Case numbers are shown by: evidence-vault case list');
    return { case: caseNumber.trim() };
  }
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0 || !/^\d+$/.test(id!.trim())) throw new UserError(`"${id}" is not a recording id / 不是录像编号`, 'Recording ids are the numbers shown by: evidence-vault recordings list');
  return { recording: n };
}

/** `recordings custody`: one recording's chain of custody, or a case's, as HTML and PDF (L4). */
export function addCustodyCommand(program: Command): void {
  const recordings = program.commands.find((c) => c.name() === 'recordings');
  if (!recordings) throw new Error('the recordings command must be registered before custody');
  recordings
    .command('custody')
    .description('chain of custody of a recording (or every recording of a case) as HTML and PDF, for a 法制审核 application (保管链报告)')
    .argument('[id]', 'the recording id (evidence-vault recordings list)')
    .option('--case <number>', 'every recording linked to this case (案号), instead of one id')
    .requiredOption('--out <dir>', 'folder for custody-….html and .pdf (made if missing; a report there is never overwritten)')
    .addHelpText(
      'after',
      [
        '',
        'Examples / 示例:',
        '  evidence-vault recordings custody 812 --out /srv/reports',
        '  evidence-vault recordings custody --case 鞍自然执〔2026〕17号 --out /srv/reports --json',
        '',
        'Lists the ingest (when, from which recorder and volume, by whom, SHA-256, read-back), every fixity check,',
        'holds, cases, access grants and their uses, discs and where they went, archive sets, corrections, repairs and',
        'every trail entry about it, with the audit chain head when it was made. --json prints the same facts.',
      ].join('\n'),
    )
    .action(async (id: string | undefined, opts: { case?: string; out: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.custody'), async (vault, { out }) => {
        const scope = scopeOf(id, opts.case);
        const r = await vault.custodyReport.write(scope, path.resolve(opts.out));
        out.result({ ...r.report, files: r.files }, () => {
          const c = r.report.counts;
          return [
            `保管链报告 Chain of custody: ${r.report.items.length} recording(s) — ${c.fixityChecks} fixity checks, ${c.holds} holds, ${c.cases} cases, ${c.accessEntries} access entries, ${c.discs} discs, ${c.archiveSets} archive sets, ${c.trailEntries} trail entries`,
            ...r.files.map((f) => `  ${f.path}`),
            `审计链头 Audit chain head: entry ${r.report.chainHead.seq}, ${r.report.chainHead.hash}`,
          ].join('\n');
        });
      }, { badInputIs: 'refused' });
    });
}
