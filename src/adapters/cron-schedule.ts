/**
 * Timed jobs through node-cron (the only importer of it). node-cron 4 does not run jobs missed while
 * the process was down: callers keep each job's last run in the catalogue and catch up at start-up.
 */
import { schedule as cronSchedule, validate } from 'node-cron';
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { startupMessages as sm } from '../core/i18n/startup-messages.js';

export interface ScheduledJob {
  nextRun(): Date | null;
  stop(): Promise<void>;
}

/** The narrow seam the services use; tests drive the job by hand instead of waiting for the clock. */
export interface JobScheduler {
  schedule(name: string, expression: string, timezone: string, run: () => unknown): ScheduledJob;
}

export const nodeCronScheduler: JobScheduler = {
  schedule(name, expression, timezone, run) {
    if (!validate(expression)) {
      throw new UserError(said(sm.notCron, { expression, name }), sm.notCronHint);
    }
    // noOverlap: a run that is still going when the next one falls due is not doubled.
    const task = cronSchedule(expression, () => run(), { name, timezone, noOverlap: true });
    return {
      nextRun: () => task.getNextRun(),
      async stop() {
        await task.stop();
        await task.destroy();
      },
    };
  },
};

/** A job on the real clock. */
export function scheduleJob(name: string, expression: string, timezone: string, run: () => Promise<void>): ScheduledJob {
  return nodeCronScheduler.schedule(name, expression, timezone, run);
}
