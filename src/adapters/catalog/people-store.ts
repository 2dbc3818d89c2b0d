/** SQL for officers' status (R3) and the enforcement acts recorded as not filmed (R7, P14). */
import type { Db } from './database.js';

export interface Exemption {
  id: number;
  officerId: string;
  actAt: string;
  act: string;
  consentBy: string | null;
  reason: string | null;
  recordedAt: string;
  recordedBy: string;
}

export class PeopleStore {
  constructor(private readonly db: Db) {}

  setOfficerStatus(id: string, status: string, date: string): void {
    this.db.prepare('UPDATE officers SET status = ?, status_date = ? WHERE id = ?').run(status, date, id);
  }

  /** Recorders whose running assignment is to this officer. */
  openAssignmentsOf(officerId: string): { deviceNumber: string; fromMs: number; fromAt: string }[] {
    return this.db
      .prepare('SELECT device_number AS deviceNumber, from_ms AS fromMs, from_at AS fromAt FROM device_assignments WHERE officer_id = ? AND to_ms IS NULL ORDER BY device_number')
      .all(officerId) as { deviceNumber: string; fromMs: number; fromAt: string }[];
  }

  addExemption(e: Omit<Exemption, 'id'> & { actMs: number }): number {
    return Number(
      this.db
        .prepare('INSERT INTO exemptions (officer_id, act_at, act_ms, act, consent_by, reason, recorded_at, recorded_by) VALUES (@officerId, @actAt, @actMs, @act, @consentBy, @reason, @recordedAt, @recordedBy)')
        .run(e).lastInsertRowid,
    );
  }

  /** Exemptions whose act falls in [fromMs, toMs), oldest first. */
  exemptions(fromMs: number | null, toMs: number | null): Exemption[] {
    return this.db
      .prepare(
        `SELECT id, officer_id AS officerId, act_at AS actAt, act, consent_by AS consentBy, reason, recorded_at AS recordedAt, recorded_by AS recordedBy
         FROM exemptions WHERE (@fromMs IS NULL OR act_ms >= @fromMs) AND (@toMs IS NULL OR act_ms < @toMs) ORDER BY act_ms, id`,
      )
      .all({ fromMs, toMs }) as Exemption[];
  }
}
