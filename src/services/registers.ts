/** The device and officer registers (R3, R8, R11): enough to name who wore what. Every change audited. */
import { errorMessage, UserError } from '../core/errors.js';
import type { Device, Officer } from '../core/types.js';
import { checkFileName, QUARANTINE_FOLDER, STAGING_FOLDER } from '../core/vault-layout.js';
import { CASE_VIEW_FOLDER } from '../core/case-view.js';
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
      throw new UserError(
        { zh: `执法记录仪编号“${input.number}”不可用`, en: `device number "${input.number}" is not usable` },
        { zh: '请使用记录仪上标注的编号：字母、数字、"-"、"_" 或 "."。', en: 'Use the number painted on the recorder: letters, digits, "-", "_" or ".".' },
      );
    }
    // A recorder's folder sits beside the quarantine and case-view folders of its day: never one of them.
    if ([QUARANTINE_FOLDER, CASE_VIEW_FOLDER, STAGING_FOLDER].includes(input.number)) {
      throw new UserError(
        { zh: `执法记录仪编号“${input.number}”是音像资料库保留的目录名`, en: `device number "${input.number}" is a folder name the vault keeps for itself` },
        { zh: '请使用记录仪上标注的编号。', en: 'Use the number painted on the recorder.' },
      );
    }
    if (this.store.device(input.number)) throw new UserError({ zh: `执法记录仪 ${input.number} 已登记`, en: `device ${input.number} is already registered` }, { zh: '查看记录仪：evidence-vault device list', en: 'See: evidence-vault device list' });
    if (input.serial && this.store.deviceBySerial(input.serial)) {
      const owner = this.store.deviceBySerial(input.serial)!.number;
      throw new UserError({ zh: `USB 序列号 ${input.serial} 已属于执法记录仪 ${owner}`, en: `USB serial ${input.serial} already belongs to device ${owner}` });
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
    if (!input.id.trim() || !input.name.trim()) throw new UserError({ zh: '登记民警须有警号和姓名', en: 'an officer needs an id (badge number) and a name' });
    if (this.store.officer(input.id)) throw new UserError({ zh: `民警 ${input.id} 已登记`, en: `officer ${input.id} is already registered` }, { zh: '查看民警：evidence-vault officer list', en: 'See: evidence-vault officer list' });
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
  if (input.assetNumber !== undefined && input.assetNumber !== null && !asset) throw new UserError({ zh: '资产编号为空', en: 'the asset number is empty' }, { zh: '请给出资产标签上的编号：--asset-number ZC-2026-001', en: 'Give the number on the asset label: --asset-number ZC-2026-001' });
  const other = asset ? store.deviceByAssetNumber(asset) : undefined;
  if (other && other.number !== input.number) throw new UserError(
      { zh: `资产编号 ${asset} 已属于执法记录仪 ${other.number}`, en: `asset number ${asset} already belongs to recorder ${other.number}` },
      { zh: `查看：evidence-vault device show ${other.number}`, en: 'See: evidence-vault device show ' + other.number },
    );
  if (input.purchased != null && (!isLocalDate(input.purchased) || input.purchased > today)) {
    throw new UserError({ zh: `购置日期“${input.purchased}”无效`, en: `"${input.purchased}" is not a purchase date` }, { zh: '请用 YYYY-MM-DD，且不晚于今天。', en: 'Use YYYY-MM-DD, not later than today.' });
  }
}

function wrapConstraint(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new UserError({ zh: `登记被拒绝：${errorMessage(err)}`, en: `register refused it: ${errorMessage(err)}` });
    throw err;
  }
}
