/**
 * Runs the fixity share every night inside the daemon: `start()` catches up runs missed while the
 * PC was off, then schedules the nightly one; `stop()` cancels it and waits for a run in flight.
 * Runs never overlap and never throw.
 */
import { dailyCron } from '../core/fixity-plan.js';
import type { JobScheduler, ScheduledJob } from '../adapters/cron-schedule.js';
import type { Logger } from '../adapters/logger.js';
import { FIXITY_JOB, type FixityResult, type FixityService } from './fixity.js';
import type { FixityTrigger } from '../adapters/catalog/fixity-store.js';

export class FixityScheduler {
  private job: ScheduledJob | undefined;
  private running: Promise<FixityResult> | undefined;

  constructor(
    private readonly fixity: FixityService,
    private readonly scheduler: JobScheduler,
    private readonly log: Logger,
  ) {}

  /** Returns once scheduled; a catch-up run goes on in the background (see `idle()`). */
  start(): void {
    const s = this.fixity.settings;
    if (!s.enabled) {
      this.log.warn('scheduled fixity checks are disabled in the config (fixity.enabled)');
      return;
    }
    if (!this.fixity.hasRunBefore()) this.fixity.setBaseline();
    const missed = this.fixity.runsDue();
    if (missed > 0) {
      this.log.warn({ missed }, 'fixity runs were missed while the service was down: catching up now');
      this.trigger('catch-up', missed);
    }
    this.job = this.scheduler.schedule(FIXITY_JOB, dailyCron(s.at), this.fixity.zone, () => this.trigger('schedule', Math.max(1, this.fixity.runsDue())));
    this.log.info({ next: this.job.nextRun()?.toISOString() ?? null }, 'fixity checks scheduled');
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = undefined;
    await this.idle();
  }

  /** Resolves when no run is in flight. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** One run now; a run already going is not doubled (its result is returned instead). */
  trigger(trigger: FixityTrigger, runs = 1): Promise<FixityResult> {
    if (this.running) return this.running;
    const run = this.fixity.runShare(trigger, runs).finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }
}
