import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';

describe('the logger (pino, loaded at the first line logged)', () => {
  afterEach(() => vi.restoreAllMocks());

  const stderrLines = () => {
    const lines: string[] = [];
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown) => {
      if (fd === 2) lines.push(String(data));
      return typeof data === 'string' ? Buffer.byteLength(data) : 0;
    }) as typeof fs.writeSync);
    return lines;
  };

  it('drops lines below its level and writes those at or above it as JSON on stderr', () => {
    const lines = stderrLines();
    const log = createLogger('warn');
    log.info({ file: 'a' }, 'below the level');
    log.debug('below the level');
    expect(lines).toEqual([]);
    log.warn({ files: 2 }, 'removed unfinished copies');
    log.error('cannot record');
    const entries = lines.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries).toMatchObject([
      { level: 'warn', files: 2, msg: 'removed unfinished copies', name: 'evidence-vault', pid: process.pid },
      { level: 'error', msg: 'cannot record' },
    ]);
    expect(log.level).toBe('warn');
  });

  it('once made, follows a level changed on it', () => {
    const lines = stderrLines();
    const log = createLogger('warn');
    log.level = 'info';
    log.info('now shown');
    expect(lines.join('')).toContain('"msg":"now shown"');
  });

  it('refuses a level pino does not know at once', () => {
    expect(() => createLogger('loud')).toThrow(/loud/);
  });
});
