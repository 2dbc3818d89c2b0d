import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { UserError } from '../../core/errors.js';
import type { CustodyScope } from '../../services/custody-report.js';
import { withVault } from '../context.js';
import { said } from '../../core/i18n/said.js';
import { t } from '../language.js';
import { examples } from '../help-examples.js';
import { custodyMessages as m } from '../messages/custody.js';
import { commonMessages as c } from '../messages/common-a.js';

function scopeOf(id: string | undefined, caseNumber: string | undefined): CustodyScope {
  if (Boolean(id) === Boolean(caseNumber)) throw new UserError(m.idOrCase, 'evidence-vault recordings custody 812 --out /srv/reports');
  if (caseNumber !== undefined) {
    if (!caseNumber.trim()) throw new UserError(m.needsCase, m.casesHint);
    return { case: caseNumber.trim() };
  }
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0 || !/^\d+$/.test(id!.trim())) throw new UserError(said(c.notRecordingId, { what: String(id) }), c.recordingIdsHint);
  return { recording: n };
}

/** `recordings custody`: one recording's chain of custody, or a case's, as HTML and PDF (L4). */
export function addCustodyCommand(program: Command): void {
  const recordings = program.commands.find((c) => c.name() === 'recordings');
  if (!recordings) throw new Error('the recordings command must be registered before custody');
  recordings
    .command('custody')
    .description(t(m.description))
    .argument('[id]', t(m.idArg))
    .option('--case <number>', t(m.caseOpt))
    .requiredOption('--out <dir>', t(m.outOpt))
    .addHelpText(
      'after',
      examples(['evidence-vault recordings custody 812 --out /srv/reports', 'evidence-vault recordings custody --case 鞍自然执〔2026〕17号 --out /srv/reports --json'], t(m.notes)),
    )
    .action(async (id: string | undefined, opts: { case?: string; out: string }, cmd: Command) => {
      await withVault(cmd, accessFor('recordings.custody'), async (vault, { out }) => {
        const scope = scopeOf(id, opts.case);
        const r = await vault.custodyReport.write(scope, path.resolve(opts.out));
        out.result({ ...r.report, files: r.files }, () => {
          const n = r.report.counts;
          return [
            t(m.summary, { items: r.report.items.length, fixity: n.fixityChecks, holds: n.holds, cases: n.cases, access: n.accessEntries, discs: n.discs, sets: n.archiveSets, trail: n.trailEntries }),
            ...r.files.map((f) => `  ${f.path}`),
            t(m.chainHead, { seq: r.report.chainHead.seq, hash: r.report.chainHead.hash }),
          ].join('\n');
        });
      }, { badInputIs: 'refused' });
    });
}
