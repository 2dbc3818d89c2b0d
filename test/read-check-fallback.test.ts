/**
 * A station where the xxhash addon cannot be loaded (no prebuilt binary for its platform): copies are
 * still made and read back from the disk, by their SHA-256 (read-check.ts). The compiled modules run
 * in a node of their own whose module resolution refuses the addon, as a missing binary does.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-check-fallback-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const src = path.join(dir, 'src');
fs.writeFileSync(src, randomBytes(9 * 1024 * 1024 + 11));

/** Copy and place `src` with the compiled modules; `refuse`: the addon cannot be loaded in that node. */
function storeIn(refuse: boolean, name: string): { copy: { check?: unknown }; placed: { readBack: { by: string; matches: boolean; fromDisk: boolean } } } {
  const hook = `export async function resolve(s, c, next) { if (s === '@node-rs/xxhash') throw new Error('no prebuilt binary for this platform'); return next(s, c); }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
  const [durable, place] = ['durable-file', 'place-file'].map((m) => JSON.stringify(path.resolve(`dist/src/adapters/${m}.js`)));
  const script = `
    const [{ copyAndHash }, { placeFile }] = await Promise.all([import(${durable}), import(${place})]);
    const copy = await copyAndHash(process.argv[1], process.argv[2] + '.tmp');
    const placed = await placeFile(process.argv[2] + '.tmp', process.argv[2], copy);
    console.log(JSON.stringify({ copy, placed }));`;
  const flags = refuse ? ['--import', `data:text/javascript,${encodeURIComponent(register)}`] : [];
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script, src, path.join(dir, name)], { encoding: 'utf8' });
  return JSON.parse(out) as ReturnType<typeof storeIn>;
}

describe('the read-back where the XXH3 addon cannot be loaded', () => {
  it('makes no check, and reads the copy back from the disk by its SHA-256; where it loads, by the XXH3', () => {
    const without = storeIn(true, 'without');
    expect(without.copy.check).toBeUndefined();
    expect(without.placed.readBack).toMatchObject({ by: 'sha256', matches: true, fromDisk: true });
    const withIt = storeIn(false, 'with');
    expect(withIt.copy.check).toBeDefined();
    expect(withIt.placed.readBack).toMatchObject({ by: 'xxh3-64', matches: true, fromDisk: true });
  });
});
