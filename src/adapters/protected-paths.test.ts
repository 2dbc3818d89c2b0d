import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProtectedPaths } from './protected-paths.js';

describe('an output folder on an installed PC', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const fresh = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-out-'));
    made.push(d);
    return d;
  };
  // Root and this account own what the test makes (the suite runs as either).
  const paths = (vault: string) => new ProtectedPaths([vault], [0, process.getuid!()]);

  it('is refused where others can make names first, sticky or not (a red team\'s planted bag folder and hard link)', () => {
    const dir = fresh();
    const vault = path.join(dir, 'vault');
    fs.mkdirSync(vault);
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    for (const out of [shared, path.join(shared, 'not-yet')]) {
      const check = paths(vault).output(out);
      expect(check.ok, out).toBe(false);
      expect(check.ok ? '' : check.problem).toBe(`would be written in ${shared}, where others can make files (sticky or not)`);
    }
    // A folder of the service's own inside it is fine: nobody else can make a name in it, nor rename it.
    const own = path.join(shared, 'exports');
    fs.mkdirSync(own, { mode: 0o750 });
    expect(paths(vault).output(own)).toMatchObject({ ok: true, real: fs.realpathSync(own) });
    expect(paths(vault).output(path.join(own, '2026Q3'))).toMatchObject({ ok: true });
  });
});
