/**
 * `status`'s R12(1) reminder names the recorders in service with nothing stored today. A folder
 * ingested without --device (files of several recorders, each named by its file names) stores each
 * recorder's footage today just as a dock does: those recorders are not named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';

describe('status: not docked today (R12(1))', () => {
  const ws = makeWorkspace('ev-docked-today-');
  afterAll(() => ws.cleanup());
  const ok = (...args: string[]) => {
    const r = runCli(['--config', ws.config, ...args]);
    expect(r.status, r.stderr).toBe(0);
  };

  it('counts the recorders an ingest without --device stored footage of, and only those', () => {
    for (const [device, officer] of [['0001234', '110101'], ['0001235', '110102'], ['0001236', '110103']]) {
      ok('officer', 'add', '--id', officer!, '--name', `民警${officer}`);
      ok('device', 'add', '--number', device!, '--brand', '海康威视', '--model', 'DSJ-A8');
      ok('device', 'assign', device!, officer!, '--from', '2026-01-01 08:00');
    }
    const notDocked = () => runJson<{ notDockedToday: string[] }>(['--config', ws.config, 'status']).notDockedToday.sort();
    expect(notDocked()).toEqual(['0001234', '0001235', '0001236']);

    // Handed in on other media: two recorders' files in one folder, no --device.
    const folder = path.join(ws.dir, 'handed-in');
    fs.mkdirSync(folder);
    makeVideo(path.join(folder, '0001235_110102_20261201093000_0001.MP4'), 1);
    makeVideo(path.join(folder, '0001236_110103_20261201100000_0001.MP4'), 1);
    ok('ingest', folder);
    expect(notDocked()).toEqual(['0001234']);
  });
});
