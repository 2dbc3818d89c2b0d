/**
 * SQL for the R15 inspection: the period's activity from the catalogue as it is (recordings, docks,
 * registers, assignments) and the inspections on the record (migration 11).
 */
import { DOCKED_DAYS } from './docked-days.js';
import type { ActivityRow, AssignmentFact, DeviceFact, InspectionAction, InspectionRecord, OfficerFact } from '../../core/inspection-types.js';
import type { Db } from './database.js';

interface InspectionRow {
  id: number;
  period: string;
  from_date: string;
  to_date: string;
  inspector: string;
  findings: string;
  recorded_at: string;
  recorded_by: string;
}

export class InspectionStore {
  constructor(private readonly db: Db) {}

  /**
   * Recordings per officer, recorder and local day of the period, with how many carry a clock flag: one
   * range of a covering index (migration 11), grouped, so six months of a million recordings come back
   * as a few thousand rows without touching the table.
   */
  activity(from: string, to: string): ActivityRow[] {
    return this.db
      .prepare(
        `SELECT officer_id AS officerId, device_number AS deviceNumber, local_date AS localDate, count(*) AS recordings, total(duration_seconds) AS seconds,
                total(flags <> '[]' AND (flags LIKE '%"clock-ahead"%' OR flags LIKE '%"clock-skew"%')) AS clockFlagged
         FROM recordings INDEXED BY recordings_by_date_activity WHERE local_date BETWEEN ? AND ? GROUP BY local_date, officer_id, device_number`,
      )
      .all(from, to) as ActivityRow[];
  }

  /** Each recorder's days with footage stored in the period (docked-days.ts), as the docking history counts them. */
  docked(from: string, to: string): { deviceNumber: string; localDate: string }[] {
    return this.db
      .prepare(
        `SELECT deviceNumber, localDate FROM (${DOCKED_DAYS}) WHERE localDate BETWEEN ? AND ?`,
      )
      .all(from, to) as { deviceNumber: string; localDate: string }[];
  }

  officers(): OfficerFact[] {
    return this.db.prepare('SELECT id, name, unit FROM officers ORDER BY id').all() as OfficerFact[];
  }

  devices(): DeviceFact[] {
    return this.db.prepare('SELECT number, brand, model, status FROM devices ORDER BY number').all() as DeviceFact[];
  }

  assignments(): AssignmentFact[] {
    return this.db.prepare('SELECT device_number AS deviceNumber, officer_id AS officerId, from_ms AS fromMs, to_ms AS toMs FROM device_assignments ORDER BY from_ms, id').all() as AssignmentFact[];
  }

  addInspection(i: Omit<InspectionRecord, 'id' | 'actions'> & { actions: string[] }): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO inspections (period, from_date, to_date, inspector, findings, recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(i.period, i.from, i.to, i.inspector, i.findings, i.recordedAt, i.recordedBy).lastInsertRowid,
    );
    const add = this.db.prepare('INSERT INTO inspection_actions (inspection_id, no, text) VALUES (?, ?, ?)');
    i.actions.forEach((text, k) => add.run(id, k + 1, text));
    return id;
  }

  closeAction(inspectionId: number, no: number, c: { closedAt: string; closedBy: string; note: string }): void {
    this.db.prepare('INSERT INTO inspection_action_closures (inspection_id, no, closed_at, closed_by, note) VALUES (?, ?, ?, ?, ?)').run(inspectionId, no, c.closedAt, c.closedBy, c.note);
  }

  inspection(id: number): InspectionRecord | undefined {
    const r = this.db.prepare('SELECT * FROM inspections WHERE id = ?').get(id) as InspectionRow | undefined;
    return r && this.withActions(r);
  }

  inspections(): InspectionRecord[] {
    return (this.db.prepare('SELECT * FROM inspections ORDER BY to_date, id').all() as InspectionRow[]).map((r) => this.withActions(r));
  }

  /** The last inspection of a period that ended before `from`: the one whose actions the next report follows up. */
  previousBefore(from: string): InspectionRecord | null {
    const r = this.db.prepare('SELECT * FROM inspections WHERE to_date < ? ORDER BY to_date DESC, id DESC LIMIT 1').get(from) as InspectionRow | undefined;
    return r ? this.withActions(r) : null;
  }

  private withActions(r: InspectionRow): InspectionRecord {
    const actions = this.db
      .prepare(
        `SELECT a.no, a.text, c.closed_at AS closedAt, c.closed_by AS closedBy, c.note FROM inspection_actions a
         LEFT JOIN inspection_action_closures c ON c.inspection_id = a.inspection_id AND c.no = a.no WHERE a.inspection_id = ? ORDER BY a.no`,
      )
      .all(r.id) as InspectionAction[];
    return { id: r.id, period: r.period, from: r.from_date, to: r.to_date, inspector: r.inspector, findings: r.findings, actions, recordedAt: r.recorded_at, recordedBy: r.recorded_by };
  }
}
