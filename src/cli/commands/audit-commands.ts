import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { AuditOutcome } from '../../core/audit-chain.js';
import { anchorVerdict } from '../../core/audit-anchor.js';
import { UserError } from '../../core/errors.js';
import { describeFinding, type IntegrityFinding } from '../../core/integrity-findings.js';
import { beforeLine, createProgress, formatBytes } from '../progress-bar.js';
import { anchorLine, type IntegrityReport } from '../../services/audit-verify.js';
import { withVault } from '../context.js';
import { closingLines, finishCheck } from '../check-outcome.js';
import { table } from '../output.js';

interface LogOptions {
  from?: string;
  to?: string;
  action?: string;
  operator?: string;
  outcome?: string;
  target?: string;
  limit?: string;
}

const CHECK_TITLES: Record<IntegrityFinding['check'], string> = {
  files: 'Stored files against the catalogue',
  'catalogue-vs-trail': 'Catalogue rows against the ingest entries in the trail',
  chain: 'The audit chain in the catalogue',
  'trail-file': 'The audit trail file against the catalogue',
  anchor: 'The audit trail against chain heads kept off this PC (--anchor)',
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description('the audit trail: who did what, when, and whether anything was altered');
  audit
    .command('log')
    .description('list audit entries, oldest first')
    .option('--from <date>', 'entries on or after this local date/time')
    .option('--to <date>', 'entries on or before this local date (inclusive)')
    .option('--action <action>', 'this action and its sub-actions (export matches export.*)')
    .option('--operator <os-user>', 'only this operator')
    .option('--outcome <outcome>', 'ok, refused or failed')
    .option('--target <target>', 'only entries about this target (a vault path, a device number …)')
    .option('--limit <n>', 'at most this many entries')
    .addHelpText('after', '\nExample:\n  evidence-vault audit log --from 2026-07-01 --action export\n  evidence-vault audit log --outcome refused --json')
    .action(async (opts: LogOptions, cmd: Command) => {
      await withVault(cmd, accessFor('audit.log'), (vault, { out }) => {
        const when = (flag: string, text: string) => {
          const d = vault.clock.parse(text);
          if (!d) throw new UserError(`${flag} "${text}" is not a date`, 'Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.');
          return d;
        };
        if (opts.outcome && !['ok', 'refused', 'failed'].includes(opts.outcome)) throw new UserError(`--outcome "${opts.outcome}" is not one of ok, refused, failed`);
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UserError(`--limit "${opts.limit}" is not a positive whole number`);
        let toIso: string | undefined;
        if (opts.to) {
          const end = when('--to', opts.to);
          toIso = new Date(/^\d{4}-\d{2}-\d{2}$/.test(opts.to.trim()) ? end.getTime() + 86_400_000 : end.getTime()).toISOString();
        }
        const entries = [
          ...vault.auditLog.entries({
            fromIso: opts.from ? when('--from', opts.from).toISOString() : undefined,
            toIso,
            action: opts.action,
            operator: opts.operator,
            outcome: opts.outcome as AuditOutcome | undefined,
            target: opts.target,
            limit,
          }),
        ];
        out.result(entries, () =>
          entries.length
            ? table(
                ['SEQ', 'AT', 'OPERATOR', 'ROLE', 'ACTION', 'OUTCOME', 'TARGET'],
                entries.map((e) => [e.seq, e.at, e.operator, e.role ?? '', e.action, e.outcome, e.target ?? '']),
              ) + `\n${entries.length} entries`
            : 'No audit entries match.',
        );
      });
    });
  audit
    .command('verify')
    .description('one report: every stored file vs its hash, the catalogue vs the trail, the chain, the trail file vs the catalogue, files nothing catalogued; and the trail vs chain heads kept off the PC')
    .option('--anchor <anchor>', 'a chain head kept off this PC: the line printed by audit verify, a register or a receipt; an archive set folder; a disc image (.iso) or drive; repeatable', collect)
    .addHelpText(
      'after',
      `
Examples:
  evidence-vault audit verify
  evidence-vault audit verify --anchor "Audit chain head: entry 1234, 3f5a…(64 hex digits)"
  evidence-vault audit verify --anchor /media/archive/2026Q3 --anchor /tmp/case17/GP2026-0001.iso

Exit status 1 when anything is found (damaged or missing recordings end the report with the
evidence-vault repair command to run); 75 when nothing is found but the check could not be recorded
(a full disk: it still runs and reports). The chain head printed at the end is what to write down and sign.
Root can rewrite both copies of the trail so that they agree with each other; only a head kept off the PC
(signed paper, an archive set, a disc, the journal's daily anchor line) shows it: --anchor checks that
entry N, recomputed from entry 1, still has exactly the hash it had.`,
    )
    .action(async (opts: { anchor?: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('audit.verify'), async (vault, { out }) => {
        const progress = createProgress('audit verify', !out.json);
        // A lost disk is a million findings: each is printed as it is found, under its check's title.
        let lastCheck: IntegrityFinding['check'] | null = null;
        const findings = out.stream<IntegrityFinding>('findings', (f) => {
          const title = f.check === lastCheck ? '' : `✗ ${CHECK_TITLES[f.check]}:\n`;
          lastCheck = f.check;
          return `${title}    ${describeFinding(f)}`;
        }, beforeLine(progress));
        const report = await vault.auditVerify.verifyOnRecord(opts.anchor ?? [], progress, (f) => findings.row(f));
        const { firstFindings: _named, ...fields } = report;
        await findings.end(fields, () => describeReport(report));
        finishCheck(report, vault.storage);
      }, { readOnlyCheck: true });
    });
}

/** The summary after the findings (printed above it as they were found): each check, its count, the chain head. */
export function describeReport(r: IntegrityReport): string {
  const lines: string[] = [];
  const counts: Record<IntegrityFinding['check'], string> = {
    files: `${r.filesChecked} files, ${formatBytes(r.bytesChecked)}`,
    'catalogue-vs-trail': `${r.rowsCrossChecked} rows`,
    chain: `${r.entriesChecked} entries`,
    'trail-file': `${r.entriesChecked} entries`,
    anchor: `${r.anchors.length} anchors`,
  };
  for (const check of Object.keys(CHECK_TITLES) as IntegrityFinding['check'][]) {
    if (check === 'anchor' && !r.anchors.length) continue;
    const found = r.findingsByCheck[check];
    lines.push(`${found ? '✗' : '✓'} ${CHECK_TITLES[check]} (${counts[check]}): ${found ? `${found} problems` : 'ok'}`);
    if (check === 'anchor') for (const a of r.anchors.filter((x) => x.ok)) lines.push(`    ok             ${a.source}: ${anchorVerdict(a)}`);
  }
  lines.push(r.ok ? `All checks passed in ${r.seconds.toFixed(1)} s.` : `${r.findingCount} problems found in ${r.seconds.toFixed(1)} s.`);
  if (!r.anchors.length) lines.push('The trail was checked against itself only; a consistent rewrite shows against a chain head kept off this PC: audit verify --anchor …');
  lines.push(anchorLine(r.anchor));
  lines.push(...closingLines(r));
  return lines.join('\n');
}
