/** A job scheduler that holds what it is given, so a test fires "tonight's run" itself. */
import type { JobScheduler } from '../../src/adapters/cron-schedule.js';

export class HeldScheduler implements JobScheduler {
  jobs: { name: string; expression: string; timezone: string; run: () => unknown; stopped: boolean }[] = [];

  schedule(name: string, expression: string, timezone: string, run: () => unknown) {
    const job = { name, expression, timezone, run, stopped: false };
    this.jobs.push(job);
    return { nextRun: () => null, stop: async () => void (job.stopped = true) };
  }
}
