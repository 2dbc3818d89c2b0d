/** SQL for cross-checks between the catalogue's rows and the audit trail that recorded them. */
import type { Db } from './database.js';

export interface RowAgainstTrail {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
  /** The successful entry that stored this recording (ingest or restore), if any. */
  seq: number | null;
  at: string | null;
  trailSha256: string | null;
  trailSize: number | null;
}

type StoredEntry = Pick<RowAgainstTrail, 'seq' | 'at' | 'trailSha256' | 'trailSize'>;

/** The actions that store a recording under a vault path (the entry's target). */
const STORED_BY = "action IN ('ingest.file', 'restore-station.recording') AND outcome = 'ok'";
/** An entry's recording, where it names one (every entry since the trail has carried it). */
const OF_RECORDING = "coalesce(json_extract(details, '$.recordingId'), ?) = ?";

export class IntegrityStore {
  constructor(private readonly db: Db) {}

  /**
   * Every catalogue row beside the entry that stored it: its ingest, or on a station rebuilt from the
   * object store the restore's entry for it (a recording replicated before its ingest entry's segment
   * was sent has no ingest entry in the restored trail); streamed. A recording `recordings attribute`
   * has moved since (out of quarantine, to another recorder's folder) is found where it was stored,
   * through the attributions that moved it (storedBefore). An entry of another recording stored under
   * the same name before or after it (the name freed by a move) is not taken for its own. `ids`:
   * those recordings only (the nightly check's share).
   */
  *rowsAgainstTrail(ids?: readonly number[]): Generator<RowAgainstTrail> {
    const only = ids ? 'WHERE r.id IN (SELECT value FROM json_each(?))' : '';
    const stmt = this.db.prepare(
      `SELECT r.id, r.vault_path AS vaultPath, r.sha256, r.size, a.seq, a.at,
              json_extract(a.details, '$.sha256') AS trailSha256, json_extract(a.details, '$.size') AS trailSize
         FROM recordings r
         LEFT JOIN audit_log a ON a.seq = (
           SELECT max(seq) FROM audit_log WHERE ${STORED_BY} AND target = r.vault_path
              AND coalesce(json_extract(details, '$.recordingId'), r.id) = r.id)
        ${only}
        ORDER BY r.id`,
    );
    const storedBefore = this.storedBefore();
    for (const r of (ids ? stmt.iterate(JSON.stringify(ids)) : stmt.iterate()) as Iterable<RowAgainstTrail>) {
      yield r.seq === null ? { ...r, ...storedBefore(r.id, r.vaultPath) } : r;
    }
  }

  /**
   * The entry that stored recording `id` under an earlier name, followed back from `vaultPath`
   * through its attributions (each names where it moved the recording from), newest first; nothing
   * when no attribution brought it there (a row added behind the trail's back).
   */
  private storedBefore(): (id: number, vaultPath: string) => Partial<StoredEntry> {
    // Prepared once for the whole walk: a catalogue whose rows have no entry at all asks for each.
    const moved = this.db.prepare(
      `SELECT seq, json_extract(details, '$.from.vaultPath') AS fromPath FROM audit_log
        WHERE action = 'recordings.attribute' AND outcome = 'ok' AND target = ? AND json_extract(details, '$.recordingId') = ? AND seq < ?
        ORDER BY seq DESC LIMIT 1`,
    );
    const stored = this.db.prepare(
      `SELECT seq, at, json_extract(details, '$.sha256') AS trailSha256, json_extract(details, '$.size') AS trailSize FROM audit_log
        WHERE ${STORED_BY} AND target = ? AND ${OF_RECORDING} AND seq < ? ORDER BY seq DESC LIMIT 1`,
    );
    return (id, vaultPath) => {
      let path = vaultPath;
      let before = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const m = moved.get(path, id, before) as { seq: number; fromPath: string | null } | undefined;
        if (!m?.fromPath) return {};
        const entry = stored.get(m.fromPath, id, id, m.seq) as StoredEntry | undefined;
        if (entry) return entry;
        // Each step goes back in the trail (seq < the last), so a recording moved back and forth ends.
        path = m.fromPath;
        before = m.seq;
      }
    };
  }

  /** The time of an entry, to say since when something is wrong. */
  entryAt(seq: number): string | null {
    return (this.db.prepare('SELECT at FROM audit_log WHERE seq = ?').get(seq) as { at: string } | undefined)?.at ?? null;
  }

  /** The details of the latest entry of an action (e.g. the last config.loaded). */
  lastDetails(action: string): Record<string, unknown> | undefined {
    const r = this.db.prepare('SELECT details FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1').get(action) as { details: string } | undefined;
    return r && (JSON.parse(r.details) as Record<string, unknown>);
  }
}
