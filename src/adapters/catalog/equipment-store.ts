/** SQL for recorders as fixed assets (R16): asset number, purchase date, fault and repair log, retirement requests. */
import type { Db } from './database.js';

export interface DeviceEvent {
  id: number;
  deviceNumber: string;
  kind: 'fault' | 'repaired';
  text: string;
  at: string;
  by: string;
}

export interface RetirementRequest {
  id: number;
  deviceNumber: string;
  reason: string | null;
  requestedAt: string;
  requestedBy: string;
  decision: 'approved' | 'rejected' | null;
  decidedAt: string | null;
  decidedBy: string | null;
  decisionReason: string | null;
}

const REQUEST = `id, device_number AS deviceNumber, reason, requested_at AS requestedAt, requested_by AS requestedBy, decision,
  decided_at AS decidedAt, decided_by AS decidedBy, decision_reason AS decisionReason`;

export class EquipmentStore {
  constructor(private readonly db: Db) {}

  setAsset(number: string, asset: { assetNumber?: string | null; purchasedOn?: string | null }): void {
    if (asset.assetNumber !== undefined) this.db.prepare('UPDATE devices SET asset_number = ? WHERE number = ?').run(asset.assetNumber, number);
    if (asset.purchasedOn !== undefined) this.db.prepare('UPDATE devices SET purchased_on = ? WHERE number = ?').run(asset.purchasedOn, number);
  }

  addEvent(e: Omit<DeviceEvent, 'id'>): number {
    return Number(this.db.prepare('INSERT INTO device_events (device_number, kind, text, at, by) VALUES (@deviceNumber, @kind, @text, @at, @by)').run(e).lastInsertRowid);
  }

  events(number: string): DeviceEvent[] {
    return this.db.prepare('SELECT id, device_number AS deviceNumber, kind, text, at, by FROM device_events WHERE device_number = ? ORDER BY id').all(number) as DeviceEvent[];
  }

  requestRetirement(r: { deviceNumber: string; reason: string | null; requestedAt: string; requestedBy: string }): number {
    return Number(
      this.db.prepare('INSERT INTO retirement_requests (device_number, reason, requested_at, requested_by) VALUES (@deviceNumber, @reason, @requestedAt, @requestedBy)').run(r).lastInsertRowid,
    );
  }

  pendingRetirement(number: string): RetirementRequest | undefined {
    return this.db.prepare(`SELECT ${REQUEST} FROM retirement_requests WHERE device_number = ? AND decision IS NULL`).get(number) as RetirementRequest | undefined;
  }

  retirements(number: string): RetirementRequest[] {
    return this.db.prepare(`SELECT ${REQUEST} FROM retirement_requests WHERE device_number = ? ORDER BY id`).all(number) as RetirementRequest[];
  }

  /** Decides a request still waiting; returns false when another decision got there first. */
  decideRetirement(id: number, d: { decision: 'approved' | 'rejected'; decidedAt: string; decidedBy: string; decisionReason: string | null }): boolean {
    return this.db
      .prepare('UPDATE retirement_requests SET decision = @decision, decided_at = @decidedAt, decided_by = @decidedBy, decision_reason = @decisionReason WHERE id = @id AND decision IS NULL')
      .run({ id, ...d }).changes === 1;
  }
}
