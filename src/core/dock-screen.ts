/**
 * What the dock screen shows, as language-neutral facts: the recorders docked now, what finished
 * today, recorders still to come, unknown recorders and alerts. Recorder numbers and officers only:
 * no file name, no folder, no mount point ever reaches the page. Pure.
 */

export type ScreenDockState = 'settling' | 'waiting' | 'ingesting' | 'done' | 'failed';

export interface ScreenOfficer {
  id: string;
  name: string;
}

export interface ScreenDock {
  /** Null: a volume no registered recorder matched (its footage goes to quarantine). */
  deviceNumber: string | null;
  officer: ScreenOfficer | null;
  state: ScreenDockState;
  quarantined: boolean;
  files: { done: number; total: number };
  bytes: { done: number; total: number };
  /** Estimated from the rate so far; null before there is a rate or once finished. */
  secondsLeft: number | null;
  /** Seconds its reads have not answered (a failing card); null while its copies move. */
  stalledSeconds: number | null;
}

export interface ScreenFinished {
  deviceNumber: string | null;
  officer: ScreenOfficer | null;
  outcome: 'done' | 'failed' | 'interrupted';
  quarantined: boolean;
  /** Local time HH:MM it finished. */
  at: string | null;
  filesStored: number;
  bytesStored: number;
  filesAlready: number;
  /** Files that stayed on the recorder (not stored). */
  filesLeft: number;
}

export type ScreenAlert =
  | { kind: 'service-stopped'; secondsSilent: number }
  | { kind: 'service-never-started' }
  | { kind: 'fixity-failed'; at: string }
  | { kind: 'fixity-findings'; at: string; findings: number }
  | { kind: 'disk-low'; freeBytes: number; percentFree: number }
  | { kind: 'quarterly-archive'; quarter: string; supplement: boolean; recordings: number };

export interface DockScreenView {
  /** The unit's name from the config, or null. */
  unitName: string | null;
  /** Local date YYYY-MM-DD and time HH:MM:SS the page was made. */
  date: string;
  time: string;
  service: 'running' | 'stopped' | 'never-started';
  docked: ScreenDock[];
  finishedToday: ScreenFinished[];
  notDockedToday: { deviceNumber: string; officer: ScreenOfficer | null }[];
  alerts: ScreenAlert[];
  /** Seconds between refreshes the page asks of the browser; null for a page written once. */
  refreshSeconds: number | null;
  /** When the page was made (ms since the epoch) and after how many seconds unchanged it calls itself out of date. */
  generatedMs: number;
  staleAfterSeconds: number | null;
}

/** Seconds left at the rate so far, or null when there is no rate yet. */
export function secondsLeft(bytesDone: number, bytesTotal: number, elapsedSeconds: number): number | null {
  if (bytesDone <= 0 || elapsedSeconds <= 0 || bytesTotal <= bytesDone) return null;
  return Math.ceil((bytesTotal - bytesDone) / (bytesDone / elapsedSeconds));
}

/** Below this share of free space, or this many bytes, the vault's disk is called filling up. */
export const DISK_LOW_PERCENT = 10;
export const DISK_LOW_BYTES = 5 * 1024 ** 3;

export function diskLow(freeBytes: number, totalBytes: number): ScreenAlert | null {
  const percentFree = totalBytes > 0 ? Math.floor((freeBytes / totalBytes) * 100) : 0;
  return percentFree < DISK_LOW_PERCENT || freeBytes < DISK_LOW_BYTES ? { kind: 'disk-low', freeBytes, percentFree } : null;
}

/** Whether the page has anything in motion (the daemon then writes it more often). */
export function busy(view: Pick<DockScreenView, 'docked'>): boolean {
  return view.docked.some((d) => d.state === 'settling' || d.state === 'waiting' || d.state === 'ingesting');
}
