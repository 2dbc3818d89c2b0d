/**
 * The catalogue's side of replication: the outbox the triggers fill (migration 17), the copies the store
 * holds, the trail segments sent. A row leaves the outbox only in the transaction that records its
 * outcome, and only if no change re-queued it meanwhile (its generation).
 */
import { CLAIM_LEASE_MS, claimText, parseClaim } from '../../core/replication.js';
import { statementCache, type Db } from './database.js';

/** A recording's first upload queued, unless it is queued already (RecordingStore.insert queues each new row so). */
export const QUEUE_PUT = "INSERT INTO replication_outbox (kind, recording_id, queued_at) VALUES ('put', ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT (kind, recording_id) DO NOTHING";

const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export type OutboxKind = 'put' | 'refresh' | 'dispose';

export interface OutboxItem {
  id: number;
  kind: OutboxKind;
  recordingId: number;
  generation: number;
  attempts: number;
  queuedAt: string;
  lastError: string | null;
  /** The error text last put on the record for this row (a retry failing the same way is not recorded again). */
  recordedError: string | null;
}

export interface Replica {
  recordingId: number;
  objectKey: string;
  versionId: string;
  md5: string;
  retainUntil: string;
  metadataVersionId: string | null;
  replicatedAt: string;
  removedAt: string | null;
}

export interface TrailSegment {
  firstSeq: number;
  lastSeq: number;
  head: string;
  objectKey: string;
  versionId: string;
  retainUntil: string;
  sentAt: string;
}

export interface ReplicationLag {
  waiting: number;
  bytes: number;
  oldestQueuedAt: string | null;
  oldestLocalDate: string | null;
  refreshes: number;
  disposals: number;
  failing: number;
  lastError: string | null;
  /** What kind of failure lastError is, and the recording it held up. */
  lastErrorKind: string | null;
  lastErrorRecording: number | null;
  replicated: number;
}

const ITEM = `id, kind, recording_id AS recordingId, generation, attempts, queued_at AS queuedAt, last_error AS lastError, recorded_error AS recordedError`;
const REPLICA = `recording_id AS recordingId, object_key AS objectKey, version_id AS versionId, md5, retain_until AS retainUntil,
  metadata_version_id AS metadataVersionId, replicated_at AS replicatedAt, removed_at AS removedAt`;
const SEGMENT = `first_seq AS firstSeq, last_seq AS lastSeq, head, object_key AS objectKey, version_id AS versionId, retain_until AS retainUntil, sent_at AS sentAt`;

