/** What `status` shows: the daemon, the recorders docked now and their progress, R12(1) and R3. Read-only. */
import { notDockedToday, type StaffingRatio } from '../core/dock-report.js';
import { officerAt } from '../core/assignments.js';
import { staffingByUnit, type UnitStaffing } from '../core/staffing.js';
import type { Officer } from '../core/types.js';
import type { AssignmentRow } from '../adapters/catalog/recorder-store.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DaemonState, DockActivity } from '../adapters/catalog/dock-activity-store.js';
import type { RecorderRecord } from '../adapters/catalog/recorder-store.js';

/** The daemon writes a heartbeat every 2 s; this much silence means it is gone. */
const STALE_MS = 15_000;

/** What the report reads, each from the store that holds it. */
export interface DockStatusSources {
  activity: { daemon(): DaemonState | undefined; activity(): DockActivity[] };
  recorders: { recorders(): RecorderRecord[]; assignments(deviceNumber: string): AssignmentRow[] };
  sessions: { dockedOn(localDate: string): Set<string> };
  registers: { officers(): Officer[] };
}

export interface DockedNow {
  mountPoint: string;
  deviceNumber: string | null;
  matchedBy: string | null;
  state: string;
  quarantined: boolean;
  detail: string | null;
  sessionId: number | null;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
  bytesPerSecond: number | null;
  /** Seconds its copies have said nothing (its reads hang: a failing card); null while they move. */
  stalledSeconds: number | null;
}

export interface StatusReport {
  daemon: { running: boolean; pid: number; startedAt: string; usb: string; mediaRoots: string[]; secondsSinceHeartbeat: number } | null;
  docked: DockedNow[];
  date: string;
  notDockedToday: string[];
  /** R3 over active officers and every in-service recorder. */
  staffing: StaffingRatio;
  /** R3 per unit: an in-service recorder counts for the unit of the officer holding it (unit null: unassigned or no unit). */
  staffingByUnit: UnitStaffing[];
}

export function dockStatus(sources: DockStatusSources, clock: UnitClock, largeStaffFrom?: number): StatusReport {
  const d = sources.activity.daemon();
  const now = Date.now();
  const running = Boolean(d && !d.stoppedAt && now - d.heartbeatMs < STALE_MS);
  const docked = running
    ? sources.activity.activity().map((a) => {
        const seconds = a.startedMs ? (a.updatedMs - a.startedMs) / 1000 : 0;
        return {
          mountPoint: a.mountPoint,
          deviceNumber: a.deviceNumber,
          matchedBy: a.matchedBy,
          state: a.state,
          quarantined: a.quarantined,
          detail: a.detail,
          sessionId: a.sessionId,
          files: { done: a.filesDone, total: a.filesTotal },
          bytes: { done: a.bytesDone, total: a.bytesTotal },
          bytesPerSecond: seconds > 0 ? Math.round(a.bytesDone / seconds) : null,
          stalledSeconds: (a.state === 'ingesting' || a.state === 'settling') && a.stalledSinceMs !== null ? Math.max(0, Math.round((now - a.stalledSinceMs) / 1000)) : null,
        };
      })
    : [];
  const date = clock.today();
  const inService = sources.recorders.recorders().filter((r) => r.status === 'in-service');
  const officers = sources.registers.officers();
  const unitOf = new Map(officers.map((o) => [o.id, o.unit]));
  const holderUnits = inService.map((r) => {
    const holder = officerAt(sources.recorders.assignments(r.number), now);
    return holder === null ? null : (unitOf.get(holder) ?? null);
  });
  const staffing = staffingByUnit(
    officers.map((o) => ({ unit: o.unit, status: o.status ?? 'active', statusDate: o.statusDate ?? null })),
    holderUnits,
    date,
    largeStaffFrom,
  );
  return {
    daemon: d ? { running, pid: d.pid, startedAt: d.startedAt, usb: d.usb, mediaRoots: d.mediaRoots, secondsSinceHeartbeat: Math.round((now - d.heartbeatMs) / 1000) } : null,
    docked,
    date,
    notDockedToday: notDockedToday(inService.map((r) => r.number), sources.sessions.dockedOn(date)),
    staffing: staffing.total,
    staffingByUnit: staffing.units,
  };
}
