/** `evidence-vault status`: the dock report, plus the integrity and archive lines the custodian should see at a glance. */
import type { UnitClock } from '../core/unit-clock.js';
import type { StandingStatus } from './retention-standing.js';
import { dockStatus, type DockStatusSources, type StatusReport } from './dock-status.js';

export type FullStatus = StatusReport & { fixity: string[]; exportReminder: string | null; standingDisposal: StandingStatus | null };

export class ServiceStatus {
  constructor(
    private readonly dock: DockStatusSources,
    private readonly clock: UnitClock,
    private readonly fixityLines: () => string[],
    private readonly reminder: () => string | null,
    private readonly largeStaffFrom?: number,
    private readonly standingDisposal?: () => StandingStatus,
  ) {}

  report(): FullStatus {
    return { ...dockStatus(this.dock, this.clock, this.largeStaffFrom), fixity: this.fixityLines(), exportReminder: this.reminder(), standingDisposal: this.standingDisposal?.() ?? null };
  }
}
