/**
 * The dock screen as one static HTML page: inline CSS, the system's CJK fonts, no script, nothing
 * fetched. Large type for a screen two metres away; every state has a word and a sign, never colour
 * alone. Every text from the view is escaped. Pure.
 */
import type { DockScreenView, ScreenAlert, ScreenDock, ScreenDockState, ScreenFinished, ScreenOfficer } from './dock-screen.js';
import { screenMessages as M } from './i18n/screen-messages.js';
import { translator, type Lang, type Translator } from './i18n/messages.js';
import { formatBytes } from './progress.js';

/** Brackets and list commas as each language writes them. */
const paren = (tr: Translator, s: string | number) => (tr.lang === 'zh' ? `（${s}）` : ` (${s})`);
const comma = (tr: Translator) => (tr.lang === 'zh' ? '，' : ', ');

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Signs every installed font set has (DejaVu): the word beside each says the same. */
const SIGN: Record<ScreenDockState | 'interrupted' | 'alert', string> = {
  settling: '…',
  waiting: '◌',
  ingesting: '▶',
  done: '✔',
  failed: '✖',
  interrupted: '✖',
  alert: '⚠',
};

const CSS = `
*{box-sizing:border-box}
html,body{margin:0;background:#fff;color:#111}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC","DejaVu Sans",sans-serif;font-size:26px;line-height:1.3;padding:16px 28px}
header{display:flex;justify-content:space-between;align-items:baseline;border-bottom:4px solid #111;padding-bottom:6px;margin-bottom:8px;gap:24px;flex-wrap:wrap}
h1{font-size:44px;margin:0}
h2{font-size:32px;margin:14px 0 8px}
main{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:32px;align-items:start}
@media (max-width:1200px){main{grid-template-columns:1fr}}
.meta{font-size:22px;color:#333}
.sign{display:inline-block;min-width:1.2em;font-family:"DejaVu Sans",sans-serif}
.badge{display:inline-block;white-space:nowrap;padding:0 12px;border-radius:6px;font-weight:bold;border:3px solid currentColor}
.st-ingesting{color:#0b4f9c}.st-done{color:#17642f}.st-failed,.st-interrupted{color:#a30d0d;border-style:double;border-width:6px}
.st-waiting,.st-settling{color:#444;border-style:dashed}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
.card{border:3px solid #444;border-radius:10px;padding:10px 16px}
.card.failed{border:6px double #a30d0d}.card.quarantined{border:6px dashed #a30d0d}
.num{font-size:46px;font-weight:bold;letter-spacing:1px}
.officer{font-size:30px}
.bar{height:34px;border:3px solid #111;border-radius:6px;margin:8px 0;background:repeating-linear-gradient(45deg,#fff,#fff 10px,#eee 10px,#eee 20px)}
.fill{height:100%;background:#0b4f9c}
.card.done .fill{background:#17642f}.card.failed .fill{background:#a30d0d}
.facts{display:flex;gap:6px 24px;flex-wrap:wrap}
.cards.many{grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}.cards.many .num{font-size:36px}.cards.many .officer{font-size:26px}.cards.many .bar{height:24px}.cards.many .facts{font-size:22px}
#finished .num{font-size:30px;white-space:nowrap}#finished .officer{font-size:24px}
table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:6px 10px;border-bottom:2px solid #ccc;vertical-align:top}
.chips{display:flex;flex-wrap:wrap;gap:10px}
.chip{border:3px dashed #444;border-radius:8px;padding:4px 12px}
.alert{border:4px solid #a30d0d;background:#fff4f4;color:#7a0000;border-radius:8px;padding:8px 14px;margin:8px 0;font-weight:bold}
.ok{color:#17642f}
.empty{color:#444}
#stale{display:none}
`;

