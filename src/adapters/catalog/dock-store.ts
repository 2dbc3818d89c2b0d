/** SQL for the recorder lifecycle (status, serial, volume rule, assignments) and the dock daemon's shared state. */
import type { Assignment } from '../../core/assignments.js';
import type { DeviceStatus } from '../../core/dock-report.js';
import { formatVolumeRule, parseVolumeRule, type VolumeRule } from '../../core/recorder-match.js';
import type { Db } from './database.js';

export interface RecorderRecord {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  status: DeviceStatus;
  volumeRule: VolumeRule | null;
}

export interface AssignmentRow extends Assignment {
  id: number;
  fromAt: string;
  toAt: string | null;
  assignedBy: string;
}

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
}

export interface DaemonState {
  pid: number;
  startedAt: string;
  heartbeatMs: number;
  usb: string;
  mediaRoots: string[];
  stoppedAt: string | null;
}

interface RecorderRow {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  status: DeviceStatus;
  volume_rule: string | null;
}

const toRecorder = (r: RecorderRow): RecorderRecord => ({
  number: r.number,
  brand: r.brand,
  model: r.model,
  serial: r.serial,
  status: r.status,
  volumeRule: r.volume_rule ? parseVolumeRule(r.volume_rule) : null,
});

export class DockStore {
  constructor(private readonly db: Db) {}

  // ---- recorder lifecycle ----

  recorders(): RecorderRecord[] {
    return (this.db.prepare('SELECT number, brand, model, serial, status, volume_rule FROM devices ORDER BY number').all() as RecorderRow[]).map(toRecorder);
  }

  recorder(number: string): RecorderRecord | undefined {
    const r = this.db.prepare('SELECT number, brand, model, serial, status, volume_rule FROM devices WHERE number = ?').get(number) as RecorderRow | undefined;
    return r && toRecorder(r);
  }

  setStatus(number: string, status: DeviceStatus): void {
    this.db.prepare('UPDATE devices SET status = ? WHERE number = ?').run(status, number);
  }

  setSerial(number: string, serial: string | null): void {
    this.db.prepare('UPDATE devices SET serial = ? WHERE number = ?').run(serial, number);
  }

  setVolumeRule(number: string, rule: VolumeRule | null): void {
    this.db.prepare('UPDATE devices SET volume_rule = ? WHERE number = ?').run(rule ? formatVolumeRule(rule) : null, number);
  }

  assignments(deviceNumber: string): AssignmentRow[] {
    const rows = this.db
      .prepare('SELECT * FROM device_assignments WHERE device_number = ? ORDER BY from_ms, id')
      .all(deviceNumber) as { id: number; device_number: string; officer_id: string; from_at: string; from_ms: number; to_at: string | null; to_ms: number | null; assigned_by: string }[];
    return rows.map((r) => ({ id: r.id, deviceNumber: r.device_number, officerId: r.officer_id, fromMs: r.from_ms, toMs: r.to_ms, fromAt: r.from_at, toAt: r.to_at, assignedBy: r.assigned_by }));
  }

  /** End the running assignment of a recorder, if any. */
  closeOpenAssignment(deviceNumber: string, toAt: string, toMs: number): number {
    return this.db.prepare('UPDATE device_assignments SET to_at = ?, to_ms = ? WHERE device_number = ? AND to_ms IS NULL').run(toAt, toMs, deviceNumber).changes;
  }

  addAssignment(a: { deviceNumber: string; officerId: string; fromAt: string; fromMs: number; assignedBy: string }): number {
    const info = this.db
      .prepare('INSERT INTO device_assignments (device_number, officer_id, from_at, from_ms, assigned_by) VALUES (@deviceNumber, @officerId, @fromAt, @fromMs, @assignedBy)')
      .run(a);
    return Number(info.lastInsertRowid);
  }

  /** Registered in-service recorders with an ingest session started on `localDate` (YYYY-MM-DD, unit zone). */
  dockedOn(localDate: string): Set<string> {
    const rows = this.db
      .prepare("SELECT DISTINCT device_number AS n FROM ingest_sessions WHERE device_number IS NOT NULL AND substr(started_at, 1, 10) = ?")
      .all(localDate) as { n: string }[];
    return new Set(rows.map((r) => r.n));
  }

  officerCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM officers').get() as { n: number }).n;
  }

  // ---- daemon state, shared with `status` ----

  putActivity(a: DockActivity): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO dock_activity (mount_point, mount_id, device_number, matched_by, state, quarantined, detail, session_id,
           files_total, files_done, bytes_total, bytes_done, docked_at, started_ms, updated_ms)
         VALUES (@mountPoint, @mountId, @deviceNumber, @matchedBy, @state, @quarantined, @detail, @sessionId,
           @filesTotal, @filesDone, @bytesTotal, @bytesDone, @dockedAt, @startedMs, @updatedMs)`,
      )
      .run({ ...a, quarantined: a.quarantined ? 1 : 0 });
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
