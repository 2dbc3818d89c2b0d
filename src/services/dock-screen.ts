/**
 * The dock screen's facts, gathered from what `status` and the catalogue already know: the recorders
 * docked now, today's sessions, recorders still to come, alerts. Recorder numbers and officers only;
 * never a file name, a folder or a mount point. `status --html FILE` writes the page once, as a
 * report output (checked place, never overwriting, hidden temporary name, on the record).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { officerAt } from '../core/assignments.js';
import { diskLow, secondsLeft, type DockScreenView, type ScreenAlert, type ScreenDockState, type ScreenOfficer } from '../core/dock-screen.js';
import { renderDockScreen } from '../core/dock-screen-html.js';
import type { Lang } from '../core/i18n/messages.js';
import type { ReminderFacts } from '../core/quarter.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DaySession } from '../adapters/catalog/dock-screen-store.js';
import type { FixityRun } from '../adapters/catalog/fixity-store.js';
import { dockStatus, type DockStatusSources } from './dock-status.js';
import { publishReport, reportPlace, type ReportOutputDeps } from './report-output.js';

export interface DockScreenSources {
  dock: DockStatusSources;
  sessionsOn(localDate: string): DaySession[];
  lastFixity(): FixityRun | undefined;
  /** The last run that finished its check: what it found stands behind a later run killed or failed. */
  lastFinishedFixity(): FixityRun | undefined;
  reminder(): ReminderFacts | null;
  vaultDisk(): { freeBytes: number; totalBytes: number };
}

export interface DockScreenSettings {
  unitName: string | null;
  lang: Lang;
  largeStaffFrom?: number;
}

const REMINDER_EVERY_MS = 10 * 60_000;

export class DockScreen {
  private reminderCache: { atMs: number; facts: ReminderFacts | null } | null = null;

  constructor(
    private readonly settings: DockScreenSettings,
    private readonly sources: DockScreenSources,
    private readonly clock: UnitClock,
    private readonly output?: ReportOutputDeps,
  ) {}

  get lang(): Lang {
    return this.settings.lang;
  }

  /** The page's facts now. `serviceStopping`: the service's own last page, written as it stops. */
  view(page: { refreshSeconds: number | null; staleAfterSeconds: number | null; serviceStopping?: boolean }): DockScreenView {
    const { sources, clock } = this;
    const status = dockStatus(sources.dock, clock, this.settings.largeStaffFrom);
    const nowMs = clock.now().getTime();
    const officers = new Map(sources.dock.registers.officers().map((o) => [o.id, o]));
    const officerOf = (number: string | null): ScreenOfficer | null => {
      if (number === null) return null;
      const id = officerAt(sources.dock.recorders.assignments(number), nowMs);
      if (id === null) return null;
      return { id, name: officers.get(id)?.name ?? id };
    };
    const alerts: ScreenAlert[] = [];
    const service = page.serviceStopping ? 'stopped' : !status.daemon ? 'never-started' : status.daemon.running ? 'running' : 'stopped';
    if (service === 'stopped') alerts.push({ kind: 'service-stopped', secondsSilent: page.serviceStopping ? 0 : (status.daemon?.secondsSinceHeartbeat ?? 0) });
    if (service === 'never-started') alerts.push({ kind: 'service-never-started' });
    const fixity = sources.lastFixity();
    if (fixity?.outcome === 'failed') alerts.push({ kind: 'fixity-failed', at: hhmmDate(fixity.finishedAt ?? fixity.startedAt) });
    const found = fixity?.outcome === 'problems' ? fixity : fixity?.outcome === 'ok' ? undefined : sources.lastFinishedFixity();
    if (found?.outcome === 'problems') alerts.push({ kind: 'fixity-findings', at: hhmmDate(found.finishedAt ?? found.startedAt), findings: found.findings.length });
    const disk = sources.vaultDisk();
    const low = diskLow(disk.freeBytes, disk.totalBytes);
    if (low) alerts.push(low);
    const reminder = this.reminder(nowMs);
    if (reminder) alerts.push({ kind: 'quarterly-archive', ...reminder });
    const [date, time] = [status.date, clock.nowIso().slice(11, 19)];
    return {
      unitName: this.settings.unitName,
      date,
      time,
      service,
      docked: page.serviceStopping
        ? []
        : status.docked.map((d) => ({
            deviceNumber: d.quarantined ? null : d.deviceNumber,
            officer: d.quarantined ? null : officerOf(d.deviceNumber),
            state: d.state as ScreenDockState,
            quarantined: d.quarantined,
            files: d.files,
            bytes: d.bytes,
            secondsLeft: d.bytesPerSecond && d.stalledSeconds === null ? secondsLeft(d.bytes.done, d.bytes.total, d.bytes.done / d.bytesPerSecond) : null,
            stalledSeconds: d.stalledSeconds,
          })),
      finishedToday: sources
        .sessionsOn(date)
        .filter((s) => s.status !== 'running')
        .map((s) => ({
          deviceNumber: s.deviceNumber,
          officer: officerOf(s.deviceNumber),
          outcome: s.status as 'done' | 'failed' | 'interrupted',
          quarantined: s.quarantined,
          at: s.finishedAt ? s.finishedAt.slice(11, 16) : null,
          filesStored: s.filesStored,
          bytesStored: s.bytesStored,
          filesAlready: s.filesAlready,
          filesLeft: s.filesLeft,
        })),
      notDockedToday: status.notDockedToday.map((n) => ({ deviceNumber: n, officer: officerOf(n) })),
      alerts,
      refreshSeconds: page.refreshSeconds,
      generatedMs: nowMs,
      staleAfterSeconds: page.staleAfterSeconds,
    };
  }

