/**
 * The inspection's two charts as SVG written directly (no library, nothing fetched): hours recorded
 * per officer as bars, and a calendar of the period with how many recorders were docked each day.
 */
import { officerLabel, type CalendarDay, type OfficerLine } from './inspection-types.js';
import { weekday } from './inspection-period.js';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const hours = (seconds: number) => Math.round((seconds / 3600) * 10) / 10;

/** Horizontal bars, one per officer, longest first: hours recorded in the period. */
export function officerBars(officers: OfficerLine[]): string {
  const rows = [...officers].sort((a, b) => b.seconds - a.seconds || (a.officerId ?? '').localeCompare(b.officerId ?? ''));
  const label = 220;
  const width = 900;
  const barArea = width - label - 90;
  const rowH = 30;
  const top = 10;
  const height = top + Math.max(1, rows.length) * rowH + 30;
  const max = Math.max(1, ...rows.map((r) => r.seconds));
  const parts = rows.map((r, i) => {
    const y = top + i * rowH;
    const w = Math.max(r.seconds > 0 ? 2 : 0, Math.round((r.seconds / max) * barArea));
    const name = `${officerLabel(r)}${r.officerId ? ` ${r.officerId}` : ''}`;
    return (
      `<text x="${label - 8}" y="${y + 20}" text-anchor="end" class="lbl">${esc(name)}</text>` +
      `<rect x="${label}" y="${y + 5}" width="${w}" height="${rowH - 10}" class="bar"><title>${esc(name)}: ${hours(r.seconds)} h, ${r.recordings}</title></rect>` +
      `<text x="${label + w + 6}" y="${y + 20}" class="val">${hours(r.seconds)} 小时</text>`
    );
  });
  if (!rows.length) parts.push(`<text x="${label}" y="${top + 20}" class="lbl">无民警登记 no officers registered</text>`);
  const axisY = top + Math.max(1, rows.length) * rowH;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="officer-bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="每名民警摄录时长 hours recorded per officer">` +
    `<line x1="${label}" y1="${top}" x2="${label}" y2="${axisY}" class="axis"/>` +
    `<line x1="${label}" y1="${axisY}" x2="${label + barArea}" y2="${axisY}" class="axis"/>` +
    `<text x="${label + barArea}" y="${axisY + 22}" text-anchor="end" class="val">${hours(max)} 小时 hours</text>` +
    parts.join('') +
    `</svg>`
  );
}

/** The colour of a day: grey off work; red when nothing was docked on a working day; greener the more recorders were docked. */
function dayColour(d: CalendarDay, expected: number): string {
  if (d.notYet) return '#ffffff';
  if (!d.working) return d.docked ? '#9ae6b4' : '#e2e8f0';
  if (!d.docked) return '#f56565';
  const share = expected ? Math.min(1, d.docked / expected) : 1;
  return share >= 1 ? '#276749' : share >= 0.75 ? '#38a169' : share >= 0.5 ? '#68d391' : '#f6ad55';
}

/** A calendar: one column per week (Monday first), one row per weekday; each day coloured by docks. */
export function dockCalendar(days: CalendarDay[], expected: number): string {
  if (!days.length) return '';
  const cell = 22;
  const gap = 3;
  const left = 40;
  const top = 34;
  const row = (date: string) => (weekday(date) + 6) % 7; // Monday 0 … Sunday 6
  let col = 0;
  const cells: string[] = [];
  const months: string[] = [];
  for (const [i, d] of days.entries()) {
    if (i > 0 && row(d.date) === 0) col++;
    const x = left + col * (cell + gap);
    const y = top + row(d.date) * (cell + gap);
    if (d.date.endsWith('-01') || i === 0) months.push(`<text x="${x}" y="${top - 10}" class="lbl">${Number(d.date.slice(5, 7))}月</text>`);
    const what = d.notYet ? `${d.date} 尚未统计 not counted yet` : `${d.date}${d.working ? '' : ' 休息日 day off'}: ${d.docked} 台已交存 docked`;
    const missed = d.working && !d.docked && !d.notYet;
    cells.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" rx="3" fill="${dayColour(d, expected)}" class="day${missed ? ' missed' : d.notYet ? ' not-yet' : ''}"><title>${esc(what)}</title></rect>`);
  }
  const names = ['一', '二', '三', '四', '五', '六', '日'].map((n, i) => `<text x="${left - 8}" y="${top + i * (cell + gap) + 16}" text-anchor="end" class="lbl">${n}</text>`);
  const width = left + (col + 1) * (cell + gap) + 10;
  const height = top + 7 * (cell + gap) + 64;
  const legend = [
    ['#276749', '全部交存 all docked'],
    ['#68d391', '部分交存 some docked'],
    ['#f56565', '工作日未交存 none docked on a working day'],
    ['#e2e8f0', '休息日 day off'],
  ]
    .map(([c, t], i) => {
      // Two by two: the legend never makes a short period's calendar wider than the page.
      const x = left + (i % 2) * 400;
      const y = height - 48 + Math.floor(i / 2) * 24;
      return `<rect x="${x}" y="${y}" width="14" height="14" fill="${c}"/><text x="${x + 20}" y="${y + 12}" class="lbl">${t}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="dock-calendar" viewBox="0 0 ${Math.max(width, left + 800)} ${height}" width="${Math.max(width, left + 800)}" height="${height}" role="img" aria-label="交存日历 docked days">` +
    months.join('') +
    names.join('') +
    cells.join('') +
    legend +
    `</svg>`
  );
}
