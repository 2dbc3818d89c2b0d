/** R3 per unit: active officers against in-service recorders, one per 3 officers (per 5 for a large staff). Pure. */
import { staffingRatio, type StaffingRatio } from './dock-report.js';

export type OfficerStatus = 'active' | 'transferred' | 'left';
export const OFFICER_STATUSES: readonly OfficerStatus[] = ['active', 'transferred', 'left'];

/** Where "large staff" starts when the configuration says nothing: R3 gives no number. */
export const DEFAULT_LARGE_STAFF_FROM = 100;

export interface OfficerStanding {
  unit: string | null;
  status: OfficerStatus;
  /** The local date the status holds from; null for an officer active since registered. */
  statusDate: string | null;
}

/** Counted on `date`: active, or not yet gone then (a status dated later). */
export function activeOn(o: Pick<OfficerStanding, 'status' | 'statusDate'>, date: string): boolean {
  return o.status === 'active' ? o.statusDate === null || o.statusDate <= date : o.statusDate !== null && date < o.statusDate;
}

export type UnitStaffing = StaffingRatio & { unit: string | null };

/**
 * Per unit (an officer's unit; an in-service recorder belongs to the unit of the officer holding it,
 * unassigned ones to none) and for the whole, where every in-service recorder counts.
 */
export function staffingByUnit(
  officers: readonly OfficerStanding[],
  recorderUnits: readonly (string | null)[],
  date: string,
  largeStaffFrom = DEFAULT_LARGE_STAFF_FROM,
): { total: StaffingRatio; units: UnitStaffing[] } {
  const active = officers.filter((o) => activeOn(o, date));
  const units = [...new Set([...active.map((o) => o.unit), ...recorderUnits])].sort((a, b) => (a ?? '\uffff').localeCompare(b ?? '\uffff'));
  return {
    total: staffingRatio(active.length, recorderUnits.length, largeStaffFrom),
    units: units.map((unit) => ({
      unit,
      ...staffingRatio(
        active.filter((o) => o.unit === unit).length,
        recorderUnits.filter((u) => u === unit).length,
        largeStaffFrom,
      ),
    })),
  };
}
