/**
 * Disc builds under damage and faults (issue 12, case 7): a vault file with a flipped byte, deleted or
 * swapped for a link stops the build before anything is written; a build killed at any moment leaves
 * nothing under a final name, and the rerun builds the same number cleanly; a final name already in
 * --out is never overwritten; a full --out, and two builds at once, end with a person's message and no
 * unfinished file. The built CLI with real xorriso and Chromium, a real catalogue, a real tmpfs.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordingFolder } from '../src/core/vault-layout.js';
import { openVaultParts } from '../src/wiring.js';
import { CLI, makeWorkspace, runCli } from './support/cli.js';
import { flipByte, queryCatalogue } from './support/tamper.js';
import { exitOf, waitFor } from './support/wait.js';

interface BuildJson {
  discs: { number: string; image: string; folder: string; files: { register: { pdf: string } } }[];
}
interface AuditRow {
  outcome: string;
  target: string | null;
  details: string;
}

const FINAL = /^GP\d{4}-\d{4}(\.iso)?$/;
const PARTIAL = /^\.GP\d{4}-\d{4}(\.iso)?\.\d+-[0-9a-z]+\.partial$/;

describe('disc build under damage and faults', () => {
  const ws = makeWorkspace('ev-disc-faults-');
  const ids: number[] = [];
  const files = new Map<number, string>();
  const small = path.join(ws.dir, 'small');
  let mounted = false;

  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const build = (out: string, ...more: string[]) => cli('disc', 'build', '--recording', ...ids.map(String), '--case-number', '鞍自然执〔2026〕31号', '--out', out, ...more);
  const discBuildEntries = () => queryCatalogue<AuditRow>(ws.catalog, "SELECT outcome, target, details FROM audit_log WHERE action = 'disc.build' ORDER BY seq");
  const discs = () => queryCatalogue<{ number: string; image_path: string }>(ws.catalog, 'SELECT number, image_path FROM discs ORDER BY id');
  const entries = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

  beforeAll(async () => {
    // Three recordings large enough that writing and reading back the image takes a moment to catch.
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    try {
      for (let n = 1; n <= 3; n++) {
        const name = `0001234_110101_20260515080${n}00_000${n}.MP4`;
        const vaultPath = `${recordingFolder('2026-05-15', '0001234')}/${name}`;
        const abs = path.join(ws.vault, vaultPath);
        const bytes = randomBytes(24 * 1024 * 1024);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, bytes, { mode: 0o440 });
        const id = vault.recordings.insert({
          sha256: createHash('sha256').update(bytes).digest('hex'),
          size: bytes.length,
          vaultPath,
          originalName: name,
          sourcePath: `DCIM/${name}`,
          deviceNumber: '0001234',
          officerId: '110101',
          startedAt: `2026-05-15T08:0${n}:00+08:00`,
          startedAtEpochMs: Date.parse(`2026-05-15T08:0${n}:00+08:00`),
          startedAtSource: 'file-name',
          localDate: '2026-05-15',
          durationSeconds: 60,
          format: 'mov,mp4',
          videoCodec: 'h264',
          audioCodec: null,
          width: 320,
          height: 240,
          probeError: null,
          sourceMtime: null,
          ingestedAt: '2026-05-15T20:00:00+08:00',
          sessionId: null,
          flags: [],
        });
        ids.push(id);
        files.set(id, abs);
      }
    } finally {
      await vault.close();
    }
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', small]);
    mounted = true;
  });

  afterAll(() => {
    if (mounted) spawnSync('umount', [small]);
    ws.cleanup();
  });

  function expectRefusedFor(r: { status: number; stderr: string }, id: number, problem: RegExp): void {
    expect(r.status, r.stderr).toBe(2);
    const vaultPath = path.relative(ws.vault, files.get(id)!);
    expect(r.stderr).toContain(`recording ${id}`);
    expect(r.stderr).toContain(vaultPath);
    expect(r.stderr).toMatch(problem);
    expect(r.stderr).toContain(`evidence-vault repair ${id}`);
    expect(r.stderr).toContain('evidence-vault verify');
    expect(r.stderr).toContain('not at fault');
    expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at .*\(|disc .* did not read back/);
  }

  it('a flipped byte in a vault file stops the build before anything is written, naming the recording and the repair', () => {
    const victim = ids[1]!;
    flipByte(files.get(victim)!, 5_000_000, 0x01);
    const out = path.join(ws.dir, 'flipped');
    try {
      const r = build(out);
      expectRefusedFor(r, victim, /SHA-256 [0-9a-f]{64}, catalogue [0-9a-f]{64}/);
      expect(fs.existsSync(out)).toBe(false);
      const last = discBuildEntries().at(-1)!;
      expect(last.outcome).toBe('refused');
      expect(JSON.parse(last.details)).toMatchObject({ damaged: [expect.objectContaining({ id: victim, problem: 'changed' })] });
      expect(discs()).toEqual([]);
    } finally {
      flipByte(files.get(victim)!, 5_000_000, 0x01);
    }
  });

  it('a deleted vault file, or a link where it was, stops the build the same way', () => {
    const victim = ids[2]!;
    const file = files.get(victim)!;
    const aside = `${file}.aside`;
    fs.renameSync(file, aside);
    const out = path.join(ws.dir, 'deleted');
    try {
      expectRefusedFor(build(out), victim, /missing/);
      expect(fs.existsSync(out)).toBe(false);
      // The same bytes behind a link are not the stored file.
      fs.symlinkSync(aside, file);
      expectRefusedFor(build(out, '--json'), victim, /a link stands where the stored file was/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      fs.rmSync(file, { force: true });
      fs.renameSync(aside, file);
    }
    const refused = discBuildEntries().filter((e) => e.outcome === 'refused');
    expect(refused).toHaveLength(3);
    expect(discs()).toEqual([]);
  });

  /** Start a build in its own process group, wait for `moment` in --out, and SIGKILL the whole group there. */
  async function killBuildWhen(out: string, what: string, moment: (names: string[]) => boolean): Promise<void> {
    const child = spawn(process.execPath, [CLI, '--config', ws.config, 'disc', 'build', '--recording', ...ids.map(String), '--out', out, '--json'], { stdio: 'ignore', detached: true });
    const exited = exitOf(child);
    try {
      await waitFor(what, () => moment(entries(out)) || child.exitCode !== null, 120_000, 5);
      expect(child.exitCode, `the build finished before ${what}`).toBeNull();
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    }
  }

  it('killed while writing the register, or the image, leaves no final name; the rerun builds that number cleanly', async () => {
    const out = path.join(ws.dir, 'killed');
    const size = (name: string) => fs.statSync(path.join(out, name), { throwIfNoEntry: false })?.size ?? 0;
    await killBuildWhen(out, 'the temporary register folder', (names) => names.some((n) => PARTIAL.test(n) && !n.includes('.iso.')));
    expect(entries(out).filter((n) => FINAL.test(n))).toEqual([]);
    await killBuildWhen(out, 'the temporary image growing', (names) => names.some((n) => PARTIAL.test(n) && n.includes('.iso.') && size(n) > 1024 * 1024));
    const left = entries(out);
    expect(left.filter((n) => FINAL.test(n))).toEqual([]);
    expect(left.length).toBeGreaterThan(0);
    for (const n of left) expect(n).toMatch(PARTIAL);
    expect(discs()).toEqual([]);

    const r = build(out, '--json');
    expect([0, 3], r.stderr).toContain(r.status);
    const built = JSON.parse(r.stdout) as BuildJson;
    expect(built.discs).toHaveLength(1);
    const disc = built.discs[0]!;
    // The dead runs never catalogued their number: the rerun takes it, and their temporary files are gone.
    expect(disc.number).toMatch(/^GP\d{4}-0001$/);
    expect(entries(out)).toEqual([disc.number, `${disc.number}.iso`]);
    expect(discs()).toEqual([{ number: disc.number, image_path: path.join(out, `${disc.number}.iso`) }]);
    const ok = discBuildEntries().at(-1)!;
    expect(ok).toMatchObject({ outcome: 'ok', target: disc.number });
    expect((JSON.parse(ok.details) as { removedUnfinished: string[] }).removedUnfinished.length).toBeGreaterThan(0);
    const verify = cli('disc', 'verify', disc.image, '--json');
    expect(verify.status, verify.stderr).toBe(0);
    expect(fs.existsSync(disc.files.register.pdf)).toBe(true);
  });

  it('never overwrites a final-named image the catalogue does not know: refuses, naming it; the next build takes the next number', () => {
    const out = path.join(ws.dir, 'killed');
    const [first] = discs();
    const year = first!.number.slice(2, 6);
    const firstHash = createHash('sha256').update(fs.readFileSync(first!.image_path)).digest('hex');
    // What a build killed between naming its image and cataloguing it would leave (or a file put there by hand).
    const stray = path.join(out, `GP${year}-0002.iso`);
    fs.writeFileSync(stray, 'an image that was never catalogued');
    const r = build(out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(stray);
    expect(r.stderr).toMatch(/already in --out, but the catalogue has no disc GP\d{4}-0002/);
    expect(r.stderr).not.toMatch(/unexpected failure/);
    expect(fs.readFileSync(stray, 'utf8')).toBe('an image that was never catalogued');
    expect(entries(out)).toEqual([first!.number, `${first!.number}.iso`, `GP${year}-0002.iso`]);
    expect(discBuildEntries().at(-1)!.outcome).toBe('refused');

    fs.renameSync(stray, `${stray}.uncatalogued`);
    const again = build(out, '--json');
    expect([0, 3], again.stderr).toContain(again.status);
    expect((JSON.parse(again.stdout) as BuildJson).discs[0]!.number).toBe(`GP${year}-0002`);
    // The finished image of the first build is untouched.
    expect(createHash('sha256').update(fs.readFileSync(first!.image_path)).digest('hex')).toBe(firstHash);
    expect(entries(out).filter((n) => PARTIAL.test(n))).toEqual([]);
  });

  it('an --out that is a file, not a folder, is refused and left as it was', () => {
    const out = path.join(ws.dir, 'not-a-folder');
    fs.writeFileSync(out, 'keep me');
    const r = build(out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(`--out ${out} is a file, not a folder`);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    expect(discBuildEntries().at(-1)!.outcome).toBe('refused');
  });

  it('an --out without room for the images is refused before anything is written', () => {
    const out = path.join(small, 'discs');
    const r = build(out);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the disc image\(s\) need about .* \(\d+ bytes\) but .* has .* \(\d+ bytes\) free/);
    expect(fs.existsSync(out)).toBe(false);
    expect(discBuildEntries().at(-1)!.outcome).toBe('refused');
  });

  it('a tool failing mid-build ends with a clear message, nothing unfinished left, the failure on the record', () => {
    // A Chromium that writes half a PDF and dies, first in PATH.
    const bin = path.join(ws.dir, 'broken-bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.writeFileSync(
      path.join(bin, 'chromium'),
      '#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 half" > "${a#--print-to-pdf=}";; esac; done\necho "render process crashed" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const out = path.join(ws.dir, 'broken');
    const before = discs().length;
    const r = runCli(['--config', ws.config, 'disc', 'build', '--recording', String(ids[0]), '--out', out], { PATH: `${bin}:${process.env.PATH ?? ''}` });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/disc GP\d{4}-\d{4} could not be made: chromium failed .*render process crashed.*nothing of disc GP\d{4}-\d{4} was kept/);
    expect(r.stderr).toContain('try: Run the same command again');
    expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at .*\(/);
    expect(entries(out)).toEqual([]);
    expect(discs()).toHaveLength(before);
    const last = discBuildEntries().at(-1)!;
    expect(last.outcome).toBe('failed');
    expect(JSON.parse(last.details)).toMatchObject({ error: expect.stringMatching(/chromium failed/), disc: expect.stringMatching(/^GP/) });
  });

  it('two builds into one --out at once: each ends numbered and catalogued or with a clear message; no overwrite, nothing unfinished', async () => {
    const out = path.join(ws.dir, 'together');
    const run = () => {
      const child = spawn(process.execPath, [CLI, '--config', ws.config, 'disc', 'build', '--recording', String(ids[0]), '--out', out, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      return exitOf(child).then((status) => ({ status, stdout, stderr }));
    };
    const results = await Promise.all([run(), run()]);
    const made: string[] = [];
    for (const r of results) {
      expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at .*\(/);
      if (r.status === 0 || r.status === 3) made.push(...(JSON.parse(r.stdout) as BuildJson).discs.map((d) => d.number));
      else expect(r.stderr).toMatch(/another disc build|already in --out/);
    }
    expect(made.length).toBeGreaterThan(0);
    expect(new Set(made).size).toBe(made.length);
    // Every final name in --out is a catalogued disc, and reads back as one.
    const catalogued = new Map(discs().map((d) => [d.number, d.image_path]));
    const finals = entries(out).filter((n) => n.endsWith('.iso'));
    expect(finals.map((n) => n.replace(/\.iso$/, '')).sort()).toEqual(made.sort());
    for (const n of finals) {
      expect(catalogued.get(n.replace(/\.iso$/, ''))).toBe(path.join(out, n));
      expect(cli('disc', 'verify', path.join(out, n)).status).toBe(0);
    }
    expect(entries(out).filter((n) => PARTIAL.test(n))).toEqual([]);
  });
});
