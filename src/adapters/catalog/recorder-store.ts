/** SQL for the recorders over their life (status, USB serial, volume rule) and who wore them when (R8, R10, R16). */
import type { Assignment } from '../../core/assignments.js';
import type { DeviceStatus } from '../../core/dock-report.js';
import { formatVolumeRule, parseVolumeRule, type VolumeRule } from '../../core/recorder-match.js';
import type Database from 'better-sqlite3';
import { statementCache, type Db } from './database.js';
import type { DeviceRow } from './device-row.js';

export interface RecorderRecord {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  status: DeviceStatus;
  volumeRule: VolumeRule | null;
  assetNumber: string | null;
  purchasedOn: string | null;
}

export interface AssignmentRow extends Assignment {
  id: number;
  fromAt: string;
  toAt: string | null;
  assignedBy: string;
}

const toRecorder = (r: DeviceRow): RecorderRecord => ({
  number: r.number,
  brand: r.brand,
  model: r.model,
  serial: r.serial,
  status: r.status,
  volumeRule: r.volume_rule ? parseVolumeRule(r.volume_rule) : null,
  assetNumber: r.asset_number,
  purchasedOn: r.purchased_on,
});

export class RecorderStore {
  constructor(private readonly db: Db) {}

  private statements?: (sql: string) => Database.Statement;
  /** Each SQL compiled once per connection (database.ts). */
  private sql(sql: string): Database.Statement {
    return (this.statements ??= statementCache(this.db))(sql);
  }

  recorders(): RecorderRecord[] {
    return (this.sql('SELECT * FROM devices ORDER BY number').all() as DeviceRow[]).map(toRecorder);
  }

  recorder(number: string): RecorderRecord | undefined {
    const r = this.sql('SELECT * FROM devices WHERE number = ?').get(number) as DeviceRow | undefined;
    return r && toRecorder(r);
  }

  setStatus(number: string, status: DeviceStatus): void {
    this.sql('UPDATE devices SET status = ? WHERE number = ?').run(status, number);
  }

  setSerial(number: string, serial: string | null): void {
    this.sql('UPDATE devices SET serial = ? WHERE number = ?').run(serial, number);
  }

  setVolumeRule(number: string, rule: VolumeRule | null): void {
    this.sql('UPDATE devices SET volume_rule = ? WHERE number = ?').run(rule ? formatVolumeRule(rule) : null, number);
  }

  assignments(deviceNumber: string): AssignmentRow[] {
    const rows = this.sql('SELECT * FROM device_assignments WHERE device_number = ? ORDER BY from_ms, id')
      .all(deviceNumber) as { id: number; device_number: string; officer_id: string; from_at: string; from_ms: number; to_at: string | null; to_ms: number | null; assigned_by: string }[];
    return rows.map((r) => ({ id: r.id, deviceNumber: r.device_number, officerId: r.officer_id, fromMs: r.from_ms, toMs: r.to_ms, fromAt: r.from_at, toAt: r.to_at, assignedBy: r.assigned_by }));
  }

  /** End the running assignment of a recorder, if any. */
  closeOpenAssignment(deviceNumber: string, toAt: string, toMs: number): number {
    return this.sql('UPDATE device_assignments SET to_at = ?, to_ms = ? WHERE device_number = ? AND to_ms IS NULL').run(toAt, toMs, deviceNumber).changes;
  }

  addAssignment(a: { deviceNumber: string; officerId: string; fromAt: string; fromMs: number; assignedBy: string }): number {
    const info = this.sql('INSERT INTO device_assignments (device_number, officer_id, from_at, from_ms, assigned_by) VALUES (@deviceNumber, @officerId, @fromAt, @fromMs, @assignedBy)')
      .run(a);
    return Number(info.lastInsertRowid);
  }
}
