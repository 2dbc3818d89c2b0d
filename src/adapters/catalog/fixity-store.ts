/** SQL for scheduled jobs' last runs and the fixity runs' results. */
import type { IntegrityFinding } from '../../core/integrity-findings.js';
import type { Db } from './database.js';

export type FixityTrigger = 'schedule' | 'catch-up' | 'manual';
export type FixityOutcome = 'running' | 'ok' | 'problems' | 'failed';

export interface FixityRun {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  trigger: FixityTrigger;
  filesChecked: number;
  bytesChecked: number;
  chainOk: boolean | null;
  outcome: FixityOutcome;
  findings: IntegrityFinding[];
  error: string | null;
}

interface FixityRunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  trigger: FixityTrigger;
  files_checked: number;
  bytes_checked: number;
  chain_ok: number | null;
  outcome: FixityOutcome;
  findings: string;
  error: string | null;
}

const toRun = (r: FixityRunRow): FixityRun => ({
  id: r.id,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  trigger: r.trigger,
  filesChecked: r.files_checked,
  bytesChecked: r.bytes_checked,
  chainOk: r.chain_ok === null ? null : r.chain_ok === 1,
  outcome: r.outcome,
  findings: JSON.parse(r.findings) as IntegrityFinding[],
  error: r.error,
});

/** Recordings still kept: a lawfully disposed one has no file to re-read, and would take a share's place. */
const KEPT = 'NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = recordings.id)';

export class FixityStore {
  constructor(private readonly db: Db) {}

  lastRun(job: string): { at: string; epochMs: number; cursor: number } | undefined {
    const r = this.db.prepare('SELECT last_run_at, last_run_epoch_ms, cursor FROM scheduled_jobs WHERE name = ?').get(job) as
      | { last_run_at: string; last_run_epoch_ms: number; cursor: number }
      | undefined;
    return r && { at: r.last_run_at, epochMs: r.last_run_epoch_ms, cursor: r.cursor };
  }

  setLastRun(job: string, at: string, epochMs: number, cursor: number): void {
    this.db
      .prepare(
        `INSERT INTO scheduled_jobs (name, last_run_at, last_run_epoch_ms, cursor) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, last_run_epoch_ms = excluded.last_run_epoch_ms, cursor = excluded.cursor`,
      )
      .run(job, at, epochMs, cursor);
  }

  /** The next `count` recording ids after `cursor`, wrapping round to the start: the rotation. */
  nextShare(cursor: number, count: number): number[] {
    if (count <= 0) return [];
    const after = (this.db.prepare(`SELECT id FROM recordings WHERE id > ? AND ${KEPT} ORDER BY id LIMIT ?`).all(cursor, count) as { id: number }[]).map((r) => r.id);
    if (after.length >= count) return after;
    const wrapped = (this.db.prepare(`SELECT id FROM recordings WHERE id <= ? AND ${KEPT} ORDER BY id LIMIT ?`).all(cursor, count - after.length) as { id: number }[]).map((r) => r.id);
    return [...after, ...wrapped];
  }

  recordingCount(): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM recordings WHERE ${KEPT}`).get() as { n: number }).n;
  }

  startRun(startedAt: string, trigger: FixityTrigger): number {
    return Number(this.db.prepare("INSERT INTO fixity_runs (started_at, trigger, outcome) VALUES (?, ?, 'running')").run(startedAt, trigger).lastInsertRowid);
  }

  finishRun(id: number, r: { finishedAt: string; filesChecked: number; bytesChecked: number; chainOk: boolean | null; outcome: FixityOutcome; findings: IntegrityFinding[]; error: string | null }): void {
    this.db
      .prepare(
        `UPDATE fixity_runs SET finished_at = @finishedAt, files_checked = @filesChecked, bytes_checked = @bytesChecked,
           chain_ok = @chainOk, outcome = @outcome, findings = @findings, error = @error WHERE id = @id`,
      )
      .run({ id, ...r, chainOk: r.chainOk === null ? null : r.chainOk ? 1 : 0, findings: JSON.stringify(r.findings) });
  }

  /**
   * The last run that finished its check (ok or problems), however many runs were interrupted
   * (`running` left by a killed command) or failed since: what it found is still open.
   */
  lastFinished(): FixityRun | undefined {
    const row = this.db.prepare("SELECT * FROM fixity_runs WHERE outcome IN ('ok', 'problems') ORDER BY id DESC LIMIT 1").get() as FixityRunRow | undefined;
    return row && toRun(row);
  }

  recentRuns(limit: number): FixityRun[] {
    return (this.db.prepare('SELECT * FROM fixity_runs ORDER BY id DESC LIMIT ?').all(limit) as FixityRunRow[]).map(toRun);
  }
}
