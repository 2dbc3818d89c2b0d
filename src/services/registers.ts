/** The device and officer registers (R3, R8, R11): enough to name who wore what. Every change audited. */
import { errorMessage, UserError } from '../core/errors.js';
import type { Device, Officer } from '../core/types.js';
import { checkFileName } from '../core/vault-layout.js';
import { isLocalDate } from '../core/working-days.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditTrail } from './audit-trail.js';

export class RegisterService {
  constructor(
    private readonly store: RegisterStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  addDevice(input: { number: string; brand: string; model: string; serial?: string | null; assetNumber?: string | null; purchased?: string | null }): Device {
    const check = checkFileName(input.number);
    if (!check.ok || check.sanitized || !/^[\p{L}\p{N}_.-]+$/u.test(input.number)) {
      throw new UserError(`device number "${input.number}" is not usable`, 'Use the number painted on the recorder: letters, digits, "-", "_" or ".".');
    }
    if (this.store.device(input.number)) throw new UserError(`device ${input.number} is already registered`, 'See: evidence-vault device list');
    if (input.serial && this.store.deviceBySerial(input.serial)) {
      throw new UserError(`USB serial ${input.serial} already belongs to device ${this.store.deviceBySerial(input.serial)!.number}`);
    }
    checkAsset(input, this.store, this.clock.today());
    const device: Device = {
      number: input.number,
      brand: input.brand,
      model: input.model,
      serial: input.serial ?? null,
      createdAt: this.clock.nowIso(),
      assetNumber: input.assetNumber?.trim() || null,
      purchasedOn: input.purchased ?? null,
    };
    const details = { brand: device.brand, model: device.model, serial: device.serial, assetNumber: device.assetNumber, purchasedOn: device.purchasedOn };
    this.audit.run({ action: 'device.add', target: device.number, details }, () =>
      wrapConstraint(() => this.store.addDevice(device)),
    );
    return device;
  }

  addOfficer(input: { id: string; name: string; unit?: string | null }): Officer {
    if (!input.id.trim() || !input.name.trim()) throw new UserError('an officer needs an id (警号) and a name');
    if (this.store.officer(input.id)) throw new UserError(`officer ${input.id} is already registered`, 'See: evidence-vault officer list');
    const officer: Officer = { id: input.id, name: input.name, unit: input.unit ?? null, createdAt: this.clock.nowIso() };
    this.audit.run({ action: 'officer.add', target: officer.id, details: { name: officer.name, unit: officer.unit } }, () =>
      wrapConstraint(() => this.store.addOfficer(officer)),
    );
    return officer;
  }

  devices(): Device[] {
    return this.store.devices();
  }

  officers(): Officer[] {
    return this.store.officers();
  }
}

/** R16: an asset number is the unit's and names one recorder; a purchase date is a real day, not in the future. */
export function checkAsset(
  input: { number: string; assetNumber?: string | null; purchased?: string | null },
  store: { deviceByAssetNumber(a: string): Device | undefined },
  today: string,
): void {
  const asset = input.assetNumber?.trim();
  if (input.assetNumber !== undefined && input.assetNumber !== null && !asset) throw new UserError('资产编号为空 / the asset number is empty', 'Give the number on the asset label: --asset-number ZC-2026-001');
  const other = asset ? store.deviceByAssetNumber(asset) : undefined;
  if (other && other.number !== input.number) throw new UserError(`资产编号 ${asset} 已属于记录仪 ${other.number} / asset number ${asset} already belongs to recorder ${other.number}`, 'See: evidence-vault device show ' + other.number);
  if (input.purchased != null && (!isLocalDate(input.purchased) || input.purchased > today)) {
    throw new UserError(`购置日期 "${input.purchased}" 无效 / "${input.purchased}" is not a purchase date`, 'Use YYYY-MM-DD, not later than today.');
  }
}

function wrapConstraint(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new UserError(`register refused it: ${errorMessage(err)}`);
    throw err;
  }
}
