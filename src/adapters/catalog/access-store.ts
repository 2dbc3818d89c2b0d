/** SQL for R13/P27 access requests and grants (migration 13). */
import type { AccessPurpose, AccessRequest } from '../../core/access-request.js';
import type { Db } from './database.js';

export interface NewAccessRequest {
  purpose: AccessPurpose;
  caseId: number | null;
  beneficiary: string;
  untilDate: string;
  endsAt: string;
  endsAtMs: number;
  requestedBy: string;
  requestedAt: string;
  recordingIds: readonly number[];
}

/** A live grant: who asked, who approved, and the recordings it names. */
export interface LiveGrant {
  id: number;
  decidedBy: string;
  requestedBy: string;
  recordingIds: Set<number>;
}

const COLUMNS = `a.id, a.purpose, c.number AS caseNumber, a.beneficiary, a.until_date AS untilDate, a.ends_at AS endsAt,
  a.ends_at_ms AS endsAtMs, a.requested_by AS requestedBy, a.requested_at AS requestedAt, a.status,
  a.decided_by AS decidedBy, a.decided_at AS decidedAt, a.decision_reason AS decisionReason,
  a.copy_path AS copyPath, a.expired_at AS expiredAt`;
const FROM = 'FROM access_requests a LEFT JOIN cases c ON c.id = a.case_id';

export class AccessStore {
  constructor(private readonly db: Db) {}

