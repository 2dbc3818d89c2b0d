/** The inspection's summary table for the terminal (the page, CSV and JSON carry the rest). */
import type { InspectionRecord, InspectionReport, OfficerLine } from '../../core/inspection-types.js';
import { hoursText } from '../../core/inspection-html.js';
import { table } from '../output.js';
import { t } from '../language.js';
import { inspectionMessages as m } from '../messages/inspection.js';
import { recorderStatus } from '../recorder-status.js';

const n = (v: number | null) => (v === null ? t(m.notAvailable) : String(v));
const ex = (v: number | null, e: number | null) => (v === null ? t(m.notAvailable) : `${v}/${e}`);
const officer = (o: Pick<OfficerLine, 'officerId' | 'name'>) => o.name ?? t(o.officerId === null ? m.unattributed : m.notRegistered);
/** R3's number of officers per recorder, read from the rule's words (its Chinese is written here). */
const perRule = (rule: string) => /per (\d+) officers/.exec(rule)?.[1] ?? '';

export function inspectionSummary(r: InspectionReport): string {
  const T = r.totals;
  const s = r.staffing;
  const lines = [
    t(m.title, { from: r.period.from, to: r.period.to, days: r.period.days, working: r.period.workingDays, through: r.period.through }),
    '',
    table(
      [t(m.colOfficerId), t(m.colName), t(m.colFiles), t(m.colHours), t(m.colDays), t(m.colGaps), t(m.colLate), t(m.colNotDocked)],
      r.officers.map((o) => [o.officerId ?? '—', officer(o), o.recordings, hoursText(o.seconds), o.daysRecorded, ex(o.gaps, o.gapsExplained), ex(o.late, o.lateExplained), n(o.daysNotDocked)]),
    ),
    '',
    table(
      [t(m.colRecorder), t(m.colStatus), t(m.colFiles), t(m.colHours), t(m.colDocked), t(m.colNotDocked), t(m.colClock)],
      r.devices.map((d) => [d.deviceNumber ?? t(m.unknownRecorder), d.status === null ? t(m.unregistered) : recorderStatus(d.status), d.recordings, hoursText(d.seconds), d.daysDocked, n(d.daysNotDocked), n(d.clockDrift)]),
    ),
    '',
    t(m.totals, { files: T.recordings, hours: hoursText(T.seconds), gaps: ex(T.gaps, T.gapsExplained), late: ex(T.late, T.lateExplained), notDocked: n(T.daysNotDocked), repair: T.devicesInRepair, drift: n(T.devicesWithClockDrift) }),
    t(m.staffing, { officers: s.activeOfficers ?? s.officers, recorders: s.recorders, per: String(s.officersPerRecorder ?? '—'), rule: s.rule, perRule: perRule(s.rule), met: s.meetsRule }),
    ...r.units.map((u) => t(m.unitLine, { name: u.unit, officers: u.activeOfficers ?? u.officers, recorders: u.recorders, met: u.staffing.meetsRule })),
    t(m.exemptions, { exemptions: r.exemptions === null ? t(m.notAvailable) : String(r.exemptions.length), cases: r.cases === null ? t(m.notAvailable) : String(r.cases.length) }),
    previousLine(r.previousInspection),
  ];
  const missing = Object.entries(r.notAvailable);
  if (missing.length) lines.push('', t(m.missing), ...missing.map(([k, why]) => `  ${k}: ${why}`));
  return lines.join('\n');
}

/** The previous inspection's line; `closing` for the inspection whose action was just closed. */
export function previousLine(p: InspectionRecord | null, closing = false): string {
  if (!p) return t(m.noPrevious);
  const open = p.actions.filter((a) => !a.closedAt);
  return t(closing ? m.closedPrevious : m.previous, {
    period: p.period,
    name: p.inspector,
    closed: p.actions.length - open.length,
    all: p.actions.length,
    open: open.map((a) => `${p.id}.${a.no} ${a.text}`).join('; '),
  });
}
