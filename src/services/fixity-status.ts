/** The fixity lines of `status`, from the catalogue alone: `status` needs none of the fixity run's parts. */
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { statusLineMessages as m } from '../core/i18n/status-lines-messages.js';
import { describeFinding } from '../core/integrity-findings.js';
import type { FixityRun, FixityStore } from '../adapters/catalog/fixity-store.js';

/** The last run, and loudly any unresolved problems, in both languages. */
export function fixityStatusSaid(store: Pick<FixityStore, 'recentRuns' | 'lastFinished'>, settings: { at: string; periodDays: number }): Said[] {
  const runs = store.recentRuns(1);
  const last: FixityRun | undefined = runs[0];
  if (!last) return [said(m.fixityNone, { at: settings.at, days: settings.periodDays })];
  const when = last.finishedAt ?? last.startedAt;
  if (last.outcome === 'ok') return [said(m.fixityOk, { at: when, files: last.filesChecked })];
  if (last.outcome === 'problems') return alarm(last);
  // A run still going, killed midway or failed has not cleared what the last finished run found.
  const now = last.outcome === 'running' ? said(m.fixityRunning, { at: last.startedAt }) : said(m.fixityFailed, { at: when, reason: last.error });
  const finished = store.lastFinished();
  return [now, ...(finished?.outcome === 'problems' ? alarm(finished) : [])];
}

function alarm(run: FixityRun): Said[] {
  const findings = run.findings.slice(0, 5).map((f) => ({ zh: `  ${describeFinding(f, 'zh')}`, en: `  ${describeFinding(f, 'en')}` }));
  return [said(m.fixityAlert, { at: run.finishedAt ?? run.startedAt, count: run.findings.length }), ...findings];
}

/** The same lines as --json and the logs keep them: the English, whatever the run's language. */
export function fixityStatusLines(store: Pick<FixityStore, 'recentRuns' | 'lastFinished'>, settings: { at: string; periodDays: number }): string[] {
  return fixityStatusSaid(store, settings).map((s) => s.en);
}
