/** The device and officer registers (R3, R8, R11): enough to name who wore what. Every change audited. */
import { errorMessage, UserError } from '../core/errors.js';
import type { Device, Officer } from '../core/types.js';
import { checkFileName, QUARANTINE_FOLDER, STAGING_FOLDER } from '../core/vault-layout.js';
import { CASE_VIEW_FOLDER } from '../core/case-view.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditTrail } from './audit-trail.js';

export class RegisterService {
  constructor(
    private readonly store: RegisterStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  addDevice(input: { number: string; brand: string; model: string; serial?: string | null }): Device {
    const check = checkFileName(input.number);
    if (!check.ok || check.sanitized || !/^[\p{L}\p{N}_.-]+$/u.test(input.number)) {
      throw new UserError(`device number "${input.number}" is not usable`, 'Use the number painted on the recorder: letters, digits, "-", "_" or ".".');
    }
    // A recorder's folder sits beside the quarantine and case-view folders of its day: never one of them.
    if ([QUARANTINE_FOLDER, CASE_VIEW_FOLDER, STAGING_FOLDER].includes(input.number)) {
      throw new UserError(`device number "${input.number}" is a folder name the vault keeps for itself / 该名称为证据库保留名称`, 'Use the number painted on the recorder.');
    }
    if (this.store.device(input.number)) throw new UserError(`device ${input.number} is already registered`, 'See: evidence-vault device list');
    if (input.serial && this.store.deviceBySerial(input.serial)) {
      throw new UserError(`USB serial ${input.serial} already belongs to device ${this.store.deviceBySerial(input.serial)!.number}`);
    }
    const device: Device = {
      number: input.number,
      brand: input.brand,
      model: input.model,
      serial: input.serial ?? null,
      createdAt: this.clock.nowIso(),
    };
    this.audit.run({ action: 'device.add', target: device.number, details: { brand: device.brand, model: device.model, serial: device.serial } }, () =>
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

function wrapConstraint(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new UserError(`register refused it: ${errorMessage(err)}`);
    throw err;
  }
}
