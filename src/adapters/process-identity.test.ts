import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { processTokenAlive, thisProcessToken } from './process-identity.js';

describe('process identity', () => {
  it('names this process as alive, and a process gone or a reused pid as not', async () => {
    const mine = thisProcessToken();
    expect(mine).toMatch(/^\d+:\d+$/);
    expect(processTokenAlive(mine)).toBe(true);
    const [pid, started] = mine.split(':');
    expect(processTokenAlive(`${pid}:${Number(started) + 1}`)).toBe(false); // same pid, another start: a reuse
    const child = spawn(process.execPath, ['-e', '']);
    await once(child, 'exit');
    expect(processTokenAlive(`${child.pid}:1`)).toBe(false);
    expect(processTokenAlive('not a token')).toBe(false);
  });
});
