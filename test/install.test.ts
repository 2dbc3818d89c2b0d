/**
 * A real install on this machine (root, no systemd), then the installed command used the way the
 * README tells people to: through sudo, as ordinary accounts in the role groups. The attacks a red
 * team made on an installed PC are tried again and must be refused, on the record.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/cli.js';
import { buildFatImage } from './support/fat-volume.js';
import { makeAudio, makeVideo } from './support/media.js';
import { quarterAt, quarterId, quarterOfDate } from '../src/core/quarter.js';

const STATE = '/var/lib/evidence-vault';
const CUSTODIAN = 'ev-test-cust';
const APPROVER = 'ev-test-appr';
const ARCHIVIST = 'ev-test-arch';
const OUTSIDER = 'ev-test-none';

interface Result {
  status: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Result {
  // The installed PC's trail grows with every run of this suite: `audit log --json` passes 1 MiB (spawnSync's default cap).
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: '/', maxBuffer: 512 * 1024 * 1024, env });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * `sudo -u evidence-vault evidence-vault … --lang en` typed by `user` (sudo -n: never waits for a
 * password). sudo resets the environment, so the tests' LANGUAGE does not reach the program: it would
 * speak Chinese, as it does to the unit's people; these tests read its English and ask for it.
 */
function asPerson(user: string, ...args: string[]): Result {
  return run('runuser', ['-u', user, '--', 'sudo', '-n', '-u', 'evidence-vault', 'evidence-vault', ...args, '--lang', 'en']);
}

/** The administrator (root here, as the installer) through sudo, as the README says. */
function asAdmin(...args: string[]): Result {
  return run('sudo', ['-n', '-u', 'evidence-vault', 'evidence-vault', ...args, '--lang', 'en']);
}

function ensureUser(name: string, group: string | null): void {
  if (run('id', ['-u', name]).status !== 0) execFileSync('useradd', ['--no-create-home', '--shell', '/bin/sh', name]);
  if (group) execFileSync('usermod', ['-a', '-G', group, name]);
}

