/**
 * The checks on recordings a superior's inspection looks at first (issue 13): gaps (R5, P16), late
 * storage (P25), recorder clocks. One object for the entry points and the inspection report, which
 * takes its per-officer and per-recorder counts from `period`.
 */
import { UserError } from '../core/errors.js';
import type { Device } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DockOffsetRow } from '../adapters/catalog/recording-checks-store.js';
import type { GapService } from './gaps.js';
import type { LateStorageService } from './late-storage.js';

export interface CheckCounts {
  gaps: number;
  gapsExplained: number;
  late: number;
  /** Late stores whose explanation excuses them. */
  lateExplained: number;
}

export interface PeriodChecks {
  byOfficer: Map<string, CheckCounts>;
  byDevice: Map<string, CheckCounts>;
}

/** A recorder's apparent clock offset at one dock (`device drift`). */
export interface DockOffsetView {
  sessionId: number;
  deviceNumber: string;
  dockedAt: string;
  newestRecordingId: number;
  newestEndedAt: string;
  offsetSeconds: number;
  files: number;
}

export interface DriftDeps {
  offsets(deviceNumber?: string): DockOffsetRow[];
  device(number: string): Device | undefined;
}

const zero = (): CheckCounts => ({ gaps: 0, gapsExplained: 0, late: 0, lateExplained: 0 });

export class RecordingChecks {
  constructor(
    readonly gaps: GapService,
    readonly late: LateStorageService,
    private readonly drift: DriftDeps,
    private readonly clock: UnitClock,
  ) {}

  /** Gaps and late stores of recordings in [fromMs, toMs), counted per officer and per recorder. */
  period(fromMs: number, toMs: number): PeriodChecks {
    const byOfficer = new Map<string, CheckCounts>();
    const byDevice = new Map<string, CheckCounts>();
    const bump = (officer: string | null, device: string | null, f: (c: CheckCounts) => void) => {
      if (officer !== null) f(byOfficer.get(officer) ?? byOfficer.set(officer, zero()).get(officer)!);
      if (device !== null) f(byDevice.get(device) ?? byDevice.set(device, zero()).get(device)!);
    };
    const explained = this.gaps.explanations();
    for (const g of this.gaps.found({ fromMs, toMs })) {
      const ok = explained.has(g.id);
      bump(g.officerId, g.deviceNumber, (c) => {
        c.gaps++;
        if (ok) c.gapsExplained++;
      });
    }
    for (const l of this.late.list({ fromMs, toMs })) {
      bump(l.officerId, l.deviceNumber, (c) => {
        c.late++;
        if (!l.unexplained) c.lateExplained++;
      });
    }
    return { byOfficer, byDevice };
  }

  /** Each dock's apparent offset of a recorder's clock (all recorders when none is named), oldest first. */
  offsets(deviceNumber?: string): DockOffsetView[] {
    if (deviceNumber !== undefined && !this.drift.device(deviceNumber)) throw new UserError({ zh: `记录仪 ${deviceNumber} 未登记`, en: `recorder ${deviceNumber} is not registered` }, { zh: '查看记录仪：evidence-vault device list', en: 'See: evidence-vault device list' });
    return this.drift.offsets(deviceNumber).map((o) => ({
      sessionId: o.sessionId,
      deviceNumber: o.deviceNumber,
      dockedAt: o.dockedAt,
      newestRecordingId: o.newestRecordingId,
      newestEndedAt: this.clock.iso(new Date(o.newestEndMs)),
      offsetSeconds: o.offsetSeconds,
      files: o.files,
    }));
  }
}
