/**
 * The vault's own boundary, through the built CLI: only `init` makes a vault, a source is never the
 * vault, and disposal removes nothing but the catalogued file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { CLI, makeWorkspace, runCli, runJson } from './support/cli.js';
import { spawnSync } from 'node:child_process';
import { filesBelow } from './support/files.js';
import { writeRecorderFiles } from './support/media.js';
import { seedRecording } from './support/seed-recordings.js';
import type { AuditEntry } from '../src/core/audit-chain.js';

describe('a vault is made only by init', () => {
  const ws = makeWorkspace('ev-init-', { admin: 'boss' });
  afterAll(() => ws.cleanup());

  it('a mistyped catalogPath creates nothing, on any command, and says to run init', () => {
    const typo = path.join(ws.dir, 'typo.json');
    const wrongCatalog = path.join(ws.dir, 'catalgue', 'catalog.sqlite');
    const wrongVault = path.join(ws.dir, 'vualt');
    fs.writeFileSync(typo, JSON.stringify({ vaultRoot: wrongVault, catalogPath: wrongCatalog }));
    for (const args of [['device', 'list'], ['status'], ['operator', 'list'], ['audit', 'verify']]) {
      const r = runCli(['--config', typo, ...args], { SUDO_USER: 'boss' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`no vault at ${wrongCatalog} — run evidence-vault init`);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    expect(fs.existsSync(path.dirname(wrongCatalog))).toBe(false);
    expect(fs.existsSync(wrongVault)).toBe(false);
  });

  it('a catalogue whose vault folder is missing (an unmounted disk) is refused, and nothing is created', () => {
    const moved = path.join(ws.dir, 'vault-elsewhere');
    fs.renameSync(ws.vault, moved);
    try {
      const r = runCli(['--config', ws.config, 'device', 'list'], { SUDO_USER: 'boss' });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`the vault folder ${ws.vault} is missing`);
      expect(fs.existsSync(ws.vault)).toBe(false);
    } finally {
      fs.renameSync(moved, ws.vault);
    }
  });

  it('init again is an administrator act: checked and recorded, and a stranger is refused on the record', () => {
    const again = runJson<{ created: boolean; firstAdmin: string | null }>(['--config', ws.config, 'init'], { SUDO_USER: 'boss' });
    expect(again).toMatchObject({ created: false, firstAdmin: null });
    const stranger = runCli(['--config', ws.config, 'init'], { SUDO_USER: 'mallory' });
    expect(stranger.status).toBe(77);
    const entries = runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--action', 'vault.init'], { SUDO_USER: 'boss' });
    expect(entries.map((e) => [e.operator, e.outcome])).toEqual([
      ['boss', 'ok'],
      ['boss', 'ok'],
      ['mallory', 'refused'],
    ]);
    const ops = runJson<{ osUser: string; roles: string[] }[]>(['--config', ws.config, 'operator', 'list'], { SUDO_USER: 'boss' });
    expect(ops).toEqual([expect.objectContaining({ osUser: 'boss', roles: ['admin'] })]);
  });
});

describe('a source is never the vault', () => {
  const ws = makeWorkspace('ev-source-');
  afterAll(() => ws.cleanup());
  beforeAll(() => {
    const card = path.join(ws.dir, 'card', 'DCIM');
    writeRecorderFiles(card, [{ name: '0001234_110101_20260515073000_0001.MP4' }]);
    expect(runCli(['--config', ws.config, 'ingest', path.dirname(card), '--device', '0001234']).status).toBe(0);
  });

  it('refuses the vault, the catalogue folder, a folder holding them, and a symlink into them; each refusal recorded', () => {
    const link = path.join(ws.dir, 'looks-like-a-card');
    fs.symlinkSync(ws.vault, link);
    const attempts = [ws.vault, path.join(ws.vault, '现场执法记录仪影像资料'), path.dirname(ws.catalog), ws.dir, link];
    for (const source of attempts) {
      const r = runCli(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
      expect(r.status, source).toBe(77);
      expect(r.stderr).toContain('a recorder volume is never the vault');
    }
    const refused = runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest', '--outcome', 'refused']);
    expect(refused.map((e) => e.target)).toEqual(attempts);
    expect(runJson<unknown[]>(['--config', ws.config, 'recordings', 'list'])).toHaveLength(1);
    expect(filesBelow(path.join(ws.vault, '现场执法记录仪影像资料'))).toHaveLength(1);
  });

  it('a source reached through a symlink is read at its resolved place, once', () => {
    const link = path.join(ws.dir, 'card-link');
    fs.symlinkSync(path.join(ws.dir, 'card'), link);
    const s = runJson<{ source: string; already: { files: number } }>(['--config', ws.config, 'ingest', link, '--device', '0001234']);
    expect(s.source).toBe(fs.realpathSync(path.join(ws.dir, 'card')));
    expect(s.already.files).toBe(1);
  });

  it('no output goes into the vault or the catalogue folder: export and disc build refuse --out there, on the record', () => {
    for (const out of [path.join(ws.vault, '.audit'), path.dirname(ws.catalog), ws.dir]) {
      const e = runCli(['--config', ws.config, 'export', 'quarter', '2026Q2', '--out', out]);
      expect(e.status, out).toBe(77);
      expect(e.stderr).toContain("is or holds the vault's own folder");
      const d = runCli(['--config', ws.config, 'disc', 'build', '--recording', '1', '--case-number', 'X1', '--case-title', 'T', '--out', out]);
      expect(d.status, out).toBe(77);
    }
    expect(filesBelow(path.join(ws.vault, '.audit'))).toEqual(['audit-trail.jsonl']);
    const refused = runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--outcome', 'refused']);
    expect(refused.filter((e) => e.action === 'export')).toHaveLength(3);
    expect(refused.filter((e) => e.action === 'disc.build')).toHaveLength(3);
  });

  it('export verify follows no symlink in a bag and echoes no line of what it reads', () => {
    const bag = path.join(ws.dir, 'fake-bag');
    fs.mkdirSync(bag);
    fs.writeFileSync(path.join(bag, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const secret = path.join(ws.dir, 'secret.txt');
    fs.writeFileSync(secret, 'TOP-SECRET-LINE\n');
    fs.symlinkSync(secret, path.join(bag, 'manifest-sha256.txt'));
    fs.symlinkSync(ws.vault, path.join(bag, 'data'));
    fs.writeFileSync(path.join(bag, 'tagmanifest-sha256.txt'), `${'0'.repeat(64)}  ../catalogue/catalog.sqlite\nnot a line SECRET-TAG\n`);
    const r = runCli(['--config', ws.config, 'export', 'verify', bag, '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).not.toContain('TOP-SECRET-LINE');
    expect(r.stdout + r.stderr).not.toContain('SECRET-TAG');
    expect(r.stdout + r.stderr).not.toContain('现场执法记录仪影像资料');
    expect(r.stdout).not.toMatch(/SHA-256 is [0-9a-f]{64}/);
  });

  it('what a caller types is bounded in the trail; a failed system call on their path is a clear error', () => {
    const huge = 'x'.repeat(131_072);
    expect(runCli(['--config', ws.config, 'recordings', 'show', huge]).status).not.toBe(0);
    const file = path.join(ws.dir, 'a-file');
    fs.writeFileSync(file, '');
    const r = runCli(['--config', ws.config, 'export', 'quarter', '2026Q2', '--out', path.join(file, 'sub')]);
    expect(r.stderr).not.toMatch(/unexpected failure|\n\s+at /);
    expect(r.stderr).toMatch(/ENOTDIR|not a folder|a file is in the way/);
    expect(fs.statSync(path.join(ws.vault, '.audit', 'audit-trail.jsonl')).size).toBeLessThan(64 * 1024);
  });

  it('a reader that goes away early ends the output without a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" --config "${ws.config}" audit log --json | head -c 1`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('a config whose drop folder or media root lies inside the vault does not load', () => {
    const bad = path.join(ws.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ vaultRoot: ws.vault, catalogPath: ws.catalog, dock: { dropFolders: [path.join(ws.vault, 'drop')] } }));
    const r = runCli(['--config', bad, 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('key "dock.dropFolders.0"');
    expect(r.stderr).toContain("overlaps the vault's own folder");
  });
});

describe('disposal removes only the catalogued file', () => {
  const ws = makeWorkspace('ev-dispose-', { admin: 'boss' });
  const ids: Record<string, number> = {};
  const paths: Record<string, string> = {};
  const boss = { SUDO_USER: 'boss' };
  afterAll(() => ws.cleanup());
  beforeAll(async () => {
    expect(runCli(['--config', ws.config, 'operator', 'roles', 'boss', '--role', 'admin', '--role', 'approver'], boss).status).toBe(0);
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    for (const [key, date] of [['swapped', '2020-03-01'], ['linked', '2020-03-02'], ['dirLinked', '2020-04-05'], ['fine', '2020-05-01']] as const) {
      ids[key] = seedRecording(v, date, key === 'dirLinked' ? '0005555' : '0001234');
      paths[key] = v.recordings.get(ids[key]!)!.vaultPath;
    }
    await v.close();
  });

  it('refuses a swapped file, a symlinked file and a symlinked folder on the way, leaves each as found, records what it found', () => {
    const abs = (key: string) => path.join(ws.vault, paths[key]!);
    // A different file of another size under the catalogued name (longer than the seeded one, whatever its number).
    const seededSize = fs.statSync(abs('swapped')).size;
    fs.chmodSync(abs('swapped'), 0o644);
    fs.writeFileSync(abs('swapped'), `not the recording at all: ${'x'.repeat(seededSize)}`);
    // The name points elsewhere (something the service user could delete).
    const victim = path.join(ws.dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.rmSync(abs('linked'));
    fs.symlinkSync(victim, abs('linked'));
    // A folder on the way is a symlink to another tree holding a same-named file.
    const elsewhere = path.join(ws.dir, 'elsewhere');
    fs.cpSync(path.dirname(abs('dirLinked')), elsewhere, { recursive: true });
    fs.rmSync(path.dirname(abs('dirLinked')), { recursive: true, force: true });
    fs.symlinkSync(elsewhere, path.dirname(abs('dirLinked')));

    const r = runCli(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '保存期满', '--json'], boss);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as { disposed: { id: number }[]; refused: { id: number; found: string }[] };
    expect(out.disposed.map((d) => d.id)).toEqual([ids.fine]);
    const found = Object.fromEntries(out.refused.map((x) => [x.id, x.found]));
    expect(found[ids.swapped!]).toContain(`holds ${seededSize + 26} bytes; the catalogue says ${seededSize}`);
    expect(found[ids.linked!]).toMatch(/is a symbolic link → .*victim\.txt/);
    expect(found[ids.dirLinked!]).toMatch(/a symbolic link on the way/);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.existsSync(abs('swapped'))).toBe(true);
    expect(filesBelow(elsewhere)).toHaveLength(1);
    expect(fs.existsSync(abs('fine'))).toBe(false);

    const refused = runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--action', 'retention.dispose.file', '--outcome', 'refused'], boss);
    expect(refused.map((e) => e.target).sort()).toEqual([ids.swapped, ids.linked, ids.dirLinked].map((id) => `recording:${id}`).sort());
    // The refused disposals stay unfinished, on show, and a later run refuses them again.
    const status = runJson<{ unfinishedDisposals: number }>(['--config', ws.config, 'retention', 'status'], boss);
    expect(status.unfinishedDisposals).toBe(3);
    expect(runCli(['--config', ws.config, 'retention', 'run'], boss).status).toBe(1);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
  });

  it('a file with the right size but other bytes is refused too', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const id = seedRecording(v, '2020-06-01');
    const rel = v.recordings.get(id)!.vaultPath;
    await v.close();
    const abs = path.join(ws.vault, rel);
    const size = fs.statSync(abs).size;
    fs.chmodSync(abs, 0o644);
    fs.writeFileSync(abs, 'x'.repeat(size));
    fs.chmodSync(abs, 0o444);
    const r = runJson<{ refused: { id: number; found: string }[] }>(['--config', ws.config, 'retention', 'run', '--execute', '--reason', '保存期满'], boss);
    expect(r.refused.find((x) => x.id === id)?.found).toMatch(/has SHA-256 [0-9a-f]{64}; the catalogue says [0-9a-f]{64}/);
    expect(fs.statSync(abs).mode & 0o777).toBe(0o444); // left as found
  });
});

describe('a recording swapped for a FIFO', () => {
  const ws = makeWorkspace('ev-fifo-');
  afterAll(() => ws.cleanup());

  it('is named by verify and audit verify, which end (the read-back waited for a writer for ever)', async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const id = seedRecording(v, '2026-05-15');
    const fine = seedRecording(v, '2026-05-15');
    const rel = v.recordings.get(id)!.vaultPath;
    await v.close();
    const abs = path.join(ws.vault, rel);
    fs.rmSync(abs);
    spawnSync('mkfifo', [abs]);
    for (const command of [['verify'], ['audit', 'verify']]) {
      // Bounded: a run that waits on the FIFO is killed and fails here, not the suite's timeout.
      const r = spawnSync(process.execPath, [CLI, '--config', ws.config, ...command, '--json'], { encoding: 'utf8', timeout: 60_000 });
      expect(r.error, `${command.join(' ')} did not end`).toBeUndefined();
      expect(r.status).toBe(1);
      // The files' findings, one a line (audit verify's also name their check; the seeded rows have no ingest entry).
      const problems = r.stdout.split('\n').filter((l) => l.startsWith('{"') && l.includes('"kind"')).map((l) => JSON.parse(l.replace(/,$/, '')) as { check?: string; recordingId?: number; kind: string; detail?: string });
      const ofFiles = problems.filter((p) => (p.check ?? 'files') === 'files');
      expect(ofFiles, r.stdout).toEqual([expect.objectContaining({ recordingId: id, kind: 'unreadable', detail: expect.stringContaining('is not a regular file') })]);
      expect(ofFiles.some((p) => p.recordingId === fine)).toBe(false);
    }
    // The quarter's archive set stops there, saying which file and what to do (it was an "unexpected error").
    const exported = spawnSync(process.execPath, [CLI, '--config', ws.config, 'export', 'quarter', '2026Q2', '--out', path.join(ws.dir, 'archive'), '--json'], { encoding: 'utf8', timeout: 60_000 });
    expect(exported.status, exported.stderr).toBe(2);
    const refusal = JSON.parse(exported.stdout) as { error: string; hint: string };
    expect(refusal.error).toContain(`could not copy ${rel} into the set`);
    expect(refusal.error).toContain('is not a regular file');
    expect(refusal.hint).toMatch(/evidence-vault verify names it and evidence-vault repair restores it/);
  });
});
