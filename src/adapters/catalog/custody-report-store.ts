/**
 * SQL for the chain of custody: what the catalogue holds about one recording, and which trail entries
 * are about it. An entry is about recording N when its target is `recording:N` or a vault path the
 * recording had, or its details name N as `recordingId`, or list N in `recordings`, `recordingIds`,
 * `ids`, `restored` or `unresolved` (disc builds and handovers, access grants and uses, case links,
 * repairs, disposals). Fixity runs and verifies are read apart: which of them re-hashed N is decided
 * from their `checkedIds` (core/custody-report.ts).
 */
import type { CustodyArchiveSet, CustodyAttribution, CustodyCase, CustodyDisc, CustodyFacts, CustodyHold, CustodyRecording, CustodySession, TrailRef } from '../../core/custody-report.js';
import type { Db } from './database.js';

const LISTS = ['recordings', 'recordingIds', 'ids', 'restored', 'unresolved'];
const listed = LISTS.map((k) => `(json_type(details, '$.${k}') = 'array' AND EXISTS (SELECT 1 FROM json_each(details, '$.${k}') WHERE value = @id))`).join(' OR ');

/** A row of audit_log as stored: the fields, details as JSON text. */
type AuditRow = Omit<TrailRef, 'details'> & { details: string };
// Field by field: the rows carry the chain's hashes too, which the report does not cite.
const toRef = (r: AuditRow): TrailRef => ({ seq: r.seq, at: r.at, operator: r.operator, role: r.role, action: r.action, target: r.target, outcome: r.outcome, details: JSON.parse(r.details) as Record<string, unknown> });

export class CustodyReportStore {
  constructor(private readonly db: Db) {}

  /** The recording ids linked to a case, or null when there is no such case. */
  caseRecordings(number: string): { title: string; ids: number[] } | null {
    const c = this.db.prepare('SELECT id, title FROM cases WHERE number = ?').get(number) as { id: number; title: string } | undefined;
    if (!c) return null;
    const ids = (this.db.prepare('SELECT recording_id AS id FROM case_recordings WHERE case_id = ? ORDER BY recording_id').all(c.id) as { id: number }[]).map((r) => r.id);
    return { title: c.title, ids };
  }

  /** Everything about one recording, or null when the catalogue has no such recording. */
  facts(id: number, handovers: (discId: number) => CustodyDisc['handovers']): CustodyFacts | null {
    const recording = this.recording(id);
    if (!recording) return null;
    const attributions = this.attributions(id);
    const paths = [...new Set([recording.vaultPath, ...attributions.flatMap((a) => [a.from.vaultPath, a.to.vaultPath])])];
    const trail = (
      this.db
        .prepare(`SELECT * FROM audit_log WHERE target = @target OR target IN (SELECT value FROM json_each(@paths)) OR json_extract(details, '$.recordingId') = @id OR ${listed} ORDER BY seq`)
        .all({ id, target: `recording:${id}`, paths: JSON.stringify(paths) }) as AuditRow[]
    ).map(toRef);
    const checks = (this.db.prepare("SELECT * FROM audit_log WHERE action IN ('fixity.run', 'verify') AND at >= ? ORDER BY seq").all(recording.ingestedAt.slice(0, 10)) as AuditRow[]).map(toRef);
    return { recording, session: this.session(id), holds: this.holds(id), cases: this.cases(id), discs: this.discs(id, handovers), archiveSets: this.archiveSets(id), attributions, trail, checks };
  }

  private recording(id: number): CustodyRecording | null {
    const r = this.db
      .prepare(
        `SELECT r.id, r.sha256, r.size, r.vault_path, r.original_name, r.source_path, r.device_number, r.officer_id, r.started_at, r.duration_seconds, r.format, r.ingested_at,
           d.brand, d.model, o.name AS officer_name, t.disposed_at, t.approved_by, t.reason AS disposal_reason
         FROM recordings r LEFT JOIN devices d ON d.number = r.device_number LEFT JOIN officers o ON o.id = r.officer_id
           LEFT JOIN tombstones t ON t.recording_id = r.id
         WHERE r.id = ?`,
      )
      .get(id) as Record<string, string | number | null> | undefined;
    if (!r) return null;
    const s = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
    return {
      id: Number(r.id),
      sha256: String(r.sha256),
      size: Number(r.size),
      vaultPath: String(r.vault_path),
      originalName: String(r.original_name),
      sourcePath: String(r.source_path),
      deviceNumber: s('device_number'),
      device: r.brand ? `${String(r.brand)} ${String(r.model)}` : null,
      officerId: s('officer_id'),
      officerName: s('officer_name'),
      startedAt: String(r.started_at),
      durationSeconds: r.duration_seconds === null ? null : Number(r.duration_seconds),
      format: s('format'),
      ingestedAt: String(r.ingested_at),
      disposed: r.disposed_at ? { at: String(r.disposed_at), approvedBy: String(r.approved_by), reason: String(r.disposal_reason) } : null,
    };
  }

