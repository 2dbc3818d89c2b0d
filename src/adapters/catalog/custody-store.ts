/**
 * Who is reading which source, and which vault names copies in flight have taken. Both are rows held
 * by a process: a row whose process is gone (a crash, kill -9) is stale and may be taken over.
 */
import type { ProcessIdentity } from '../process-identity.js';
import type Database from 'better-sqlite3';
import { statementCache, unflushedTransaction, withTempInMemory, type Db } from './database.js';

export interface SourceHolder {
  sessionId: number;
  pid: number;
  claimedAt: string;
  sourceRoot: string;
}

export type SourceClaim = { ok: true; tookOverFrom: SourceHolder | null } | { ok: false; holder: SourceHolder };

interface ClaimRow {
  session_id: number;
  pid: number;
  process_start: string;
  claimed_at: string;
  source_root: string;
}

/** How core/source-identity.ts keys a folder on the PC's own disks: by its real path. */
const PATH_KEY = 'path:';

export class CustodyStore {
  constructor(
    private readonly db: Db,
    private readonly self: ProcessIdentity,
    private readonly alive: (p: ProcessIdentity) => boolean,
  ) {}

  private statements?: (sql: string) => Database.Statement;
  /** Each SQL compiled once per connection (database.ts). */
  private sql(sql: string): Database.Statement {
    return (this.statements ??= statementCache(this.db))(sql);
  }

  /** Call inside the transaction that starts the session: the claim and the session stand or fall together. */
  claimSource(key: string, sourceRoot: string, sessionId: number, at: string): SourceClaim {
    const row = this.sql('SELECT * FROM source_claims WHERE source_key = ?').get(key) as ClaimRow | undefined;
    const holder = row && { sessionId: row.session_id, pid: row.pid, claimedAt: row.claimed_at, sourceRoot: row.source_root };
    if (row && this.alive({ pid: row.pid, start: row.process_start })) return { ok: false, holder: holder! };
    // A folder and a folder inside it hold the same files: one session over either at a time.
    const nested = key.startsWith(PATH_KEY) ? this.liveNestedClaim(key.slice(PATH_KEY.length)) : undefined;
    if (nested) return { ok: false, holder: nested };
    this.sql('INSERT OR REPLACE INTO source_claims (source_key, session_id, pid, process_start, claimed_at, source_root) VALUES (?, ?, ?, ?, ?, ?)')
      .run(key, sessionId, this.self.pid, this.self.start, at, sourceRoot);
    return { ok: true, tookOverFrom: holder ?? null };
  }

  private liveNestedClaim(folder: string): SourceHolder | undefined {
    const inside = (a: string, b: string) => a.startsWith(b.endsWith('/') ? b : `${b}/`);
    const rows = this.sql("SELECT * FROM source_claims WHERE source_key LIKE 'path:%'").all() as (ClaimRow & { source_key: string })[];
    const row = rows.find((r) => {
      const other = r.source_key.slice(PATH_KEY.length);
      return (inside(folder, other) || inside(other, folder)) && this.alive({ pid: r.pid, start: r.process_start });
    });
    return row && { sessionId: row.session_id, pid: row.pid, claimedAt: row.claimed_at, sourceRoot: row.source_root };
  }

  releaseSource(key: string, sessionId: number): void {
    this.sql('DELETE FROM source_claims WHERE source_key = ? AND session_id = ?').run(key, sessionId);
  }

  /**
   * Take a vault name for a copy in flight. False when it is catalogued already or a live process
   * is placing it; a stale placement (its process gone) is taken over.
   */
  claimPlacement(vaultPath: string, sessionId: number): boolean {
    return this.claimPlacements([vaultPath], sessionId)[0]!;
  }

  /** claimPlacement for several names (a batch of small files) in one transaction: whether each was taken. */
  claimPlacements(vaultPaths: readonly string[], sessionId: number): boolean[] {
    // The claim keeps other live processes off the name, which only needs it committed (WAL: seen by
    // every connection at once), not flushed: it records no evidence, and the copy it guards has no
    // row until a commit that is flushed (synchronous=FULL), which makes the claim durable with it.
    // So this one transaction skips its own fsync; a power cut before that commit loses the claim
    // and the copy is then found as a file nothing catalogued, which verify names and a later
    // ingest of the same bytes adopts. Every other commit of the catalogue stays FULL.
    return withTempInMemory(this.db, () => unflushedTransaction(this.db, () => vaultPaths.map((p) => this.claimIn(p, sessionId))));
  }

  private claimIn(vaultPath: string, sessionId: number): boolean {
    if (this.sql('SELECT 1 FROM recordings WHERE vault_path = ?').get(vaultPath)) return false;
    const row = this.sql('SELECT pid, process_start FROM placements WHERE vault_path = ?').get(vaultPath) as { pid: number; process_start: string } | undefined;
    if (row && this.alive({ pid: row.pid, start: row.process_start })) return false;
    this.sql('INSERT OR REPLACE INTO placements (vault_path, session_id, pid, process_start) VALUES (?, ?, ?, ?)')
      .run(vaultPath, sessionId, this.self.pid, this.self.start);
    return true;
  }

  /** Call in the transaction that catalogues the copy, or when the copy is given up. */
  releasePlacement(vaultPath: string, sessionId: number): void {
    this.sql('DELETE FROM placements WHERE vault_path = ? AND session_id = ?').run(vaultPath, sessionId);
  }

  /** Vault names claimed by sessions of this source whose process is gone: copies a crash left. */
  stalePlacementsOf(sourceKey: string): string[] {
    const rows = this.sql('SELECT p.vault_path AS vaultPath, p.pid, p.process_start AS start FROM placements p JOIN ingest_sessions s ON s.id = p.session_id WHERE s.source_key = ?')
      .all(sourceKey) as { vaultPath: string; pid: number; start: string }[];
    return rows.filter((r) => !this.alive({ pid: r.pid, start: r.start })).map((r) => r.vaultPath);
  }

  /** A vault name an ingest claimed and whose process is gone: the copy it left, with the session that placed it. */
  stalePlacement(vaultPath: string): { sessionId: number; sourceRoot: string } | null {
    const row = this.sql('SELECT p.session_id AS sessionId, p.pid, p.process_start AS start, s.source_root AS sourceRoot FROM placements p JOIN ingest_sessions s ON s.id = p.session_id WHERE p.vault_path = ?')
      .get(vaultPath) as { sessionId: number; pid: number; start: string; sourceRoot: string } | undefined;
    if (!row || this.alive({ pid: row.pid, start: row.start })) return null;
    return { sessionId: row.sessionId, sourceRoot: row.sourceRoot };
  }
}
