/** SQL for what the dock daemon is doing, shared with `status` in another process: its heartbeat and each docked volume's progress. */
import type { Db } from './database.js';

export type DockState = 'settling' | 'ingesting' | 'done' | 'failed' | 'waiting';

export interface DockActivity {
  mountPoint: string;
  mountId: number;
  deviceNumber: string | null;
  matchedBy: string | null;
  state: DockState;
  quarantined: boolean;
  detail: string | null;
  sessionId: number | null;
  filesTotal: number;
  filesDone: number;
  bytesTotal: number;
  bytesDone: number;
  dockedAt: string;
  startedMs: number | null;
  updatedMs: number;
  /** Since when its copies have said nothing (its reads hang: a failing card); null while they move. */
  stalledSinceMs: number | null;
}

export interface DaemonState {
  pid: number;
  startedAt: string;
  heartbeatMs: number;
  usb: string;
  mediaRoots: string[];
  stoppedAt: string | null;
}

export class DockActivityStore {
  constructor(private readonly db: Db) {}

  putActivity(a: DockActivity): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO dock_activity (mount_point, mount_id, device_number, matched_by, state, quarantined, detail, session_id,
           files_total, files_done, bytes_total, bytes_done, docked_at, started_ms, updated_ms, stalled_since_ms)
         VALUES (@mountPoint, @mountId, @deviceNumber, @matchedBy, @state, @quarantined, @detail, @sessionId,
           @filesTotal, @filesDone, @bytesTotal, @bytesDone, @dockedAt, @startedMs, @updatedMs, @stalledSinceMs)`,
      )
      .run({ ...a, quarantined: a.quarantined ? 1 : 0 });
  }

  /** Several docks' progress in one transaction (one commit, one flush of the catalogue). */
  putActivities(list: readonly DockActivity[]): void {
    if (!list.length) return;
    this.db.transaction(() => {
      for (const a of list) this.putActivity(a);
    }).immediate();
  }

  removeActivity(mountPoint: string, mountId: number): void {
    this.db.prepare('DELETE FROM dock_activity WHERE mount_point = ? AND mount_id = ?').run(mountPoint, mountId);
  }

  clearActivity(): void {
    this.db.prepare('DELETE FROM dock_activity').run();
  }

  activity(): DockActivity[] {
    const rows = this.db.prepare('SELECT * FROM dock_activity ORDER BY docked_at, mount_point').all() as Record<string, unknown>[];
    return rows.map((r) => ({
      mountPoint: r.mount_point as string,
      mountId: r.mount_id as number,
      deviceNumber: r.device_number as string | null,
      matchedBy: r.matched_by as string | null,
      state: r.state as DockState,
      quarantined: r.quarantined === 1,
      detail: r.detail as string | null,
      sessionId: r.session_id as number | null,
      filesTotal: r.files_total as number,
      filesDone: r.files_done as number,
      bytesTotal: r.bytes_total as number,
      bytesDone: r.bytes_done as number,
      dockedAt: r.docked_at as string,
      startedMs: r.started_ms as number | null,
      updatedMs: r.updated_ms as number,
      stalledSinceMs: (r.stalled_since_ms as number | null) ?? null,
    }));
  }

  putDaemon(s: DaemonState): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO daemon_state (id, pid, started_at, heartbeat_ms, usb, media_roots, stopped_at)
         VALUES (1, @pid, @startedAt, @heartbeatMs, @usb, @mediaRoots, @stoppedAt)`,
      )
      .run({ ...s, mediaRoots: JSON.stringify(s.mediaRoots) });
  }

  heartbeat(pid: number, ms: number): void {
    this.db.prepare('UPDATE daemon_state SET heartbeat_ms = ? WHERE id = 1 AND pid = ?').run(ms, pid);
  }

  markStopped(pid: number, at: string): void {
    this.db.prepare('UPDATE daemon_state SET stopped_at = ? WHERE id = 1 AND pid = ?').run(at, pid);
  }

  daemon(): DaemonState | undefined {
    const r = this.db.prepare('SELECT * FROM daemon_state WHERE id = 1').get() as Record<string, unknown> | undefined;
    if (!r) return undefined;
    return {
      pid: r.pid as number,
      startedAt: r.started_at as string,
      heartbeatMs: r.heartbeat_ms as number,
      usb: r.usb as string,
      mediaRoots: JSON.parse(r.media_roots as string) as string[],
      stoppedAt: r.stopped_at as string | null,
    };
  }
}
