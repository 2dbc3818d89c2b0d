/**
 * SQL for the two-person approvals around retention (migration 14): corrections of holds placed on the
 * wrong recording, and standing disposal approvals. Rows are signed once and never deleted (triggers).
 */
import { formatStandingScope, parseStandingScope, type StandingScope } from '../../core/retention-policy.js';
import type { Db } from './database.js';

export interface HoldCorrection {
  holdId: number;
  firstBy: string;
  firstAt: string;
  firstReason: string;
  secondBy: string | null;
  secondAt: string | null;
  secondReason: string | null;
  /** The unit's local date the second approver confirmed it; null while pending. */
  correctedOn: string | null;
}

export interface StandingApproval {
  id: number;
  scope: StandingScope;
  validFrom: string;
  validUntil: string;
  reason: string;
  firstBy: string;
  firstAt: string;
  secondBy: string | null;
  secondAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

const CORRECTION = `hold_id AS holdId, first_by AS firstBy, first_at AS firstAt, first_reason AS firstReason, second_by AS secondBy,
  second_at AS secondAt, second_reason AS secondReason, corrected_on AS correctedOn`;
const STANDING = `id, scope, valid_from AS validFrom, valid_until AS validUntil, reason, first_by AS firstBy, first_at AS firstAt,
  second_by AS secondBy, second_at AS secondAt, revoked_at AS revokedAt, revoked_by AS revokedBy, revoke_reason AS revokeReason`;

const toStanding = (row: unknown): StandingApproval => {
  const r = row as Omit<StandingApproval, 'scope'> & { scope: string };
  // The table's CHECK admits only what parses; a row that does not is a bug, not an input.
  const scope = parseStandingScope(r.scope);
  if (!scope) throw new Error(`standing approval #${r.id} has an unreadable scope "${r.scope}"`);
  return { ...r, scope };
};

export class HoldApprovalsStore {
  constructor(private readonly db: Db) {}

  // ---- corrections

  correction(holdId: number): HoldCorrection | undefined {
    return this.db.prepare(`SELECT ${CORRECTION} FROM hold_corrections WHERE hold_id = ?`).get(holdId) as HoldCorrection | undefined;
  }

  signCorrectionFirst(holdId: number, by: string, at: string, reason: string): void {
    this.db.prepare('INSERT INTO hold_corrections (hold_id, first_by, first_at, first_reason) VALUES (?, ?, ?, ?)').run(holdId, by, at, reason);
  }

  signCorrectionSecond(holdId: number, by: string, at: string, reason: string, correctedOn: string): void {
    this.db
      .prepare('UPDATE hold_corrections SET second_by = ?, second_at = ?, second_reason = ?, corrected_on = ? WHERE hold_id = ? AND second_by IS NULL')
      .run(by, at, reason, correctedOn, holdId);
  }

  /** The latest correction date of a hold that kept this recording (on it, or on one of its cases). */
  correctionFloorDate(recordingId: number): string | null {
    const row = this.db
      .prepare(
        `SELECT max(hc.corrected_on) AS d FROM hold_corrections hc JOIN holds h ON h.id = hc.hold_id
         WHERE hc.corrected_on IS NOT NULL
           AND (h.recording_id = @id OR h.case_id IN (SELECT case_id FROM case_recordings WHERE recording_id = @id))`,
      )
      .get({ id: recordingId }) as { d: string | null };
    return row.d;
  }

  // ---- standing disposal approvals

  insertStanding(a: { scope: StandingScope; validFrom: string; validUntil: string; reason: string; firstBy: string; firstAt: string }): number {
    return Number(
      this.db
        .prepare(
          `INSERT INTO standing_approvals (scope, valid_from, valid_until, reason, first_by, first_at)
           VALUES (@scope, @validFrom, @validUntil, @reason, @firstBy, @firstAt)`,
        )
        .run({ ...a, scope: formatStandingScope(a.scope) }).lastInsertRowid,
    );
  }

  standing(id: number): StandingApproval | undefined {
    const row = this.db.prepare(`SELECT ${STANDING} FROM standing_approvals WHERE id = ?`).get(id);
    return row === undefined ? undefined : toStanding(row);
  }

  standingAll(): StandingApproval[] {
    return this.db.prepare(`SELECT ${STANDING} FROM standing_approvals ORDER BY id`).all().map(toStanding);
  }

  /** Signed by both, not revoked, and `today` inside its period. */
  live(today: string): StandingApproval[] {
    return this.db
      .prepare(`SELECT ${STANDING} FROM standing_approvals WHERE second_by IS NOT NULL AND revoked_at IS NULL AND valid_from <= @today AND valid_until >= @today ORDER BY id`)
      .all({ today })
      .map(toStanding);
  }

  confirmStanding(id: number, by: string, at: string): void {
    this.db.prepare('UPDATE standing_approvals SET second_by = ?, second_at = ? WHERE id = ? AND second_by IS NULL AND revoked_at IS NULL').run(by, at, id);
  }

  revokeStanding(id: number, by: string, at: string, reason: string): void {
    this.db.prepare('UPDATE standing_approvals SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL').run(at, by, reason, id);
  }
}