  private session(id: number): CustodySession | null {
    const r = this.db
      .prepare(
        `SELECT s.id, s.started_at AS startedAt, s.finished_at AS finishedAt, s.operator, s.source_root AS sourceRoot, s.source_key AS sourceKey, s.device_number AS deviceNumber, s.status
         FROM ingest_sessions s JOIN recordings r ON r.session_id = s.id WHERE r.id = ?`,
      )
      .get(id) as CustodySession | undefined;
    return r ?? null;
  }

  private holds(id: number): CustodyHold[] {
    const rows = this.db
      .prepare(
        `SELECT h.id, h.recording_id, c.number AS case_number, h.reason, h.note, h.placed_at, h.placed_by, h.released_at, hr.first_by, hr.second_by
         FROM holds h LEFT JOIN cases c ON c.id = h.case_id LEFT JOIN hold_releases hr ON hr.hold_id = h.id
         WHERE h.recording_id = @id OR h.case_id IN (SELECT case_id FROM case_recordings WHERE recording_id = @id) ORDER BY h.id`,
      )
      .all({ id }) as { id: number; recording_id: number | null; case_number: string | null; reason: string; note: string | null; placed_at: string; placed_by: string; released_at: string | null; first_by: string | null; second_by: string | null }[];
    return rows.map((h) => ({
      id: h.id,
      on: h.recording_id === null ? 'case' : 'recording',
      caseNumber: h.case_number,
      reason: h.reason,
      note: h.note,
      placedAt: h.placed_at,
      placedBy: h.placed_by,
      releasedAt: h.released_at,
      releasedBy: h.released_at ? [h.first_by, h.second_by].filter((x): x is string => Boolean(x)) : [],
    }));
  }

  private cases(id: number): CustodyCase[] {
    return this.db
      .prepare(
        `SELECT c.number, c.title, c.category, c.status, cr.linked_at AS linkedAt, cr.linked_by AS linkedBy
         FROM case_recordings cr JOIN cases c ON c.id = cr.case_id WHERE cr.recording_id = ? ORDER BY cr.linked_at, c.number`,
      )
      .all(id) as CustodyCase[];
  }

  private discs(id: number, handovers: (discId: number) => CustodyDisc['handovers']): CustodyDisc[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.number, d.register_number, d.case_number, d.created_at, d.created_by, d.image_sha256 FROM discs d
         WHERE d.id IN (SELECT disc_id FROM disc_files WHERE recording_id = ?) ORDER BY d.id`,
      )
      .all(id) as { id: number; number: string; register_number: string; case_number: string | null; created_at: string; created_by: string; image_sha256: string }[];
    return rows.map((d) => {
      const steps = handovers(d.id);
      const last = steps[steps.length - 1];
      return {
        number: d.number,
        registerNumber: d.register_number,
        caseNumber: d.case_number,
        madeAt: d.created_at,
        madeBy: d.created_by,
        imageSha256: d.image_sha256,
        handovers: steps,
        state: !last ? 'in-office' : last.event === 'issue' ? 'issued' : last.event === 'return' ? 'returned' : 'destroyed',
      };
    });
  }

  private archiveSets(id: number): CustodyArchiveSet[] {
    const rows = this.db
      .prepare(
        `SELECT m.quarter, m.set_id, m.bag_index, s.provisional, coalesce(b.status, s.status) AS status, b.destination, b.manifest_sha256, b.chain_seq, b.finished_at
         FROM export_members m JOIN export_sets s ON s.id = m.set_id LEFT JOIN export_bags b ON b.set_id = m.set_id AND b.bag_index = m.bag_index
         WHERE m.recording_id = ? ORDER BY m.quarter, m.set_id`,
      )
      .all(id) as { quarter: string; set_id: string; bag_index: number; provisional: number; status: string; destination: string | null; manifest_sha256: string | null; chain_seq: number | null; finished_at: string | null }[];
    return rows.map((r) => ({ setId: r.set_id, quarter: r.quarter, provisional: r.provisional === 1, bagIndex: r.bag_index, status: r.status, destination: r.destination, manifestSha256: r.manifest_sha256, chainSeq: r.chain_seq, finishedAt: r.finished_at }));
  }

  private attributions(id: number): CustodyAttribution[] {
    const rows = this.db.prepare('SELECT * FROM recording_attributions WHERE recording_id = ? ORDER BY id').all(id) as Record<string, string | null>[];
    return rows.map((a) => ({
      at: String(a.at),
      by: String(a.by),
      reason: String(a.reason),
      from: { device: a.old_device_number ?? null, officer: a.old_officer_id ?? null, vaultPath: String(a.old_vault_path) },
      to: { device: a.new_device_number ?? null, officer: a.new_officer_id ?? null, vaultPath: String(a.new_vault_path) },
    }));
  }
}
