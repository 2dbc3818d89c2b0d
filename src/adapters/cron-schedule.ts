/** node-cron behind a small seam: a daily job that can be started and stopped (the daemon owns it). */
import cron from 'node-cron';
import { UserError } from '../core/errors.js';

export interface ScheduledJob {
  stop(): Promise<void>;
}

export function scheduleJob(name: string, expression: string, timezone: string, run: () => Promise<void>): ScheduledJob {
  if (!cron.validate(expression)) {
    throw new UserError(`schedule "${expression}" for ${name} is not a cron expression`, 'Use five fields, e.g. "30 2 * * *" for 02:30 every day.');
  }
  // noOverlap: a slow sweep is never run twice at once.
  const task = cron.schedule(expression, run, { name, timezone, noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}