export function renderDockScreen(view: DockScreenView, lang: Lang): string {
  const tr = translator(lang);
  const { t } = tr;
  const service = view.service === 'running' ? `<span class="ok"><span class="sign">✔</span>${esc(t(M.serviceRunning))}</span>` : `<span class="badge st-failed"><span class="sign">✖</span>${esc(view.service === 'stopped' ? t(M.serviceStopped) : t(M.serviceNever))}</span>`;
  const refresh = view.refreshSeconds === null ? t(M.writtenOnce) : t(M.autoRefresh, { seconds: view.refreshSeconds });
  const head = view.refreshSeconds === null ? '' : `<meta http-equiv="refresh" content="${view.refreshSeconds}">`;
  const body = [
    `<header><h1>${esc(t(M.title))}${view.unitName ? ` · ${esc(view.unitName)}` : ''}</h1><div class="meta" id="updated" data-date="${esc(view.date)}">${esc(t(M.updated, { date: view.date, time: view.time }))} · ${esc(refresh)}<br>${service}</div></header>`,
    staleNotice(tr, view),
    '<main><div>',
    `<section id="docked"><h2>${esc(t(M.dockedNow))}</h2>${view.docked.length ? `<div class="cards${view.docked.length > 4 ? ' many' : ''}">${view.docked.map((d) => dockCard(tr, d)).join('')}</div>` : `<p class="empty">${esc(t(M.noneDocked))}</p>`}</section>`,
    '</div><div>',
    alertsSection(tr, view.alerts),
    notDockedSection(tr, view.notDockedToday),
    finishedSection(tr, view.finishedToday),
    '</div></main>',
  ].join('\n');
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head><meta charset="utf-8">${head}<meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(t(M.title))}</title><style>${CSS}</style></head>
<body>
${body}
</body>
</html>
`;
}

function who(tr: Translator, number: string | null, officer: ScreenOfficer | null): string {
  const num = number === null ? tr.t(M.unknownRecorder) : tr.t(M.recorder, { number });
  const off = officer ? `${officer.name}${paren(tr, officer.id)}` : number === null ? '' : tr.t(M.noOfficer);
  return `<div class="num">${esc(num)}</div><div class="officer">${esc(off)}</div>`;
}

function stateWord(tr: Translator, s: ScreenDockState | 'interrupted'): string {
  const words = { settling: M.stateSettling, waiting: M.stateWaiting, ingesting: M.stateIngesting, done: M.stateDone, failed: M.stateFailed, interrupted: M.outcomeInterrupted };
  return `<span class="badge st-${s}"><span class="sign">${SIGN[s]}</span>${esc(tr.t(words[s]))}</span>`;
}

export function duration(tr: Translator, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return tr.t(M.hours, { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return tr.t(M.minutes, { m: Math.floor(s / 60), s: s % 60 });
}

function dockCard(tr: Translator, d: ScreenDock): string {
  const { t } = tr;
  const percent = d.bytes.total > 0 ? Math.min(100, Math.floor((d.bytes.done / d.bytes.total) * 100)) : d.state === 'done' ? 100 : 0;
  const cls = ['card', d.state === 'done' ? 'done' : d.state === 'failed' ? 'failed' : '', d.quarantined ? 'quarantined' : ''].filter(Boolean).join(' ');
  const facts = [
    t(M.filesProgress, { done: d.files.done, total: d.files.total }),
    `${formatBytes(d.bytes.done)} / ${formatBytes(d.bytes.total)}`,
    d.secondsLeft !== null && d.state === 'ingesting' ? t(M.timeLeft, { left: duration(tr, d.secondsLeft) }) : null,
  ].filter((f): f is string => f !== null);
  return `<div class="${cls}" data-recorder="${esc(d.deviceNumber ?? '')}" data-state="${d.state}" data-files-done="${d.files.done}" data-files-total="${d.files.total}" data-percent="${percent}">
