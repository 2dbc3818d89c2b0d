/** The one row type of the `devices` table: the register adds and looks up devices, the recorder store keeps their lifecycle. */
import type { DeviceStatus } from '../../core/dock-report.js';
import type { Device } from '../../core/types.js';

export interface DeviceRow {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  status: DeviceStatus;
  volume_rule: string | null;
  created_at: string;
  asset_number: string | null;
  purchased_on: string | null;
}

export const toDevice = (r: DeviceRow): Device => ({ number: r.number, brand: r.brand, model: r.model, serial: r.serial, createdAt: r.created_at, assetNumber: r.asset_number, purchasedOn: r.purchased_on });