  insert(r: NewAccessRequest): number {
    const id = Number(
      this.db
        .prepare('INSERT INTO access_requests (purpose, case_id, beneficiary, until_date, ends_at, ends_at_ms, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(r.purpose, r.caseId, r.beneficiary, r.untilDate, r.endsAt, r.endsAtMs, r.requestedBy, r.requestedAt).lastInsertRowid,
    );
    const add = this.db.prepare('INSERT INTO access_request_recordings (request_id, recording_id) VALUES (?, ?)');
    for (const rec of new Set(r.recordingIds)) add.run(id, rec);
    return id;
  }

  get(id: number): AccessRequest | undefined {
    const row = this.db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE a.id = ?`).get(id) as Omit<AccessRequest, 'recordingIds'> | undefined;
    return row && { ...row, recordingIds: this.recordingsOf(id) };
  }

  recordingsOf(id: number): number[] {
    return (this.db.prepare('SELECT recording_id AS id FROM access_request_recordings WHERE request_id = ? ORDER BY recording_id').all(id) as { id: number }[]).map((r) => r.id);
  }

  /** Every request, newest first; `activeAt` keeps open requests and grants not yet ended at that instant. */
  list(activeAt?: number): AccessRequest[] {
    const rows = (
      activeAt === undefined
        ? this.db.prepare(`SELECT ${COLUMNS} ${FROM} ORDER BY a.id DESC`).all()
        : this.db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE a.status <> 'refused' AND a.expired_at IS NULL AND a.ends_at_ms > ? ORDER BY a.id DESC`).all(activeAt)
    ) as Omit<AccessRequest, 'recordingIds'>[];
    return rows.map((r) => ({ ...r, recordingIds: this.recordingsOf(r.id) }));
  }

  /** Decide an open request; false when it was decided meanwhile (another approver, another process). */
  decide(id: number, status: 'approved' | 'refused', by: string, at: string, reason: string | null): boolean {
    return this.db.prepare("UPDATE access_requests SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ? AND status = 'open'").run(status, by, at, reason, id).changes === 1;
  }

  setCopy(id: number, copyPath: string | null): void {
    this.db.prepare('UPDATE access_requests SET copy_path = ? WHERE id = ?').run(copyPath, id);
  }

  /** Forget the working copy `copyPath` (withdrawn): false when another command changed it first. */
  clearCopy(id: number, copyPath: string): boolean {
    return this.db.prepare('UPDATE access_requests SET copy_path = NULL WHERE id = ? AND copy_path = ?').run(id, copyPath).changes === 1;
  }

  /**
   * Take the making of grant `id`'s working copy for the process `token` names, in one write
   * transaction: null when taken, else the token of the live process making it now (a holder that
   * died no longer counts).
   */
  claimCopy(id: number, token: string, alive: (token: string) => boolean): string | null {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT copy_held_by AS heldBy FROM access_requests WHERE id = ?').get(id) as { heldBy: string | null } | undefined;
        if (row?.heldBy && row.heldBy !== token && alive(row.heldBy)) return row.heldBy;
        this.db.prepare('UPDATE access_requests SET copy_held_by = ? WHERE id = ?').run(token, id);
        return null;
      })
      .immediate();
  }

  /** Let go of the making of a working copy (made, or failed). */
  releaseCopy(id: number, token: string): void {
    this.db.prepare('UPDATE access_requests SET copy_held_by = NULL WHERE id = ? AND copy_held_by = ?').run(id, token);
  }

  /** Approved grants past their end whose expiry is not done yet. */
  ended(nowMs: number): AccessRequest[] {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} ${FROM} WHERE a.status = 'approved' AND a.expired_at IS NULL AND a.ends_at_ms <= ? ORDER BY a.id`)
      .all(nowMs) as Omit<AccessRequest, 'recordingIds'>[];
    return rows.map((r) => ({ ...r, recordingIds: this.recordingsOf(r.id) }));
  }

  /**
   * Approved grants not yet ended whose requester is a deactivated operator: their end moved to `at`
   * (within the caller's transaction), so reactivating the operator brings none of them back.
   */
  endForDeactivated(at: string, atMs: number): { id: number; requestedBy: string; endsAt: string }[] {
    const rows = this.db
      .prepare(
        `SELECT a.id, a.requested_by AS requestedBy, a.ends_at AS endsAt FROM access_requests a JOIN operators o ON o.os_user = a.requested_by
         WHERE o.active = 0 AND a.status = 'approved' AND a.expired_at IS NULL AND a.ends_at_ms > ? ORDER BY a.id`,
      )
      .all(atMs) as { id: number; requestedBy: string; endsAt: string }[];
    const end = this.db.prepare('UPDATE access_requests SET ends_at = ?, ends_at_ms = ? WHERE id = ?');
    for (const r of rows) end.run(at, atMs, r.id);
    return rows;
  }

  /** False when another process ended it first. */
  markExpired(id: number, at: string): boolean {
    return this.db.prepare('UPDATE access_requests SET expired_at = ?, copy_path = NULL WHERE id = ? AND expired_at IS NULL').run(at, id).changes === 1;
  }

  addMediaCopy(id: number, folder: string, at: string, by: string): void {
    this.db.prepare('INSERT INTO access_media_copies (request_id, folder, made_at, made_by) VALUES (?, ?, ?, ?)').run(id, folder, at, by);
  }

  mediaCopies(id: number): { folder: string; madeAt: string; madeBy: string }[] {
    return this.db.prepare('SELECT folder, made_at AS madeAt, made_by AS madeBy FROM access_media_copies WHERE request_id = ? ORDER BY id').all(id) as { folder: string; madeAt: string; madeBy: string }[];
  }

  /**
   * Live grants of `purpose` at `nowMs` and the recordings each covers: what lets a classified recording
   * onto a disc (evidence) or into an archive set (archive).
   */
  liveGrants(purpose: AccessPurpose, nowMs: number): LiveGrant[] {
    const ids = this.db
      .prepare("SELECT id, decided_by AS decidedBy, requested_by AS requestedBy FROM access_requests WHERE purpose = ? AND status = 'approved' AND expired_at IS NULL AND ends_at_ms > ? ORDER BY id")
      .all(purpose, nowMs) as { id: number; decidedBy: string; requestedBy: string }[];
    return ids.map((g) => ({ ...g, recordingIds: new Set(this.recordingsOf(g.id)) }));
  }
}
