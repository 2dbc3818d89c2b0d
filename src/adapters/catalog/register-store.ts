/** SQL for the device and officer registers (R3, R8, R11). */
import type { Device, Officer } from '../../core/types.js';
import type { Db } from './database.js';
import { toDevice, type DeviceRow } from './device-row.js';

interface OfficerRow {
  id: string;
  name: string;
  unit: string | null;
  created_at: string;
}

const toOfficer = (r: OfficerRow): Officer => ({ id: r.id, name: r.name, unit: r.unit, createdAt: r.created_at });

export class RegisterStore {
  constructor(private readonly db: Db) {}

  addDevice(d: Device): void {
    this.db
      .prepare('INSERT INTO devices (number, brand, model, serial, created_at) VALUES (@number, @brand, @model, @serial, @createdAt)')
      .run(d);
  }

  device(number: string): Device | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE number = ?').get(number) as DeviceRow | undefined;
    return r && toDevice(r);
  }

  deviceBySerial(serial: string): Device | undefined {
    const r = this.db.prepare('SELECT * FROM devices WHERE serial = ?').get(serial) as DeviceRow | undefined;
    return r && toDevice(r);
  }

  devices(): Device[] {
    return (this.db.prepare('SELECT * FROM devices ORDER BY number').all() as DeviceRow[]).map(toDevice);
  }

  addOfficer(o: Officer): void {
    this.db.prepare('INSERT INTO officers (id, name, unit, created_at) VALUES (@id, @name, @unit, @createdAt)').run(o);
  }

  officer(id: string): Officer | undefined {
    const r = this.db.prepare('SELECT * FROM officers WHERE id = ?').get(id) as OfficerRow | undefined;
    return r && toOfficer(r);
  }

  officers(): Officer[] {
    return (this.db.prepare('SELECT * FROM officers ORDER BY id').all() as OfficerRow[]).map(toOfficer);
  }

  officerCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM officers').get() as { n: number }).n;
  }
}
