/**
 * Logging through pino to stderr (stdout is for results and --json). A synchronous destination:
 * pino's default is asynchronous and a service that crashes must not lose its last lines.
 * Under systemd, stderr goes to the journal.
 *
 * pino (with its streams and serializers, a hundred modules) is loaded at the first line logged at an
 * enabled level, not at start-up: a command at the interactive level (warn) usually logs nothing.
 */
import { createRequire } from 'node:module';
import type pinoModule from 'pino';

export type Logger = pinoModule.Logger;

const LEVELS: Readonly<Record<string, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

const loadPino = (): typeof pinoModule => createRequire(import.meta.url)('pino') as typeof pinoModule;

function makeLogger(level: string, name: string): Logger {
  const pino = loadPino();
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

export function createLogger(level: string, name = 'evidence-vault'): Logger {
  const threshold = level === 'silent' ? Infinity : LEVELS[level];
  // A level pino does not know: made now, so pino's own error says so at once.
  if (threshold === undefined) return makeLogger(level, name);
  let real: Logger | undefined;
  const made = () => (real ??= makeLogger(level, name));
  const disabled = () => undefined;
  return new Proxy({} as Logger, {
    get(_target, prop) {
      // A line below the level is dropped, as pino would: no need to load it for that.
      if (!real && typeof prop === 'string' && (LEVELS[prop] ?? 0) > 0 && LEVELS[prop]! < threshold) return disabled;
      const logger = made();
      const value: unknown = Reflect.get(logger, prop, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set(_target, prop, value) {
      return Reflect.set(made(), prop, value);
    },
  });
}

export function silentLogger(): Logger {
  return loadPino()({ level: 'silent' });
}
