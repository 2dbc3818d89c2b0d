/**
 * The inspection's codes as the head of department reads them, Chinese with the code beside it (the
 * page and the CSV are read by people in both languages; --json keeps the codes). Pure.
 */
import type { DeviceStatus } from './dock-report.js';
import type { OfficerStatus } from './inspection-types.js';

const OFFICER: Record<OfficerStatus, string> = { active: '在岗 active', transferred: '调离 transferred', left: '离职 left' };
const DEVICE: Record<DeviceStatus, string> = { 'in-service': '在用 in service', 'in-repair': '维修中 in repair', retired: '已报废 retired' };

/** An officer's status; null: not available (the catalogue keeps none), printed as such. */
export const officerStatusText = (s: OfficerStatus | null): string | null => (s === null ? null : (OFFICER[s] ?? s));
/** A recorder's status; null: a recorder never registered that made footage. */
export const deviceStatusText = (s: DeviceStatus | null): string => (s === null ? '未登记 unregistered' : (DEVICE[s] ?? s));
export const yesNoText = (b: boolean): string => (b ? '是 yes' : '否 no');