export class ReplicationStore {
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  /**
   * Rows due now that no live process is working on, taken for `owner` in one IMMEDIATE transaction:
   * the dock service and a `replicate run` beside it never upload the same recording at once. A row a
   * dead process held (kill -9 mid-upload) is free again at once; one whose live holder stopped renewing
   * its claim (suspended) is free after the lease.
   */
  claim(nowMs: number, limit: number, owner: string, alive: (token: string) => boolean): OutboxItem[] {
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT ${ITEM}, claimed_by AS claimedBy FROM replication_outbox WHERE next_try_ms <= ? ORDER BY id LIMIT ?`).all(nowMs, limit * 4) as (OutboxItem & { claimedBy: string | null })[];
      const isFree = (claimedBy: string | null) => {
        if (claimedBy === null) return true;
        const holder = parseClaim(claimedBy);
        return holder.token === owner || !alive(holder.token) || nowMs - holder.atMs > CLAIM_LEASE_MS;
      };
      const free = rows.filter((r) => isFree(r.claimedBy)).slice(0, limit);
      const take = this.sql('UPDATE replication_outbox SET claimed_by = ? WHERE id = ?');
      for (const r of free) take.run(claimText(owner, nowMs), r.id);
      return free.map(({ claimedBy: _c, ...item }) => item);
    }).immediate();
  }

  /** The rows `owner` still holds: claimed again as of `nowMs` (its work on them goes on). */
  renewClaims(owner: string, nowMs: number): void {
    this.sql("UPDATE replication_outbox SET claimed_by = ? WHERE claimed_by LIKE ? ESCAPE '\\'").run(claimText(owner, nowMs), `${likeEscaped(owner)}@%`);
  }

  /** When the next item falls due (ms), or null when the outbox is empty. */
  nextDueMs(): number | null {
    const r = this.sql('SELECT min(next_try_ms) AS at FROM replication_outbox').get() as { at: number | null };
    return r.at;
  }

  /** Done: removed unless a change re-queued it since it was read (then it runs again). Inside the outcome's transaction. */
  finish(item: OutboxItem): void {
    const r = this.sql('DELETE FROM replication_outbox WHERE id = ? AND generation = ?').run(item.id, item.generation);
    // Re-queued meanwhile: it runs again, for anyone; it succeeded, so a failure after this is news again.
    if (r.changes === 0) this.sql('UPDATE replication_outbox SET claimed_by = NULL, attempts = 0, last_error = NULL, recorded_error = NULL WHERE id = ?').run(item.id);
  }

  /** Rows this process took and did not get to (a run that stopped early): free for the next. */
  release(owner: string): void {
    this.sql("UPDATE replication_outbox SET claimed_by = NULL WHERE claimed_by = ? OR claimed_by LIKE ? ESCAPE '\\'").run(owner, `${likeEscaped(owner)}@%`);
  }

  /** Not its turn yet (it waits on another row): tried again from `nextTryMs`, not counted as a failure. */
  defer(item: OutboxItem, nextTryMs: number): void {
    this.sql('UPDATE replication_outbox SET next_try_ms = ?, claimed_by = NULL WHERE id = ?').run(nextTryMs, item.id);
  }

  /** Whether the recording's first upload is still queued or under way. */
  putPending(recordingId: number): boolean {
    return this.sql("SELECT 1 FROM replication_outbox WHERE kind = 'put' AND recording_id = ?").get(recordingId) !== undefined;
  }

  /** Failed this time: tried again from `nextTryMs`; `recorded`: this error is the one on the record now. */
  postpone(item: OutboxItem, nextTryMs: number, error: string, kind: string, recorded = false): void {
    const text = error.slice(0, 500);
    this.sql(
      'UPDATE replication_outbox SET attempts = attempts + 1, next_try_ms = ?, last_error = ?, last_error_kind = ?, claimed_by = NULL, recorded_error = CASE WHEN ? THEN ? ELSE recorded_error END WHERE id = ?',
    ).run(nextTryMs, text, kind, recorded ? 1 : 0, text, item.id);
  }

  /** The store found unreachable: true only for the call that finds it so first (one entry for the whole outage, whichever process). */
  storeUnreachable(since: string, detail: string): boolean {
    return this.sql("INSERT OR IGNORE INTO replication_state (name, since, detail) VALUES ('unreachable', ?, ?)").run(since, detail.slice(0, 500)).changes === 1;
  }

  /** The store answered: the outage it ends (since when, what was said), or null when none was on. */
  storeReachable(): { since: string; detail: string } | null {
    const row = this.sql("SELECT since, detail FROM replication_state WHERE name = 'unreachable'").get() as { since: string; detail: string } | undefined;
    if (!row) return null;
    return this.sql("DELETE FROM replication_state WHERE name = 'unreachable'").run().changes === 1 ? row : null;
  }

  /** Whether the store was last found unreachable, since when. */
  unreachableSince(): { since: string; detail: string } | null {
    return (this.sql("SELECT since, detail FROM replication_state WHERE name = 'unreachable'").get() as { since: string; detail: string } | undefined) ?? null;
  }

  saveReplica(r: Omit<Replica, 'removedAt'>): void {
    this.sql(
      `INSERT INTO replicas (recording_id, object_key, version_id, md5, retain_until, metadata_version_id, replicated_at)
       VALUES (@recordingId, @objectKey, @versionId, @md5, @retainUntil, @metadataVersionId, @replicatedAt)
       ON CONFLICT (recording_id) DO UPDATE SET object_key = excluded.object_key, version_id = excluded.version_id, md5 = excluded.md5,
         retain_until = excluded.retain_until, metadata_version_id = excluded.metadata_version_id, replicated_at = excluded.replicated_at`,
    ).run(r);
  }

  replica(recordingId: number): Replica | undefined {
    return this.sql(`SELECT ${REPLICA} FROM replicas WHERE recording_id = ?`).get(recordingId) as Replica | undefined;
  }

  /** Replicas in recording order, a page at a time (verify --remote). */
  replicasAfter(afterId: number, limit: number): Replica[] {
    return this.sql(`SELECT ${REPLICA} FROM replicas WHERE recording_id > ? AND removed_at IS NULL ORDER BY recording_id LIMIT ?`).all(afterId, limit) as Replica[];
  }

  /**
   * Live recordings the store has no copy of and no upload queued for (their outbox row lost, as a
   * catalogue restored from a backup loses it): silently missing from the store unless looked for.
   */
  unqueuedAfter(afterId: number, limit: number): { recordingId: number; vaultPath: string; sha256: string }[] {
    return this.sql(
      `SELECT r.id AS recordingId, r.vault_path AS vaultPath, r.sha256 FROM recordings r
       WHERE r.id > ? AND NOT EXISTS (SELECT 1 FROM replicas p WHERE p.recording_id = r.id)
         AND NOT EXISTS (SELECT 1 FROM replication_outbox o WHERE o.recording_id = r.id AND o.kind = 'put')
         AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = r.id)
       ORDER BY r.id LIMIT ?`,
    ).all(afterId, limit) as { recordingId: number; vaultPath: string; sha256: string }[];
  }

  /** Queues the first upload of those (inside the caller's transaction, which records it). */
  queuePut(recordingId: number): boolean {
    return this.sql(QUEUE_PUT).run(recordingId).changes === 1;
  }

  /** Other recordings not disposed of with these bytes: their object must stay. */
  liveTwins(recordingId: number, sha256: string): number {
    const r = this.sql(
      'SELECT count(*) AS n FROM recordings WHERE sha256 = ? AND id <> ? AND id NOT IN (SELECT recording_id FROM tombstones)',
    ).get(sha256, recordingId) as { n: number };
    return r.n;
  }

  markRemoved(recordingId: number, at: string): void {
    this.sql('UPDATE replicas SET removed_at = ? WHERE recording_id = ?').run(at, recordingId);
    this.sql('UPDATE tombstones SET store_removed_at = ? WHERE recording_id = ?').run(at, recordingId);
  }

  /** Whether this station has ever had a copy or a trail segment read back from the store. */
  sentAnything(): boolean {
    return (this.sql("SELECT EXISTS (SELECT 1 FROM replicas) OR EXISTS (SELECT 1 FROM trail_segments WHERE version_id <> '') AS sent").get() as { sent: number }).sent === 1;
  }

  /** Held recordings whose lock ends before `beforeIso`: queued for a refresh, which extends it. */
  queueRenewals(beforeIso: string): number {
    return this.sql(
      `INSERT INTO replication_outbox (kind, recording_id, queued_at)
       SELECT 'refresh', recording_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM replicas
       WHERE removed_at IS NULL AND retain_until < ? AND recording_id IN (
         SELECT recording_id FROM holds WHERE released_at IS NULL AND recording_id IS NOT NULL
         UNION SELECT cr.recording_id FROM holds h JOIN case_recordings cr ON cr.case_id = h.case_id WHERE h.released_at IS NULL)
       ON CONFLICT (kind, recording_id) DO UPDATE SET generation = generation + 1, next_try_ms = 0`,
    ).run(beforeIso).changes;
  }

  /** The last segment the store holds (read back and recorded); one reserved but not yet sent is not. */
  lastSegment(): TrailSegment | undefined {
    return this.sql(`SELECT ${SEGMENT} FROM trail_segments WHERE version_id <> '' ORDER BY first_seq DESC LIMIT 1`).get() as TrailSegment | undefined;
  }

  /**
   * The next segment to send: one reserved and not yet sent (a run that crashed after its upload, or
   * one running beside this), else a new reservation of the entries after the last one, through
   * `through` and at most `limit`. Reserved in one IMMEDIATE transaction, so every process sends the
   * same range under the same key: segments in the store never overlap. Null when nothing is left.
   */
  nextSegment(through: number, limit: number, keyOf: (firstSeq: number, lastSeq: number) => string, retainUntil: string): TrailSegment | null {
    return this.db.transaction(() => {
      const last = this.sql(`SELECT ${SEGMENT} FROM trail_segments ORDER BY first_seq DESC LIMIT 1`).get() as TrailSegment | undefined;
      if (last && last.versionId === '') return last;
      const after = last?.lastSeq ?? 0;
      if (through <= after) return null;
      const lastSeq = Math.min(through, after + limit);
      const head = this.sql('SELECT hash FROM audit_log WHERE seq = ?').get(lastSeq) as { hash: string } | undefined;
      if (!head) return null;
      const reserved: TrailSegment = { firstSeq: after + 1, lastSeq, head: head.hash, objectKey: keyOf(after + 1, lastSeq), versionId: '', retainUntil, sentAt: '' };
      this.saveSegment(reserved);
      return reserved;
    }).immediate();
  }

  /** A reserved segment, read back from the store: recorded as sent. */
  markSegmentSent(firstSeq: number, versionId: string, sentAt: string): void {
    this.sql("UPDATE trail_segments SET version_id = ?, sent_at = ? WHERE first_seq = ? AND version_id = ''").run(versionId, sentAt, firstSeq);
  }

  saveSegment(s: TrailSegment): void {
    this.sql(
      `INSERT OR IGNORE INTO trail_segments (first_seq, last_seq, head, object_key, version_id, retain_until, sent_at)
       VALUES (@firstSeq, @lastSeq, @head, @objectKey, @versionId, @retainUntil, @sentAt)`,
    ).run(s);
  }

  lag(): ReplicationLag {
    const put = this.sql(
      `SELECT count(*) AS waiting, coalesce(sum(r.size), 0) AS bytes, min(o.queued_at) AS oldestQueuedAt, min(r.local_date) AS oldestLocalDate
       FROM replication_outbox o JOIN recordings r ON r.id = o.recording_id WHERE o.kind = 'put'`,
    ).get() as Pick<ReplicationLag, 'waiting' | 'bytes' | 'oldestQueuedAt' | 'oldestLocalDate'>;
    const other = this.sql(
      `SELECT sum(kind = 'refresh') AS refreshes, sum(kind = 'dispose') AS disposals, sum(attempts > 0) AS failing FROM replication_outbox`,
    ).get() as { refreshes: number | null; disposals: number | null; failing: number | null };
    const err = this.sql('SELECT last_error AS lastError, last_error_kind AS lastErrorKind, recording_id AS lastErrorRecording FROM replication_outbox WHERE last_error IS NOT NULL ORDER BY id LIMIT 1').get() as
      | Pick<ReplicationLag, 'lastError' | 'lastErrorKind' | 'lastErrorRecording'>
      | undefined;
    const done = this.sql('SELECT count(*) AS n FROM replicas WHERE removed_at IS NULL').get() as { n: number };
    return {
      ...put,
      refreshes: other.refreshes ?? 0,
      disposals: other.disposals ?? 0,
      failing: other.failing ?? 0,
      lastError: err?.lastError ?? null,
      lastErrorKind: err?.lastErrorKind ?? null,
      lastErrorRecording: err?.lastErrorRecording ?? null,
      replicated: done.n,
    };
  }

  /** Disposals waiting on the store, with why (a lock still in force). */
  waitingDisposals(): OutboxItem[] {
    return this.sql(`SELECT ${ITEM} FROM replication_outbox WHERE kind = 'dispose' ORDER BY id`).all() as OutboxItem[];
  }
}
