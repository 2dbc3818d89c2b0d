/**
 * Logging through pino to stderr (stdout is for results and --json). A synchronous destination:
 * pino's default is asynchronous and a service that crashes must not lose its last lines.
 * Under systemd, stderr goes to the journal.
 */
import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string, name = 'evidence-vault'): Logger {
  return pino(
    {
      name,
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
