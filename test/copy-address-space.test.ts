/**
 * The rings' WebAssembly memory reserves ~10 GiB of address space each (V8's guard regions). Under an
 * address-space limit (RLIMIT_AS: `ulimit -v`, systemd LimitAS=, a caller's lowered limit kept
 * through sudo as process-limits.ts notes) a reservation that still fits can leave too little for
 * anything else: the next ring's WebAssembly allocation makes V8 collect under memory pressure and the
 * process aborts ("FATAL ERROR: Committing semi space failed"), or the ordinary Buffer fallback fails
 * ("Array buffer allocation failed"), where the copies needed only a few 16 MiB rings. Here the limit leaves the process one
 * reservation and 32 MiB more: four copies at once, which before WebAssembly rings needed 4 × 16 MiB
 * out of 10 GiB of room, must all complete.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-copy-as-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const module = path.resolve('dist/src/adapters/durable-file.js');

describe('copies under an address-space limit', () => {
  it('are not made to fail by the address space a WebAssembly ring reserves', () => {
    const data = randomBytes(9 * 1024 * 1024 + 7);
    const src = path.join(dir, 'src');
    fs.writeFileSync(src, data);
    const sha256 = createHash('sha256').update(data).digest('hex');
    const script = `
      const { execFileSync } = require('node:child_process');
      const fs = require('node:fs');
      const vm = () => Number(/VmSize:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
      import(${JSON.stringify(module)}).then(async (m) => {
        await fs.promises.stat(process.argv[1]); // the I/O threads started before the limit
        const before = vm();
        const probe = new WebAssembly.Memory({ initial: 1 });
        const reserve = vm() - before;
        execFileSync('prlimit', ['--pid', String(process.pid), '--as=' + (vm() + reserve + 32 * 1024 * 1024)]);
        const got = await Promise.allSettled([1, 2, 3, 4].map((k) => m.copyAndHash(process.argv[1], process.argv[2] + k)));
        console.log(JSON.stringify({ reserve, got: got.map((r) => (r.status === 'fulfilled' ? r.value : String(r.reason))) }));
        void probe;
      });`;
    const out = JSON.parse(execFileSync(process.execPath, ['-e', script, src, path.join(dir, 'copy-')], { encoding: 'utf8' })) as { reserve: number; got: unknown[] };
    expect(out.reserve).toBeGreaterThan(1024 ** 3); // the reservation this test is about
    expect(out.got).toEqual([1, 2, 3, 4].map(() => ({ sha256, size: data.length, check: expect.objectContaining({ seed: expect.any(String) }) })));
  });
});
