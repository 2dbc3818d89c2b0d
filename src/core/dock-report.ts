/** The custodian's end-of-day facts (R12(1)) and the staffing rule (R3). Pure. */

export type DeviceStatus = 'in-service' | 'in-repair' | 'retired';
export const DEVICE_STATUSES: readonly DeviceStatus[] = ['in-service', 'in-repair', 'retired'];

/** In-service recorders with no ingest today: the ones still to collect. */
export function notDockedToday(inService: readonly string[], dockedToday: ReadonlySet<string>): string[] {
  return inService.filter((n) => !dockedToday.has(n)).sort();
}

export interface StaffingRatio {
  officers: number;
  recorders: number;
  /** Officers per in-service recorder; null with no recorder. */
  officersPerRecorder: number | null;
  /** R3: one recorder per 3 officers, per 5 for a large staff. */
  rule: string;
  meetsRule: boolean;
}

/** Where "large staff" starts is the unit's call; R3 gives no number, so it is a parameter. */
export function staffingRatio(officers: number, recorders: number, largeStaffFrom = 100): StaffingRatio {
  const perRecorder = officers >= largeStaffFrom ? 5 : 3;
  return {
    officers,
    recorders,
    officersPerRecorder: recorders ? Math.round((officers / recorders) * 100) / 100 : null,
    rule: `at least 1 recorder per ${perRecorder} officers (R3)`,
    meetsRule: recorders * perRecorder >= officers,
  };
}
