/** What `central index|report|search` print for a person (--json prints the values themselves). */
import type { CentralReport, CentralTrailStatus } from '../../core/central-report.js';
import { hoursText } from '../../core/inspection-html.js';
import type { TrailProblem } from '../../core/trail-continuity.js';
import type { IndexSummary } from '../../services/central-index.js';
import type { SearchResult } from '../../services/central-report.js';
import { t } from '../language.js';
import { table } from '../output.js';
import { centralMessages as m } from '../messages/central.js';
import { levelName } from './classified-rows.js';

const SHOWN_PROBLEMS = 10;

function problemLines(problems: readonly TrailProblem[], count = problems.length): string[] {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => t(m.trailProblem, { seq: p.seq, kind: p.kind, segment: p.segment }));
  if (count > SHOWN_PROBLEMS) lines.push(t(m.moreProblems, { count: count - SHOWN_PROBLEMS }));
  return lines;
}

export function indexSummaryText(s: IndexSummary): string {
  if (s.stations.length === 0) return t(m.noStations);
  const lines: string[] = [];
  for (const st of s.stations) {
    lines.push(t(m.indexStation, { station: st.station, listed: st.objectsListed, read: st.objectsRead, recordings: st.recordings, recordingsRead: st.recordingsRead, fromDigests: st.recordingsFromDigests, segments: st.segments, invalid: st.invalid }));
    if (st.trail.ok) lines.push(t(m.trailIntact, { entries: st.trail.entries, seq: st.trail.head?.seq ?? null }));
    else lines.push(t(m.trailBroken, { count: st.trail.problems }), ...problemLines(st.trail.firstProblem ? [st.trail.firstProblem] : [], 1));
  }
  const T = s.totals;
  lines.push('', t(m.indexTotals, { stations: T.stations, listed: T.objectsListed, read: T.objectsRead, recordings: T.recordings, segments: T.segments, invalid: T.invalid, broken: T.trailsBroken, seconds: s.seconds.toFixed(1) }));
  return lines.join('\n');
}

function trailCell(trail: CentralTrailStatus | null): string {
  if (!trail) return t(m.trailNone);
  return trail.ok ? t(m.trailOk, { seq: trail.head?.seq ?? 0 }) : t(m.trailBad, { seq: trail.problems[0]?.seq ?? 0 });
}

export function reportText(r: CentralReport): string {
  const name = (o: { officerId: string | null; name: string | null }) => o.name ?? t(o.officerId === null ? m.unattributed : m.notRegistered);
  const lines = [
    t(m.reportTitle, { from: r.period.from, to: r.period.to, stations: r.totals.stations }),
    '',
    table(
      [t(m.colStation), t(m.colUnit), t(m.colFiles), t(m.colHours), t(m.colDays), t(m.colDisposed), t(m.colTrail), t(m.colIndexed)],
      r.stations.map((s) => [s.station, s.unit ?? '—', s.recordings, hoursText(s.seconds), s.daysRecorded, s.disposed, trailCell(s.trail), s.lastIndexedAt ?? '—']),
    ),
    '',
    table(
      [t(m.colStation), t(m.colUnit), t(m.colOfficers), t(m.colFiles), t(m.colHours), t(m.colDays)],
      r.units.map((u) => [u.station, u.unit ?? t(m.noUnit), u.officers, u.recordings, hoursText(u.seconds), u.daysRecorded]),
    ),
    '',
    table(
      [t(m.colStation), t(m.colOfficerId), t(m.colName), t(m.colUnit), t(m.colFiles), t(m.colHours), t(m.colDays)],
      r.officers.map((o) => [o.station, o.officerId ?? '—', name(o), o.unit ?? '—', o.recordings, hoursText(o.seconds), o.daysRecorded]),
    ),
    '',
    table(
      [t(m.colStation), t(m.colRecorder), t(m.colFiles), t(m.colHours), t(m.colDays), t(m.colClock)],
      r.recorders.map((d) => [d.station, d.recorder ?? t(m.unknownRecorder), d.recordings, hoursText(d.seconds), d.daysRecorded, d.clockFlagged]),
    ),
    '',
    t(m.reportTotals, { stations: r.totals.stations, files: r.totals.recordings, hours: hoursText(r.totals.seconds), days: r.totals.daysRecorded, disposed: r.totals.disposed, broken: r.totals.trailsBroken }),
  ];
  const broken = r.stations.filter((s) => s.trail && !s.trail.ok);
  if (broken.length) {
    lines.push('', t(m.trailsTitle));
    for (const s of broken) lines.push(`  ${s.station}`, t(m.trailBroken, { count: s.trail!.problems.length }), ...problemLines(s.trail!.problems));
  }
  lines.push('', t(m.notAvailableLine));
  return lines.join('\n');
}

export function searchText(r: SearchResult): string {
  const leftOut = r.secretLeftOut ? ['', t(m.secretLeftOut, { count: r.secretLeftOut })] : [];
  if (r.recordings.length === 0) return [t(m.noneFound), ...leftOut].join('\n');
  const rows = r.recordings.map((h) =>
    'hidden' in h ? [h.station, h.recordingId, h.localDate, '', '', '', '', '', t(m.secretHidden, { level: levelName(h.level) })] : [
    h.station,
    h.recordingId,
    h.startedAt.replace('T', ' ').slice(0, 19),
    h.durationSeconds === null ? '—' : (h.durationSeconds / 60).toFixed(1),
    h.recorder ?? '—',
    h.officerId ?? '—',
    h.officerName ?? '',
    h.cases.join(' '),
    `${h.originalName}${h.disposedAt ? ` ${t(m.disposedMark)}` : ''}`,
  ]);
  const hidden = r.recordings.filter((h) => 'hidden' in h).length;
  const head = [t(m.colStation), t(m.colRecording), t(m.colStart), t(m.colMinutes), t(m.colRecorder), t(m.colOfficerId), t(m.colName), t(m.colCases), t(m.colFile)];
  return [
    table(head, rows),
    '',
    r.more ? t(m.more, { count: r.recordings.length }) : t(m.found, { count: r.recordings.length }),
    ...(hidden ? [t(m.secretHiddenLine, { count: hidden })] : []),
    ...leftOut,
  ].join('\n');
}