${who(tr, d.deviceNumber, d.officer)}
<div>${stateWord(tr, d.state)}${d.state === 'done' ? '' : ` ${esc(t(M.percentDone, { percent }))}`}</div>
<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${percent}"><div class="fill" style="width:${percent}%"></div></div>
<div class="facts">${facts.map((f) => `<span>${esc(f)}</span>`).join('')}</div>
${d.stalledSeconds !== null ? `<div class="alert stalled"><span class="sign">${SIGN.alert}</span>${esc(t(M.stalled, { left: duration(tr, d.stalledSeconds) }))}</div>` : ''}
${d.quarantined ? `<div class="alert"><span class="sign">${SIGN.alert}</span>${esc(t(M.quarantined))}</div>` : ''}
</div>`;
}

function finishedSection(tr: Translator, rows: ScreenFinished[]): string {
  const { t } = tr;
  if (!rows.length) return `<section id="finished"><h2>${esc(t(M.finishedToday))}</h2><p class="empty">${esc(t(M.noneFinished))}</p></section>`;
  const row = (f: ScreenFinished) => {
    const state = f.outcome === 'done' && f.filesLeft === 0 ? 'done' : f.outcome === 'interrupted' ? 'interrupted' : 'failed';
    const what = [t(M.stored, { files: f.filesStored, bytes: formatBytes(f.bytesStored) }), f.filesAlready ? t(M.already, { files: f.filesAlready }) : null].filter((x): x is string => x !== null).join(comma(tr));
    const left = f.filesLeft ? `<strong>${esc(t(M.leftOnRecorder, { files: f.filesLeft }))}</strong>` : esc(t(M.allStored));
    const quarantine = f.quarantined ? `<div class="alert"><span class="sign">${SIGN.alert}</span>${esc(t(M.quarantined))}</div>` : '';
    return `<tr data-recorder="${esc(f.deviceNumber ?? '')}" data-outcome="${state}" data-files-left="${f.filesLeft}"><td>${who(tr, f.deviceNumber, f.officer)}</td><td>${stateWord(tr, state)}${f.at ? `<div>${esc(t(M.finishedAt, { at: f.at }))}</div>` : ''}</td><td>${esc(what)}<div>${left}</div>${quarantine}</td></tr>`;
  };
  const shown = finishedShown(rows);
  const more = rows.length - shown.length;
  return `<section id="finished"><h2>${esc(t(M.finishedToday) + paren(tr, rows.length))}</h2><table>${shown.map(row).join('')}</table>${more ? `<p class="empty" data-more="${more}">${esc(t(M.moreFinished, { n: more }))}</p>` : ''}</section>`;
}

function notDockedSection(tr: Translator, rows: DockScreenView['notDockedToday']): string {
  const { t } = tr;
  if (!rows.length) return `<section id="not-docked"><h2>${esc(t(M.notDocked))}</h2><p class="ok"><span class="sign">✔</span>${esc(t(M.allDocked))}</p></section>`;
  const chip = (r: DockScreenView['notDockedToday'][number]) =>
    `<span class="chip" data-recorder="${esc(r.deviceNumber)}">${esc(r.deviceNumber)}${r.officer ? ` · ${esc(r.officer.name)}` : ''}</span>`;
  return `<section id="not-docked"><h2>${esc(t(M.notDocked) + paren(tr, rows.length))}</h2><div class="chips">${rows.map(chip).join('')}</div></section>`;
}

function alertText(tr: Translator, a: ScreenAlert): string {
  const { t } = tr;
  switch (a.kind) {
    case 'service-stopped':
      return t(M.alertStopped, { seconds: a.secondsSilent });
    case 'service-never-started':
      return t(M.alertNever);
    case 'fixity-failed':
      return t(M.alertFixityFailed, { at: a.at });
    case 'fixity-findings':
      return t(M.alertFixityFindings, { at: a.at, findings: a.findings });
    case 'disk-low':
      return t(M.alertDiskLow, { free: formatBytes(a.freeBytes), percent: a.percentFree });
    case 'quarterly-archive':
      return a.supplement ? t(M.alertQuarterSupplement, { quarter: a.quarter, recordings: a.recordings }) : t(M.alertQuarter, { quarter: a.quarter, recordings: a.recordings });
  }
}

function alertsSection(tr: Translator, alerts: ScreenAlert[]): string {
  if (!alerts.length) return `<section id="alerts"><p class="ok"><span class="sign">✔</span>${esc(tr.t(M.noAlerts))}</p></section>`;
  return `<section id="alerts"><h2>${esc(tr.t(M.alerts))}</h2>${alerts.map((a) => `<div class="alert" data-alert="${a.kind}"><span class="sign">${SIGN.alert}</span>${esc(alertText(tr, a))}</div>`).join('')}</section>`;
}

/**
 * A page the service stopped rewriting still reloads itself, unchanged: a few lines of inline script
 * compare its time with the clock and show a notice once it is older than it should ever be.
 */
function staleNotice(tr: Translator, view: DockScreenView): string {
  if (view.staleAfterSeconds === null) return '';
  const limit = view.generatedMs + view.staleAfterSeconds * 1000;
  return `<div class="alert" id="stale" data-alert="stale"><span class="sign">${SIGN.alert}</span>${esc(tr.t(M.stale))}</div>
<script>if (Date.now() > ${Math.round(limit)}) document.getElementById('stale').style.display = 'block';</script>`;
}

/** At most FINISHED_SHOWN rows of today's sessions fit the screen: every one with something left behind, then the newest. */
export const FINISHED_SHOWN = 10;

export function finishedShown(rows: readonly ScreenFinished[]): ScreenFinished[] {
  const troubled = (f: ScreenFinished) => f.outcome !== 'done' || f.filesLeft > 0 || f.quarantined;
  const keep = new Set(rows.filter(troubled));
  for (const f of rows) if (keep.size < FINISHED_SHOWN) keep.add(f);
  return rows.filter((f) => keep.has(f));
}
