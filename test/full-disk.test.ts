/**
 * Vault and catalogue on one full disk (issue 12, case 6), a real tmpfs: `verify` and `audit verify`
 * still run and report, and say plainly that the check itself could not be recorded (exit 75, or 1
 * with damage); commands that change anything stop with a message naming the disk and what to do
 * (exit 74). No stack trace anywhere; once space is freed, everything checks clean.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initVaultAt, runCli, startCli, type CliResult } from './support/cli.js';
import { exitOf } from './support/wait.js';
import { makeVideo, recorderFileName } from './support/media.js';
import { flipByte, queryCatalogue } from './support/tamper.js';

let dir = '';
let disk = '';
let config = '';
let catalog = '';
let vault = '';
/** Read before the disk fills: a full disk lets no one open the catalogue the usual way, the tests included. */
let firstRow: { id: number; vault_path: string };
const filler = () => path.join(disk, 'filler');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-full-'));
  disk = path.join(dir, 'disk');
  fs.mkdirSync(disk);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', disk]);
  vault = path.join(disk, 'vault');
  catalog = path.join(disk, 'catalogue', 'catalog.sqlite');
  config = path.join(dir, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ vaultRoot: vault, catalogPath: catalog, timezone: 'Asia/Shanghai' }));
  initVaultAt(config);
  const card = path.join(dir, 'card', 'DCIM');
  fs.mkdirSync(card, { recursive: true });
  for (let i = 1; i <= 3; i++) makeVideo(path.join(card, recorderFileName({ stamp: `2026051507${i}000`, seq: i })), i);
  expect(cli('device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M').status).toBe(0);
  expect(cli('ingest', path.dirname(card), '--device', '0001234').status).toBe(0);
  firstRow = queryCatalogue<{ id: number; vault_path: string }>(catalog, 'SELECT id, vault_path FROM recordings ORDER BY id LIMIT 1')[0]!;
}, 120_000);

