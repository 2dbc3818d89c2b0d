/** SQL for the device and officer registers (R3, R8, R11). */
import type { Device, Officer } from '../../core/types.js';
import type Database from 'better-sqlite3';
import { statementCache, type Db } from './database.js';
import { toDevice, type DeviceRow } from './device-row.js';

interface OfficerRow {
  id: string;
  name: string;
  unit: string | null;
  created_at: string;
  status: 'active' | 'transferred' | 'left';
  status_date: string | null;
}

const toOfficer = (r: OfficerRow): Officer => ({ id: r.id, name: r.name, unit: r.unit, createdAt: r.created_at, status: r.status, statusDate: r.status_date });

export class RegisterStore {
  constructor(private readonly db: Db) {}

  private statements?: (sql: string) => Database.Statement;
  /** Each SQL compiled once per connection (database.ts). */
  private sql(sql: string): Database.Statement {
    return (this.statements ??= statementCache(this.db))(sql);
  }

  addDevice(d: Device): void {
    this.sql('INSERT INTO devices (number, brand, model, serial, created_at, asset_number, purchased_on) VALUES (@number, @brand, @model, @serial, @createdAt, @assetNumber, @purchasedOn)')
      .run({ assetNumber: null, purchasedOn: null, ...d });
  }

  device(number: string): Device | undefined {
    const r = this.sql('SELECT * FROM devices WHERE number = ?').get(number) as DeviceRow | undefined;
    return r && toDevice(r);
  }

  deviceBySerial(serial: string): Device | undefined {
    const r = this.sql('SELECT * FROM devices WHERE serial = ?').get(serial) as DeviceRow | undefined;
    return r && toDevice(r);
  }

  devices(): Device[] {
    return (this.sql('SELECT * FROM devices ORDER BY number').all() as DeviceRow[]).map(toDevice);
  }

  addOfficer(o: Officer): void {
    this.sql('INSERT INTO officers (id, name, unit, created_at) VALUES (@id, @name, @unit, @createdAt)').run({ id: o.id, name: o.name, unit: o.unit, createdAt: o.createdAt });
  }

  officer(id: string): Officer | undefined {
    const r = this.sql('SELECT * FROM officers WHERE id = ?').get(id) as OfficerRow | undefined;
    return r && toOfficer(r);
  }

  officers(): Officer[] {
    return (this.sql('SELECT * FROM officers ORDER BY id').all() as OfficerRow[]).map(toOfficer);
  }

  deviceByAssetNumber(assetNumber: string): Device | undefined {
    const r = this.sql('SELECT * FROM devices WHERE asset_number = ?').get(assetNumber) as DeviceRow | undefined;
    return r && toDevice(r);
  }

  officerCount(): number {
    return (this.sql('SELECT count(*) AS n FROM officers').get() as { n: number }).n;
  }
}
