/**
 * What the compliance registers read over a period: every assignment, the days each recorder was
 * docked (R12(1)), and closed cases with whether each linked recording is archived (P25).
 */
import { DOCKED_DAYS } from './docked-days.js';
import type { Assignment } from '../../core/assignments.js';
import type { Db } from './database.js';

export class ComplianceFactsStore {
  constructor(private readonly db: Db) {}

  isDevice(number: string): boolean {
    return this.db.prepare('SELECT 1 FROM devices WHERE number = ?').get(number) !== undefined;
  }

  /** Assignment periods overlapping [fromMs, toMs) (optionally of one recorder). */
  assignments(fromMs: number, toMs: number, device?: string): Assignment[] {
    return this.db
      .prepare(
        `SELECT device_number AS deviceNumber, officer_id AS officerId, from_ms AS fromMs, to_ms AS toMs FROM device_assignments
         WHERE from_ms < @toMs AND (to_ms IS NULL OR to_ms > @fromMs) AND (@device IS NULL OR device_number = @device) ORDER BY device_number, from_ms, id`,
      )
      .all({ fromMs, toMs, device: device ?? null }) as Assignment[];
  }

  /** Each recorder and local date (from … to) on which its footage was stored (docked-days.ts). */
  dockedDays(from: string, to: string): { deviceNumber: string; date: string }[] {
    return this.db
      .prepare(
        `SELECT deviceNumber, localDate AS date FROM (${DOCKED_DAYS}) WHERE localDate BETWEEN ? AND ?`,
      )
      .all(from, to) as { deviceNumber: string; date: string }[];
  }

  /** Closed cases with their closing time and each linked recording still in the vault, archived or not. */
  closedCases(): { number: string; title: string; closedAt: string | null; recordings: { id: number; archived: boolean }[] }[] {
    const cases = this.db.prepare(`SELECT id, number, title, closed_at AS closedAt FROM cases WHERE status = 'closed' ORDER BY closed_at, id`).all() as {
      id: number;
      number: string;
      title: string;
      closedAt: string | null;
    }[];
    const recs = this.db.prepare(
      `SELECT cr.recording_id AS id,
              (EXISTS (SELECT 1 FROM disc_files df WHERE df.recording_id = cr.recording_id)
               OR EXISTS (SELECT 1 FROM export_members m JOIN export_sets s ON s.id = m.set_id WHERE m.recording_id = cr.recording_id AND s.status = 'complete')) AS archived
       FROM case_recordings cr WHERE cr.case_id = ? AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = cr.recording_id)
       ORDER BY cr.recording_id`,
    );
    return cases.map((c) => ({
      number: c.number,
      title: c.title,
      closedAt: c.closedAt,
      recordings: (recs.all(c.id) as { id: number; archived: number }[]).map((r) => ({ id: r.id, archived: r.archived === 1 })),
    }));
  }
}
