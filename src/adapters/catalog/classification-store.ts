/** SQL for R14 classification levels (of recordings and cases) and operators' clearances. */
import { strictest, type ClassificationLevel } from '../../core/classification.js';
import type { Db } from './database.js';

export interface LevelChange {
  level: ClassificationLevel;
  reason: string;
  setAt: string;
  setBy: string;
}

/** The newest row per target is its level; targets without a row are ordinary. */
const RECORDING_OWN = `SELECT level FROM classifications WHERE recording_id = ? ORDER BY id DESC LIMIT 1`;
const CASE_OWN = `SELECT level FROM classifications WHERE case_id = ? ORDER BY id DESC LIMIT 1`;
const CASES_OF_RECORDING = `
  SELECT (SELECT level FROM classifications c WHERE c.case_id = cr.case_id ORDER BY c.id DESC LIMIT 1) AS level
  FROM case_recordings cr WHERE cr.recording_id = ?`;

/** The newest row per recording and per case, and the recordings linked to classified cases. */
const NEWEST_OF_CASES = `WITH newest AS (SELECT c.case_id, c.level FROM classifications c
  WHERE c.case_id IS NOT NULL AND c.id = (SELECT MAX(n.id) FROM classifications n WHERE n.case_id = c.case_id))`;
const CLASSIFIED_RECORDINGS = `
  SELECT c.recording_id AS id, c.level FROM classifications c
  WHERE c.recording_id IS NOT NULL AND c.level <> 'ordinary'
    AND c.id = (SELECT MAX(n.id) FROM classifications n WHERE n.recording_id = c.recording_id)
  UNION ALL
  SELECT cr.recording_id AS id, c.level FROM classifications c JOIN case_recordings cr ON cr.case_id = c.case_id
  WHERE c.case_id IS NOT NULL AND c.level <> 'ordinary'
    AND c.id = (SELECT MAX(n.id) FROM classifications n WHERE n.case_id = c.case_id)`;

export class ClassificationStore {
  constructor(private readonly db: Db) {}

  setRecording(recordingId: number, change: LevelChange): void {
    this.db
      .prepare('INSERT INTO classifications (recording_id, level, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?)')
      .run(recordingId, change.level, change.reason, change.setAt, change.setBy);
  }

  setCase(caseId: number, change: LevelChange): void {
    this.db
      .prepare('INSERT INTO classifications (case_id, level, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?)')
      .run(caseId, change.level, change.reason, change.setAt, change.setBy);
  }

  /** A recording's own level (not counting its cases). */
  recordingOwn(recordingId: number): ClassificationLevel {
    return ((this.db.prepare(RECORDING_OWN).get(recordingId) as { level: ClassificationLevel } | undefined)?.level) ?? 'ordinary';
  }

  caseLevel(caseId: number): ClassificationLevel {
    return ((this.db.prepare(CASE_OWN).get(caseId) as { level: ClassificationLevel } | undefined)?.level) ?? 'ordinary';
  }

  /** What governs a recording: the strictest of its own level and its cases' levels. */
  effective(recordingId: number): ClassificationLevel {
    const cases = (this.db.prepare(CASES_OF_RECORDING).all(recordingId) as { level: ClassificationLevel | null }[])
      .map((r) => r.level ?? 'ordinary');
    return strictest([this.recordingOwn(recordingId), ...cases]);
  }

  /** What would govern a recording were it no longer linked to case `caseId`. */
  effectiveWithout(recordingId: number, caseId: number): ClassificationLevel {
    const cases = (this.db.prepare(`${CASES_OF_RECORDING} AND cr.case_id != ?`).all(recordingId, caseId) as { level: ClassificationLevel | null }[])
      .map((r) => r.level ?? 'ordinary');
    return strictest([this.recordingOwn(recordingId), ...cases]);
  }

  /** Effective levels of many recordings; only those above ordinary are in the map. */
  effectiveMany(recordingIds: readonly number[]): Map<number, ClassificationLevel> {
    const out = new Map<number, ClassificationLevel>();
    if (!this.anyClassified()) return out;
    for (const id of recordingIds) {
      const level = this.effective(id);
      if (level !== 'ordinary') out.set(id, level);
    }
    return out;
  }

  /**
   * Every recording whose effective level is above ordinary, in one query (listings: one look-up for
   * the whole list, however long). Classified footage is a small share of a catalogue.
   */
  classifiedRecordings(): Map<number, ClassificationLevel> {
    const out = new Map<number, ClassificationLevel>();
    if (!this.anyClassified()) return out;
    const rows = this.db.prepare(CLASSIFIED_RECORDINGS).all() as { id: number; level: ClassificationLevel }[];
    for (const r of rows) out.set(r.id, strictest([out.get(r.id) ?? 'ordinary', r.level]));
    return out;
  }

  /** Every case whose own level is above ordinary. */
  classifiedCases(): Map<number, ClassificationLevel> {
    if (!this.anyClassified()) return new Map();
    const rows = this.db.prepare(`${NEWEST_OF_CASES} SELECT case_id AS id, level FROM newest WHERE level <> 'ordinary'`).all() as { id: number; level: ClassificationLevel }[];
    return new Map(rows.map((r) => [r.id, r.level]));
  }

  /** Whether anything was ever classified: lets listings of an unclassified vault skip the lookups. */
  anyClassified(): boolean {
    return this.db.prepare('SELECT 1 FROM classifications WHERE level <> \'ordinary\' LIMIT 1').get() !== undefined;
  }

  recordingHistory(recordingId: number): LevelChange[] {
    return this.db
      .prepare('SELECT level, reason, set_at AS setAt, set_by AS setBy FROM classifications WHERE recording_id = ? ORDER BY id')
      .all(recordingId) as LevelChange[];
  }

  caseHistory(caseId: number): LevelChange[] {
    return this.db
      .prepare('SELECT level, reason, set_at AS setAt, set_by AS setBy FROM classifications WHERE case_id = ? ORDER BY id')
      .all(caseId) as LevelChange[];
  }

  setClearance(osUser: string, change: LevelChange): void {
    this.db
      .prepare('INSERT INTO clearances (os_user, level, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?)')
      .run(osUser, change.level, change.reason, change.setAt, change.setBy);
  }

  /** An operator's clearance; `internal` (what every role sees) when none was given. */
  clearanceOf(osUser: string): ClassificationLevel {
    const r = this.db.prepare('SELECT level FROM clearances WHERE os_user = ? ORDER BY id DESC LIMIT 1').get(osUser) as { level: ClassificationLevel } | undefined;
    return r?.level ?? 'internal';
  }

  clearanceHistory(osUser: string): LevelChange[] {
    return this.db
      .prepare('SELECT level, reason, set_at AS setAt, set_by AS setBy FROM clearances WHERE os_user = ? ORDER BY id')
      .all(osUser) as LevelChange[];
  }
}
