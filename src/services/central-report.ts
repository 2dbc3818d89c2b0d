/**
 * `central report` and `central search`: the R15 inspection across stations and recordings found
 * across them, read from PostgreSQL alone (never the store, never a station). Each run's outcome is
 * logged (pino, the journal under systemd): who read what.
 */
import { errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { buildCentralReport, type CentralReport } from '../core/central-report.js';
import { shownHit, type CentralHiddenHit, type CentralRecordingHit, type CentralSearchFilter } from '../core/central-search.js';
import type { Period } from '../core/inspection-period.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ReportQueries, RunLogger } from './central-ports.js';

export interface SearchResult {
  filter: CentralSearchFilter;
  recordings: (CentralRecordingHit | CentralHiddenHit)[];
  /** More recordings match than the limit let through. */
  more: boolean;
  /** Secret recordings (R14) matching a filter that names whose footage it is: counted, not listed. */
  secretLeftOut: number;
}

export class CentralReportService {
  constructor(private readonly deps: { queries: ReportQueries; clock: UnitClock; osAccount: string; log: RunLogger }) {}

  async report(period: Period, stations: readonly string[]): Promise<CentralReport> {
    return this.logged('central report', { period, stations }, async () => {
      // Nothing of a period not yet begun is known: its zeros would read as a clean record.
      if (period.from > this.deps.clock.today()) throw new UserError(said(m.notBegun, { from: period.from }), m.notBegunHint);
      const only = await this.known(stations);
      const { queries } = this.deps;
      const [facts, activity, officers] = await Promise.all([queries.stations(only), queries.activity(period.from, period.to, only), queries.officers(only)]);
      // Times as the bureau reads them: in its zone, with the offset.
      const local = (iso: string | null) => (iso === null ? null : this.deps.clock.iso(new Date(iso)));
      const localFacts = facts.map((f) => ({ ...f, lastIndexedAt: local(f.lastIndexedAt), trail: f.trail && { ...f.trail, checkedAt: local(f.trail.checkedAt) ?? '' } }));
      return buildCentralReport({ period, generatedAt: this.deps.clock.nowIso(), stations: localFacts, activity, officers });
    }, (r) => ({ recordings: r.totals.recordings, stations: r.totals.stations }));
  }

  async search(filter: CentralSearchFilter): Promise<SearchResult> {
    return this.logged('central search', { filter }, async () => {
      await this.known(filter.stations);
      const { rows, secretLeftOut } = await this.deps.queries.search(filter);
      return { filter, recordings: rows.slice(0, filter.limit).map(shownHit), more: rows.length > filter.limit, secretLeftOut };
    }, (r) => ({ found: r.recordings.length, more: r.more, secretLeftOut: r.secretLeftOut }));
  }

  /** The stations named, refused when the catalogue has none of that name (a typo would read as an empty report). */
  private async known(stations: readonly string[]): Promise<string[]> {
    if (stations.length === 0) return [];
    const known = await this.deps.queries.stationNames();
    const unknown = stations.filter((s) => !known.includes(s));
    if (unknown.length) throw new UserError(said(m.unknownStations, { names: unknown.join(', '), known: known.join(', ') }), m.unknownStationsHint);
    return [...stations];
  }

  private async logged<T>(what: string, asked: Record<string, unknown>, fn: () => Promise<T>, outcome: (t: T) => Record<string, unknown>): Promise<T> {
    const who = this.deps.osAccount;
    try {
      const result = await fn();
      this.deps.log.info({ who, what, asked, outcome: 'ok', ...outcome(result) }, `${what}: ok`);
      return result;
    } catch (err) {
      const refused = err instanceof UserError;
      this.deps.log[refused ? 'warn' : 'error']({ who, what, asked, outcome: refused ? 'refused' : 'failed', error: errorMessage(err) }, `${what}: ${refused ? 'refused' : 'failed'}`);
      throw err;
    }
  }
}
