/** SQL for cross-checks between the catalogue's rows and the audit trail that recorded them. */
import type { Db } from './database.js';

export interface RowAgainstTrail {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
  /** The latest successful ingest entry for this path, if any. */
  seq: number | null;
  at: string | null;
  trailSha256: string | null;
  trailSize: number | null;
}

export class IntegrityStore {
  constructor(private readonly db: Db) {}

  /**
   * Every catalogue row beside the entry that stored it: its ingest, or on a station rebuilt from the
   * object store the restore's entry for it (a recording replicated before its ingest entry's segment
   * was sent has no ingest entry in the restored trail); streamed.
   */
  *rowsAgainstTrail(): Generator<RowAgainstTrail> {
    const stmt = this.db.prepare(
      `SELECT r.id, r.vault_path AS vaultPath, r.sha256, r.size, a.seq, a.at,
              json_extract(a.details, '$.sha256') AS trailSha256, json_extract(a.details, '$.size') AS trailSize
         FROM recordings r
         LEFT JOIN audit_log a ON a.seq = (
           SELECT max(seq) FROM audit_log WHERE action IN ('ingest.file', 'restore-station.recording') AND outcome = 'ok' AND target = r.vault_path)
        ORDER BY r.id`,
    );
    yield* stmt.iterate() as Iterable<RowAgainstTrail>;
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
