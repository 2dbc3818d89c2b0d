import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { AuditOutcome } from '../../core/audit-chain.js';
import { anchorVerdict } from '../../core/audit-anchor.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import { describeFinding, type IntegrityFinding } from '../../core/integrity-findings.js';
import { beforeLine, createProgress, formatBytes } from '../progress-bar.js';
import { type IntegrityReport } from '../../services/audit-verify.js';
import { withVault } from '../context.js';
import { closingLines, finishCheck } from '../check-outcome.js';
import { padded, table } from '../output.js';
import { coded, language, t } from '../language.js';
import { ROLE_ZH } from '../../core/i18n/access-messages.js';
import { OUTCOME_ZH } from '../../core/i18n/code-names.js';
import { examples, headers } from '../help-examples.js';
import { auditMessages as m } from '../messages/audit.js';

interface LogOptions {
  from?: string;
  to?: string;
  action?: string;
  operator?: string;
  outcome?: string;
  target?: string;
  limit?: string;
}

/** Each check's title in the run's language (read when printed: the language is chosen at start). */
const CHECK_TITLES: Record<IntegrityFinding['check'], string> = {
  get files() { return t(m.checkFiles); },
  get 'catalogue-vs-trail'() { return t(m.checkCatalogue); },
  get chain() { return t(m.checkChain); },
  get 'trail-file'() { return t(m.checkTrailFile); },
  get anchor() { return t(m.checkAnchor); },
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function addAuditCommands(program: Command): void {
  const audit = program.command('audit').description(t(m.group));
  audit
    .command('log')
    .description(t(m.log))
    .option('--from <date>', t(m.fromOpt))
    .option('--to <date>', t(m.toOpt))
    .option('--action <action>', t(m.actionOpt))
    .option('--operator <os-user>', t(m.operatorOpt))
    .option('--outcome <outcome>', t(m.outcomeOpt))
    .option('--target <target>', t(m.targetOpt))
    .option('--limit <n>', t(m.limitOpt))
    .addHelpText('after', examples(['evidence-vault audit log --from 2026-07-01 --action export', 'evidence-vault audit log --outcome refused --json']))
    .action(async (opts: LogOptions, cmd: Command) => {
      await withVault(cmd, accessFor('audit.log'), (vault, { out }) => {
        const when = (flag: string, text: string) => {
          const d = vault.clock.parse(text);
          if (!d) throw new UserError(said(m.notDate, { flag, what: text }), m.dateHint);
          return d;
        };
        if (opts.outcome && !['ok', 'refused', 'failed'].includes(opts.outcome)) throw new UserError(said(m.badOutcome, { what: opts.outcome }));
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UserError(said(m.badLimit, { what: String(opts.limit) }));
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
                headers(t(m.logHeaders)),
                entries.map((e) => [e.seq, e.at, e.operator, e.role ? coded(e.role, ROLE_ZH) : '', e.action, coded(e.outcome, OUTCOME_ZH), e.target ?? '']),
              ) + `\n${t(m.entries, { count: entries.length })}`
            : t(m.noEntries),
        );
      });
    });
  audit
    .command('verify')
    .description(t(m.verify))
    .option('--anchor <anchor>', t(m.anchorOpt), collect)
    .addHelpText(
      'after',
      examples(
        [
          'evidence-vault audit verify',
          'evidence-vault audit verify --anchor "Audit chain head: entry 1234, 3f5a…(64 hex digits)"',
          'evidence-vault audit verify --anchor /media/archive/2026Q3 --anchor /tmp/case17/GP2026-0001.iso',
          'evidence-vault audit verify --anchor store',
        ],
        t(m.verifyNotes),
      ),
    )
    .action(async (opts: { anchor?: string[] }, cmd: Command) => {
      await withVault(cmd, accessFor('audit.verify'), async (vault, { out }) => {
        const progress = createProgress('audit verify', !out.json);
        // A lost disk is a million findings: each is printed as it is found, under its check's title.
        let lastCheck: IntegrityFinding['check'] | null = null;
        const findings = out.stream<IntegrityFinding>('findings', (f) => {
          const title = f.check === lastCheck ? '' : `✗ ${CHECK_TITLES[f.check]}${t(m.colon).trim()}\n`;
          lastCheck = f.check;
          return `${title}    ${describeFinding(f, language())}`;
        }, beforeLine(progress));
        const report = await vault.auditVerify.verifyOnRecord(opts.anchor ?? [], progress, (f) => findings.row(f)).catch(async (err: unknown) => {
          await findings.abort();
          throw err;
        });
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
    files: t(m.countFiles, { count: r.filesChecked, bytes: formatBytes(r.bytesChecked) }),
    'catalogue-vs-trail': t(m.countRows, { count: r.rowsCrossChecked }),
    chain: t(m.countEntries, { count: r.entriesChecked }),
    'trail-file': t(m.countEntries, { count: r.entriesChecked }),
    anchor: t(m.countAnchors, { count: r.anchors.length }),
  };
  for (const check of Object.keys(CHECK_TITLES) as IntegrityFinding['check'][]) {
    if (check === 'anchor' && !r.anchors.length) continue;
    const found = r.findingsByCheck[check];
    lines.push(t(m.checkLine, { mark: found ? '✗' : '✓', title: CHECK_TITLES[check], count: counts[check], verdict: found ? t(m.problems, { count: found }) : t(m.ok) }));
    if (check === 'anchor') for (const a of r.anchors.filter((x) => x.ok)) lines.push(`    ${padded(t(m.anchorHeldWord), 14)} ${a.source}${t(m.colon)}${anchorVerdict(a, language())}`);
  }
  lines.push(r.ok ? t(m.allPassed, { seconds: r.seconds.toFixed(1) }) : t(m.problemsFound, { count: r.findingCount, seconds: r.seconds.toFixed(1) }));
  if (!r.anchors.length) lines.push(t(m.selfOnly));
  lines.push(t(m.chainHead, { seq: r.anchor.seq, hash: r.anchor.hash, at: r.anchor.at }));
  // Files have a repair; the trail and the rows checked against it have none: say what to do instead
  // (before the repair command, which ends the report: a script takes the last line).
  if (r.findingsByCheck.chain || r.findingsByCheck['trail-file'] || r.findingsByCheck.anchor) lines.push(t(m.trailAdvice));
  else if (r.findingsByCheck['catalogue-vs-trail']) lines.push(t(m.rowsAdvice));
  lines.push(...closingLines(r));
  return lines.join('\n');
}