describe('installed evidence PC', { timeout: 240_000 }, () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-install-'));
  const mnt = path.join(work, 'mnt');
  let install: Result;
  let clip = '';
  let sound = '';

  beforeAll(() => {
    install = run('bash', [path.join(PROJECT_ROOT, 'scripts/install.sh')]);
    expect(install.status, install.stderr).toBe(0);
    ensureUser(CUSTODIAN, 'evidence-custodian');
    ensureUser(APPROVER, 'evidence-approver');
    ensureUser(ARCHIVIST, 'evidence-archivist');
    ensureUser(OUTSIDER, null);
    for (const [user, role] of [[CUSTODIAN, 'custodian'], [APPROVER, 'approver'], [ARCHIVIST, 'archivist']] as const) {
      const add = asAdmin('operator', 'add', user, '--name', user, '--role', role);
      if (add.status !== 0) expect(asAdmin('operator', 'roles', user, '--role', role).status).toBe(0); // a machine installed before
    }
    // A docked recorder: a FAT32 volume the service user can read (FUSE allow_other, as udisks mounts do).
    fs.chmodSync(work, 0o755);
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    clip = `0001234_110101_${stamp}_0001.MP4`;
    // An MP4 is read in-process; a WAV (a recorder's sound recording) still goes to ffprobe through the installed wrapper.
    sound = `0001234_110101_${stamp}_0002.WAV`;
    makeVideo(path.join(work, 'clip.mp4'), 1, { creationTime: new Date().toISOString() });
    makeAudio(path.join(work, 'sound.wav'), 1);
    buildFatImage(path.join(work, 'rec.img'), [
      { path: `DCIM/100MEDIA/${clip}`, from: path.join(work, 'clip.mp4') },
      { path: `DCIM/100MEDIA/${sound}`, from: path.join(work, 'sound.wav') },
    ]);
    fs.mkdirSync(mnt);
    execFileSync('fusefat', ['-o', 'ro,allow_other', path.join(work, 'rec.img'), mnt]);
    // An install (its packages copied and pruned by npm) gets as long as this file's tests, which
    // install again: the hooks' default minute, once overrun, fails every test of the file unrun.
  }, 240_000);

  afterAll(() => {
    spawnSync('fusermount', ['-u', '-z', mnt]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('installs without systemd, says the service was not started and how to start it; /opt belongs to root', () => {
    expect(install.stdout).toContain('systemd is not running on this machine, so the dock service was NOT started');
    expect(install.stdout).toContain('systemctl enable --now evidence-vault');
    expect(run('find', ['/opt/evidence-vault', '!', '-user', 'root']).stdout).toBe('');
    expect(run('find', ['/opt/evidence-vault', '-perm', '/022', '!', '-type', 'l']).stdout).toBe('');
    expect(fs.existsSync('/opt/evidence-vault/scripts/ffprobe-with-timeout')).toBe(true);
    expect(JSON.parse(fs.readFileSync('/opt/evidence-vault/installed.json', 'utf8'))).toEqual({ config: '/etc/evidence-vault/config.json', serviceUser: 'evidence-vault' });
    expect(run('visudo', ['-cf', '/etc/sudoers.d/evidence-vault']).status).toBe(0);
    // The installed command runs the program with the allocator setting the service's unit gives the daemon.
    const tunables = /^Environment=GLIBC_TUNABLES=(\S+)$/m.exec(fs.readFileSync('/etc/systemd/system/evidence-vault.service', 'utf8'))?.[1];
    expect(tunables).toMatch(/^glibc\.malloc\./);
    expect(fs.readFileSync('/usr/local/bin/evidence-vault', 'utf8')).toContain(` GLIBC_TUNABLES=${tunables} `);
    // And its V8 setting (the young generation kept small), the same as the unit's.
    expect(fs.readFileSync('/etc/systemd/system/evidence-vault.service', 'utf8')).toMatch(/^Environment=NODE_OPTIONS=--max-semi-space-size=4$/m);
    expect(fs.readFileSync('/usr/local/bin/evidence-vault', 'utf8')).toContain(' NODE_OPTIONS=--max-semi-space-size=4 ');
    // The code V8 compiled at the build is there for that setting too, and used: one recorded without
    // it is refused under it, and every installed command compiled the bundle again.
    const loader = `import { loadBundledCli } from '/opt/evidence-vault/dist/src/cli/bundle-loader.js'; console.log(loadBundledCli('/opt/evidence-vault/dist/bundle').codeCache);`;
    const cache = run(process.execPath, ['--input-type=module', '-e', loader], { PATH: process.env.PATH, NODE_OPTIONS: '--max-semi-space-size=4' });
    expect(cache.stdout.trim(), cache.stderr).toBe('used');
  });

  it('a custodian ingests a docked FAT32 recorder through the installed command', () => {
    const add = asPerson(CUSTODIAN, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8');
    if (add.status !== 0) expect(add.stderr).toContain('already');
    const r = asPerson(CUSTODIAN, 'ingest', mnt, '--device', '0001234', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { stored: { files: number }; failed: unknown[] };
    expect(s).toMatchObject({ stored: { files: 2 }, failed: [] });
    const rows = JSON.parse(asPerson(CUSTODIAN, 'recordings', 'list', '--device', '0001234', '--json').stdout) as { originalName: string; vaultPath: string; durationSeconds: number | null; format: string | null }[];
    const row = rows.find((x) => x.originalName === clip)!;
    expect(row.durationSeconds).toBeGreaterThan(0);
    // ffprobe ran through the installed wrapper for the sound recording.
    expect(rows.find((x) => x.originalName === sound)).toMatchObject({ format: 'wav', durationSeconds: expect.any(Number) });
    const stored = fs.statSync(path.join(STATE, 'vault', row.vaultPath));
    expect(stored.mode & 0o777).toBe(0o444);
    expect(stored.uid).toBe(Number(run('id', ['-u', 'evidence-vault']).stdout.trim()));
  });

  it('an approver cannot choose another configuration (attack 1): refused, nothing deleted, the real trail names them', () => {
    const own = path.join(work, 'a');
    fs.mkdirSync(own, { mode: 0o777 });
    fs.writeFileSync(path.join(own, 'cfg.json'), JSON.stringify({ vaultRoot: path.join(own, 'v'), catalogPath: path.join(own, 'c.sqlite') }), { mode: 0o666 });
    fs.symlinkSync(path.join(STATE, 'vault'), path.join(own, 'v'));
    const before = asAdmin('recordings', 'list', '--json').stdout;
    const r = asPerson(APPROVER, 'retention', 'run', '--execute', '--reason', 'x', '--config', path.join(own, 'cfg.json'));
    expect(r.status).toBe(77);
    expect(r.stderr).toContain("this PC runs with the administrator's configuration /etc/evidence-vault/config.json");
    expect(asAdmin('recordings', 'list', '--json').stdout).toBe(before);
    // sudo itself refuses the environment variable: no "sudo VAR=… evidence-vault".
    const env = run('runuser', ['-u', APPROVER, '--', 'sudo', '-n', `EVIDENCE_VAULT_CONFIG=${path.join(own, 'cfg.json')}`, '-u', 'evidence-vault', 'evidence-vault', 'status']);
    expect(env.status).not.toBe(0);
    expect(fs.existsSync(path.join(own, 'c.sqlite'))).toBe(false);
    const refused = JSON.parse(asAdmin('audit', 'log', '--action', 'config.override', '--operator', APPROVER, '--json').stdout) as { outcome: string; target: string }[];
    expect(refused.at(-1)).toMatchObject({ outcome: 'refused', target: path.join(own, 'cfg.json') });
  });

  it('a custodian cannot copy the vault out (attack 2), with or without a config of their own', () => {
    const out = path.join(work, 'c');
    fs.mkdirSync(out, { mode: 0o777 });
    fs.writeFileSync(path.join(out, 'cfg.json'), JSON.stringify({ vaultRoot: path.join(out, 'v'), catalogPath: path.join(out, 'cat.sqlite'), mediaExtensions: ['mp4', 'sqlite', 'jsonl'] }), { mode: 0o666 });
    expect(asPerson(CUSTODIAN, 'ingest', STATE, '--device', '0001234', '--config', path.join(out, 'cfg.json')).status).toBe(77);
    const plain = asPerson(CUSTODIAN, 'ingest', STATE, '--device', '0001234');
    expect(plain.status).toBe(77);
    expect(plain.stderr).toContain('a recorder volume is never the vault');
    expect(fs.readdirSync(out)).toEqual(['cfg.json']);
    const refused = JSON.parse(asAdmin('audit', 'log', '--operator', CUSTODIAN, '--outcome', 'refused', '--json').stdout) as { action: string; target: string }[];
    expect(refused.slice(-2).map((e) => e.action)).toEqual(['config.override', 'ingest']);
  });

  it('without sudo, or as root, the command says how to run it; no stack trace; a stranger cannot sudo', () => {
    const direct = run('runuser', ['-u', CUSTODIAN, '--', 'evidence-vault', 'status']);
    expect(direct.status).toBe(77);
    expect(direct.stderr).toContain('sudo -u evidence-vault evidence-vault status');
    expect(direct.stderr).not.toMatch(/\n\s+at /);
    const root = run('evidence-vault', ['recordings', 'list']);
    expect(root.status).toBe(77);
    expect(root.stderr).toContain('sudo -u evidence-vault evidence-vault recordings list');
    expect(asPerson(OUTSIDER, 'status').status).not.toBe(0);
    // A person starting a second dock service through sudo is refused: systemd runs it.
    expect(asPerson(CUSTODIAN, 'daemon').status).toBe(77);
  });

  it('an archivist writes outputs only where no person can swap them; there they are the archivists\' to read', () => {
    // A folder the archivist can write: a link planted in it could send the service's writes into the vault.
    const theirs = path.join(work, 'theirs');
    fs.mkdirSync(theirs, { mode: 0o777 });
    fs.chmodSync(theirs, 0o777);
    // The clip is stamped now: its quarter is usually still running, so its set is a provisional one.
    const quarter = quarterId(quarterOfDate(`${clip.slice(15, 19)}-${clip.slice(19, 21)}-${clip.slice(21, 23)}`));
    const running = quarterId(quarterAt(new Date(), 'Asia/Shanghai')) === quarter ? ['--before-end'] : [];
    const refused = asPerson(ARCHIVIST, 'export', 'quarter', quarter, '--out', theirs, ...running);
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain('which others can write to');
    expect(fs.readdirSync(theirs)).toEqual([]);
    // Root's sticky folder (as /tmp is): anyone may still make a name in it first, such as the bag's
    // folder with a link inside to the vault (a red team's finding).
    const sticky = path.join(work, 'sticky');
    fs.mkdirSync(sticky);
    fs.chmodSync(sticky, 0o1777);
    for (const into of [sticky, path.join(sticky, 'archive')]) {
      const r = asPerson(ARCHIVIST, 'export', 'quarter', quarter, '--out', into, ...running);
      expect(r.status).toBe(77);
      expect(r.stderr).toContain(`would be written in ${sticky}, where others can make files (sticky or not)`);
    }
    expect(fs.readdirSync(sticky)).toEqual([]);
    // The administrator's output folder: the service's own, readable by the archivists.
    const out = path.join(work, 'archive');
    execFileSync('install', ['-d', '-o', 'evidence-vault', '-g', 'evidence-archivist', '-m', '0750', out]);
    const made = asPerson(ARCHIVIST, 'export', 'quarter', quarter, '--out', out, '--json', ...running);
    expect(made.status, made.stderr).toBe(0);
    const bag = fs.readdirSync(out).find((n) => n.startsWith(quarter))!;
    const st = fs.statSync(path.join(out, bag, 'bagit.txt'));
    expect(st.mode & 0o777).toBe(0o640);
    expect(st.gid).toBe(Number(run('getent', ['group', 'evidence-archivist']).stdout.split(':')[2]));
    expect(run('runuser', ['-u', ARCHIVIST, '--', 'cat', path.join(out, bag, 'bagit.txt')]).status).toBe(0);
  });

  it('a file-size limit set before sudo cannot tear the trail: lifted where sudo can, refused where it cannot', () => {
    const before = asAdmin('audit', 'log', '--json').stdout;
    const soft = run('runuser', ['-u', CUSTODIAN, '--', 'sh', '-c', 'ulimit -S -f 1; sudo -n -u evidence-vault evidence-vault status --json']);
    expect(soft.status, soft.stderr).toBe(0);
    const hard = run('runuser', ['-u', CUSTODIAN, '--', 'sh', '-c', 'ulimit -f 1; sudo -n -u evidence-vault evidence-vault status --json']);
    expect(hard.status).toBe(77);
    expect(hard.stderr).toContain('文件大小限制'); // through sudo: the unit's language, Chinese
    const after = JSON.parse(asAdmin('audit', 'log', '--json').stdout) as { action: string; operator: string }[];
    // The admin's first look-up, then the soft-limited status; the refused one could write nothing.
    expect(after.length).toBe((JSON.parse(before) as unknown[]).length + 2);
    expect(after.at(-1)).toMatchObject({ action: 'status', operator: CUSTODIAN });
  });

  it('installing again, from a second checkout sharing the first one\'s packages by a link and with no network, keeps the vault, the catalogue and the operators', () => {
    const before = asAdmin('recordings', 'list', '--json').stdout;
    const second = path.join(work, 'checkout-2');
    fs.mkdirSync(second);
    for (const part of ['dist', 'config', 'scripts', 'systemd', 'package.json', 'package-lock.json']) fs.cpSync(path.join(PROJECT_ROOT, part), path.join(second, part), { recursive: true });
    fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(second, 'node_modules'));
    // npm offline with an empty cache: anything it would fetch fails the install (a copied link once made it fetch every package).
    const cache = fs.mkdtempSync(path.join(work, 'npm-cache-'));
    const again = run('bash', [path.join(second, 'scripts/install.sh')], { ...process.env, npm_config_offline: 'true', npm_config_cache: cache });
    expect(again.status, again.stderr).toBe(0);
    expect(fs.lstatSync('/opt/evidence-vault/node_modules').isDirectory()).toBe(true);
    // init runs through sudo inside the installer: in Chinese, the unit's language.
    expect(again.stdout).toContain('证据库已存在');
    expect(asAdmin('recordings', 'list', '--json').stdout).toBe(before);
    expect(asPerson(CUSTODIAN, 'status').status).toBe(0);
  });
});