afterAll(() => {
  if (disk) spawnSync('umount', ['-l', disk]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function cli(...args: string[]): CliResult {
  return runCli(['--config', config, ...args]);
}

async function runAsync(args: string[]): Promise<CliResult> {
  const child = startCli(['--config', config, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const status = await exitOf(child);
  return { status: status ?? -1, stdout, stderr };
}

/** Fill the disk to the last byte, then give back `leave` bytes. */
function fillDisk(leave = 0): void {
  const fd = fs.openSync(filler(), 'w');
  const chunk = Buffer.alloc(64 * 1024, 7);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
  }
  // Smaller writes for the last pages.
  try {
    for (;;) fs.writeSync(fd, chunk, 0, 512);
  } catch {
    // full
  }
  fs.closeSync(fd);
  if (leave) fs.truncateSync(filler(), fs.statSync(filler()).size - leave);
}

function noStack(r: CliResult): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/unexpected failure/);
}

const checksOnRecord = () => queryCatalogue<{ n: number }>(catalog, "SELECT count(*) AS n FROM audit_log WHERE action IN ('verify', 'audit.verify')")[0]!.n;

describe('vault and catalogue on one full disk', () => {
  // Full to the last byte: SQLite cannot even make its shared-memory index. With a few pages left it
  // opens, and the first write fails with SQLITE_FULL. Both must behave the same for people.
  for (const [label, leave] of [['to the last byte', 0], ['but for a few pages', 40 * 1024]] as const) {
    describe(label, () => {
      beforeAll(() => fillDisk(leave));
      afterAll(() => fs.rmSync(filler(), { force: true }));

      it('verify and audit verify run, report, and say the check could not be recorded', () => {
        const v = cli('verify');
        noStack(v);
        expect(v.status).toBe(75);
        expect(v.stdout).toMatch(/Checked 3 files .*all match the catalogue/);
        expect(v.stdout).toContain('the check itself could not be recorded: disk full');
        expect(v.stderr).toMatch(/could not be recorded: disk full[\s\S]*try: free space/);

        const vj = cli('verify', '--json');
        noStack(vj);
        expect(vj.status).toBe(75);
        expect(JSON.parse(vj.stdout)).toMatchObject({ ok: true, checked: 3, problems: [], notRecorded: 'disk full', repair: null });

        const a = cli('audit', 'verify', '--json');
        noStack(a);
        expect(a.status).toBe(75);
        expect(JSON.parse(a.stdout)).toMatchObject({ ok: true, filesChecked: 3, findings: [], notRecorded: 'disk full' });
        const at = cli('audit', 'verify');
        expect(at.status).toBe(75);
        expect(at.stdout).toMatch(/All checks passed/);
        expect(at.stdout).toContain('the check itself could not be recorded: disk full');
        const zh = cli('audit', 'verify', '--lang', 'zh');
        expect(zh.status).toBe(75);
        expect(zh.stdout).toContain('本次检查本身未能记入审计记录：磁盘已满');
        expect(zh.stderr).toMatch(/本次检查本身未能记入审计记录：磁盘已满[\s\S]*建议: 释放/);
      });

      it('a person without the role is still refused (77); two checks at once both report', async () => {
        const r = runCli(['--config', config, 'verify'], { SUDO_USER: 'mallory' });
        noStack(r);
        expect(r.status).toBe(77);
        expect(r.stderr).toMatch(/refused: mallory is not an operator/);
        expect(r.stdout).not.toMatch(/Checked/);
        // A careless second check started beside the first: it waits for the catalogue, then reports.
        const both = await Promise.all([runAsync(['verify']), runAsync(['audit', 'verify'])]);
        for (const b of both) {
          noStack(b);
          expect(b.status, b.stderr).toBe(75);
          expect(b.stdout).toContain('the check itself could not be recorded: disk full');
        }
      });

      it('damage found on a full disk is still reported, with the repair command (exit 1)', () => {
        const row = firstRow;
        const file = path.join(vault, row.vault_path);
        flipByte(file, 400);
        try {
          const v = cli('verify', '--json');
          noStack(v);
          expect(v.status).toBe(1);
          expect(JSON.parse(v.stdout)).toMatchObject({ ok: false, problems: [{ kind: 'mismatch', recordingId: row.id }], repair: ['evidence-vault', 'repair', String(row.id)], notRecorded: 'disk full' });
          const a = cli('audit', 'verify');
          noStack(a);
          expect(a.status).toBe(1);
          expect(a.stdout).toContain(`evidence-vault repair ${row.id}`);
          expect(a.stdout).toContain('the check itself could not be recorded: disk full');
        } finally {
          flipByte(file, 400);
        }
      });

      it('commands that change anything stop with a clear message naming the disk', () => {
        const card2 = path.join(dir, 'card2', 'DCIM');
        fs.mkdirSync(card2, { recursive: true });
        fs.copyFileSync(
          path.join(dir, 'card', 'DCIM', recorderFileName({ stamp: '20260515071000', seq: 1 })),
          path.join(card2, recorderFileName({ stamp: '20260515090000', seq: 9 })),
        );
        for (const args of [
          ['ingest', path.dirname(card2), '--device', '0001234'],
          ['operator', 'add', 'wang', '--name', 'Wang', '--role', 'custodian'],
          ['device', 'add', '--number', '0005678', '--brand', 'B', '--model', 'M'],
          ['init'],
        ]) {
          const r = cli(...args);
          noStack(r);
          expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(74);
          expect(r.stderr).toMatch(new RegExp(`the disk holding ${disk.replace(/[/.]/g, '\\$&')}/(vault|catalogue).* is full`));
          expect(r.stderr).toMatch(/try: free space on that disk/);
        }
        const j = cli('ingest', path.dirname(card2), '--device', '0001234', '--json');
        expect(j.status).toBe(74);
        expect(JSON.parse(j.stdout)).toMatchObject({ error: expect.stringMatching(/is full/), hint: expect.stringMatching(/free space/) });
      });
    });
  }

  it('once space is freed: nothing was half-stored or half-recorded, the checks run clean and are on the record again', () => {
    // None of the checks on the full disk could record itself, and none pretended to.
    expect(checksOnRecord()).toBe(0);
    const rows = queryCatalogue<{ vault_path: string }>(catalog, 'SELECT vault_path FROM recordings ORDER BY vault_path');
    expect(rows).toHaveLength(3);
    const footage = path.join(vault, '现场执法记录仪影像资料');
    const files = (fs.readdirSync(footage, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(footage, f)).isFile())
      .map((f) => `现场执法记录仪影像资料/${f}`)
      .sort();
    expect(files).toEqual(rows.map((r) => r.vault_path));
    const v = cli('verify');
    expect(v.status, v.stdout + v.stderr).toBe(0);
    const a = cli('audit', 'verify');
    expect(a.status, a.stdout + a.stderr).toBe(0);
    expect(checksOnRecord()).toBe(2);
    expect(cli('operator', 'add', 'wang', '--name', 'Wang', '--role', 'custodian').status).toBe(0);
  });
});
