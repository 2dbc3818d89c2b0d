import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { UserError } from '../core/errors.js';
import { DaemonSupervisor, type ServicePart, type SupervisorDeps } from './daemon-supervisor.js';

/** A part that records what was done to it. */
function part(log: string[], name: string, failStop = false): ServicePart {
  return {
    start: () => void log.push(`start ${name}`),
    stop: async () => {
      log.push(`stop ${name}`);
      if (failStop) throw new Error(`${name} would not stop`);
    },
  };
}

function deps(log: string[], over: Partial<SupervisorDeps> = {}): SupervisorDeps {
  return {
    parts: [
      { name: 'dock', part: part(log, 'dock') },
      { name: 'fixity', part: part(log, 'fixity', true) },
    ],
    audit: {
      refuse: (input, message) => {
        log.push(`refused ${input.action}`);
        throw new UserError(message);
      },
    },
    log: pino({ level: 'silent' }),
    installed: false,
    personBehindSudo: null,
    reminder: () => null,
    onStop: (stop) => setImmediate(() => stop('SIGTERM')),
    startUp: () => void log.push('start-up'),
    ...over,
  };
}

describe('the dock service supervisor', () => {
  it('starts every part after the start-up work, and stops every part, even when one fails to stop', async () => {
    const log: string[] = [];
    await new DaemonSupervisor(deps(log)).run();
    expect(log).toEqual(['start-up', 'start dock', 'start fixity', 'stop dock', 'stop fixity']);
  });

  it('listens for the stop signal before it starts anything: a signal during start-up still stops the parts', async () => {
    const log: string[] = [];
    // Until someone listens, a SIGTERM kills the process outright; the supervisor listens first.
    const onStop: SupervisorDeps['onStop'] = (stop) => {
      log.push('listening');
      stop('SIGTERM');
    };
    await new DaemonSupervisor(deps(log, { onStop })).run();
    expect(log.indexOf('listening')).toBeLessThan(log.indexOf('start-up'));
    expect(log.filter((l) => l.startsWith('stop'))).toEqual(['stop dock', 'stop fixity']);
  });

  it('on an installed PC refuses to run when a person started it through sudo, before anything starts', async () => {
    const log: string[] = [];
    await expect(new DaemonSupervisor(deps(log, { installed: true, personBehindSudo: 'zhang' })).run()).rejects.toThrow(/started by systemd/);
    expect(log).toEqual(['refused daemon']);
  });
});