  /**
   * The quarterly reminder counts a quarter's recordings (a large catalogue: a long query); it changes
   * only when a quarter ends or a set is made, so the page asks for it once in ten minutes.
   */
  private reminder(nowMs: number): ReminderFacts | null {
    if (!this.reminderCache || nowMs - this.reminderCache.atMs >= REMINDER_EVERY_MS || nowMs < this.reminderCache.atMs) {
      this.reminderCache = { atMs: nowMs, facts: this.sources.reminder() };
    }
    return this.reminderCache.facts;
  }

  /** `status --html FILE`: the page once, no refresh, written as a report output; on the record. */
  async writeOnce(file: string, lang: Lang = this.settings.lang): Promise<{ path: string; sha256: string; bytes: number }> {
    const out = this.output;
    if (!out) throw new Error('the dock screen was built without report outputs');
    const input = { action: 'status.html', target: file, details: { out: file } };
    return out.audit.act(
      input,
      async () => {
        // The extension as typed (Page.HTML stays Page.HTML: the file is where the person looks for it).
        const ext = path.extname(file);
        const example = `evidence-vault status --html ${path.basename(file, ext) || 'dock-screen'}.html`;
        if (!/^\.html?$/i.test(ext)) out.audit.refuse(input, { zh: `--html ${file}：页面是 HTML，文件名须以 .html 结尾`, en: `--html ${file}: the page is HTML; name the file .html` }, { zh: `例如 ${example}`, en: `e.g. ${example}` });
        const base = path.basename(file, ext);
        const { dir, finals } = await reportPlace(out, path.dirname(path.resolve(file)), base, [ext.slice(1)], input, '--html');
        const html = renderDockScreen(this.view({ refreshSeconds: null, staleAfterSeconds: null }), lang);
        const hidden = (final: string, tag: string) => path.join(dir, `.${path.basename(final)}.${tag}.partial`);
        const leftover = new RegExp(`^\\.${escapeRe(path.basename(finals[0]!))}\\.(\\d+)-[0-9a-f]{8}\\.partial$`);
        await publishReport(out, { dir, finals, outDir: file, input, hidden, leftover, what: 'status page', flag: '--html' }, async (temps, outputs) => {
          await outputs.writeFile(temps[0]!, html, { durable: true });
        });
        const written = { path: finals[0]!, sha256: createHash('sha256').update(html).digest('hex'), bytes: Buffer.byteLength(html) };
        out.audit.record({ ...input, details: { ...input.details, file: written } });
        return written;
      },
      { userErrorsAre: 'refused' },
    );
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "2026-11-28T02:31:05+08:00" as "2026-11-28 02:31". */
function hhmmDate(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

