/**
 * The dock screen as a part of the service: the page rewritten every ~2 s while a recorder is docked,
 * every ~10 s when all is quiet, and once more as the service stops (saying so). A write that fails is
 * logged (once per distinct error) and tried again on the next turn; it never stops the service.
 */
import { busy } from '../core/dock-screen.js';
import { renderDockScreen } from '../core/dock-screen-html.js';
import { errorMessage } from '../core/errors.js';
import type { Lang } from '../core/i18n/messages.js';
import type { Logger } from '../adapters/logger.js';
import type { ServicePart } from './daemon-supervisor.js';
import type { DockScreen } from './dock-screen.js';

/** Where the page goes: a whole new file each time, never a half-written one. */
export interface ScreenFile {
  readonly path: string;
  write(html: string): Promise<void>;
}

export interface ScreenTiming {
  busyMs: number;
  idleMs: number;
  /** The refresh the page asks of the browser. */
  refreshSeconds: number;
}

export const SCREEN_TIMING: ScreenTiming = { busyMs: 2000, idleMs: 10_000, refreshSeconds: 3 };

export class DockScreenPart implements ServicePart {
  private timer: NodeJS.Timeout | null = null;
  private turn: Promise<void> = Promise.resolve();
  private stopped = false;
  private lastError: string | null = null;

  constructor(
    private readonly screen: DockScreen,
    private readonly file: ScreenFile,
    /** The service's page speaks the config's language, else Chinese: never the locale the service happens to run in. */
    private readonly lang: Lang,
    private readonly log: Logger,
    private readonly timing: ScreenTiming = SCREEN_TIMING,
  ) {}

  start(): void {
    this.stopped = false;
    this.log.info({ file: this.file.path, lang: this.lang, busyMs: this.timing.busyMs, idleMs: this.timing.idleMs }, `dock screen: open file://${this.file.path} in a browser (see README: the kiosk command)`);
    this.turn = this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.turn;
    // The last page says the service stopped, rather than showing a dock that is no longer watched.
    await this.write(true);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    const moving = await this.write(false);
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.turn = this.tick();
    }, moving ? this.timing.busyMs : this.timing.idleMs);
  }

  /** Write the page; true when something is in motion (the next turn comes sooner). */
  private async write(serviceStopping: boolean): Promise<boolean> {
    try {
      // Out of date once two quiet turns and a refresh have passed with no new page.
      const staleAfterSeconds = Math.ceil((2 * this.timing.idleMs) / 1000) + this.timing.refreshSeconds;
      const view = this.screen.view({ refreshSeconds: this.timing.refreshSeconds, staleAfterSeconds, serviceStopping });
      await this.file.write(renderDockScreen(view, this.lang));
      if (this.lastError !== null) this.log.info({ file: this.file.path }, 'dock screen written again');
      this.lastError = null;
      return busy(view);
    } catch (err) {
      const message = errorMessage(err);
      if (message !== this.lastError) this.log.error({ file: this.file.path, err: message }, 'dock screen not written; tried again shortly');
      this.lastError = message;
      return false;
    }
  }
}
