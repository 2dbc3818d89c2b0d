/** The fixity lines of `status`, from the catalogue alone: `status` needs none of the fixity run's parts. */
import { describeFinding } from '../core/integrity-findings.js';
import type { FixityRun, FixityStore } from '../adapters/catalog/fixity-store.js';

/** The last run, and loudly any unresolved problems. */
export function fixityStatusLines(store: Pick<FixityStore, 'recentRuns'>, settings: { at: string; periodDays: number }): string[] {
  const runs = store.recentRuns(1);
  const last: FixityRun | undefined = runs[0];
  const lines: string[] = [];
  if (!last) return [`fixity: no check has run yet (nightly at ${settings.at}, every file within ${settings.periodDays} days)`];
  const when = last.finishedAt ?? last.startedAt;
  if (last.outcome === 'ok') lines.push(`fixity: ok — last check ${when}: ${last.filesChecked} files re-read, audit chain intact`);
  else if (last.outcome === 'running') lines.push(`fixity: a check started ${last.startedAt} is running (or was interrupted)`);
  else if (last.outcome === 'failed') lines.push(`FIXITY CHECK FAILED at ${when}: ${last.error ?? 'unknown error'}`);
  else {
    lines.push(`FIXITY ALERT at ${when}: ${last.findings.length} problems — run evidence-vault audit verify`);
    for (const f of last.findings.slice(0, 5)) lines.push(`  ${describeFinding(f)}`);
  }
  return lines;
}
