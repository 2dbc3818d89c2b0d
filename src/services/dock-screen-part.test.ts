import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DockScreenView } from '../core/dock-screen.js';
import type { Logger } from '../adapters/logger.js';
import type { DockScreen } from './dock-screen.js';
import { DockScreenPart } from './dock-screen-part.js';

const base: DockScreenView = { unitName: null, date: '2026-11-28', time: '17:00:00', service: 'running', docked: [], finishedToday: [], notDockedToday: [], alerts: [], refreshSeconds: 3, generatedMs: 0, staleAfterSeconds: 23 };
const docked = { deviceNumber: '0001', officer: null, state: 'ingesting' as const, quarantined: false, files: { done: 0, total: 1 }, bytes: { done: 0, total: 1 }, secondsLeft: null, stalledSeconds: null };

describe('the dock screen part of the service', () => {
  let moving = false;
  let pages: string[];
  let failWith: string | null;
  let errors: string[];
  let part: DockScreenPart;
  const screen = {
    lang: 'en', // the person's language (status --html); the part speaks its own
    view: (p: { serviceStopping?: boolean }) => ({ ...base, service: p.serviceStopping ? 'stopped' : 'running', docked: moving && !p.serviceStopping ? [docked] : [] }),
  } as unknown as DockScreen;
  const log = { info: () => undefined, error: (_o: unknown, m: string) => errors.push(m), warn: () => undefined } as unknown as Logger;

  beforeEach(() => {
    vi.useFakeTimers();
    moving = false;
    pages = [];
    failWith = null;
    errors = [];
    const file = {
      path: '/x/dock-screen.html',
      write: async (html: string) => {
        if (failWith) throw new Error(failWith);
        pages.push(html);
      },
    };
    part = new DockScreenPart(screen, file, 'zh', log, { busyMs: 2000, idleMs: 10_000, refreshSeconds: 3 });
  });
  afterEach(() => vi.useRealTimers());

  it('writes at once, every 10 s when quiet, every 2 s while a recorder is docked', async () => {
    part.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(pages).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(pages).toHaveLength(1);
    moving = true;
    await vi.advanceTimersByTimeAsync(1);
    expect(pages).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(pages).toHaveLength(5);
    await part.stop();
  });

  it('its last page, as the service stops, says the service stopped and shows no dock', async () => {
    moving = true;
    part.start();
    await vi.advanceTimersByTimeAsync(0);
    await part.stop();
    const last = pages.at(-1)!;
    expect(last).toContain('接入服务未运行');
    expect(last).not.toContain('记录仪 0001');
    const count = pages.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pages).toHaveLength(count);
  });

  it('a write that fails is logged once, tried again, and never stops the part', async () => {
    failWith = 'EACCES: permission denied';
    part.start();
    await vi.advanceTimersByTimeAsync(35_000);
    expect(errors).toEqual(['dock screen not written; tried again shortly']);
    failWith = null;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pages).toHaveLength(1);
    await part.stop();
  });
});
