/**
 * `verify` and `audit verify` racing four real ingests (issue 12, case 5): work in flight — a copy
 * linked into its day folder before its row commits, trail entries appended while the check reads —
 * is never a finding, and no false alarm lands in the trail. Findings that are real stay reported,
 * and damage ends with the repair command to run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityFinding } from '../src/core/integrity-findings.js';
import { makeWorkspace, runCli, startCli, type CliResult } from './support/cli.js';
import { makeVideo, recorderFileName } from './support/media.js';
import { flipByte, queryCatalogue } from './support/tamper.js';
import { exitOf } from './support/wait.js';

const DEVICES = ['0001231', '0001232', '0001233', '0001234'];
const FILES_PER_RECORDER = 12;

let ws: ReturnType<typeof makeWorkspace>;
const cards: string[] = [];

beforeAll(() => {
  ws = makeWorkspace('ev-race-');
  const media = path.join(ws.dir, 'media');
  fs.mkdirSync(media);
  const videos = [1, 2, 3].map((i) => {
    const f = path.join(media, `v${i}.mp4`);
    makeVideo(f, 3 + i, { size: '320x240' });
    return f;
  });
  for (const [d, device] of DEVICES.entries()) {
    expect(runCli(['--config', ws.config, 'device', 'add', '--number', device, '--brand', 'B', '--model', 'M']).status).toBe(0);
    const dir = path.join(ws.dir, `card${d}`, 'DCIM');
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 1; i <= FILES_PER_RECORDER; i++) {
      const name = recorderFileName({ device, stamp: `20260515${String(7 + (i % 10)).padStart(2, '0')}${String(i).padStart(2, '0')}00`, seq: i });
      fs.copyFileSync(videos[i % videos.length]!, path.join(dir, name));
    }
    cards.push(path.dirname(dir));
  }
}, 120_000);

afterAll(() => ws?.cleanup());

/** The built CLI as a child process, without blocking the others. */
async function run(args: string[]): Promise<CliResult> {
  const child = startCli(['--config', ws.config, ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const status = await exitOf(child);
  return { status: status ?? -1, stdout, stderr };
}

interface VerifyJson {
  ok: boolean;
  problems: { kind: string; vaultPath: string; recordingId?: number }[];
  repair: string[] | null;
  notRecorded: string | null;
}
interface AuditJson {
  ok: boolean;
  findings: IntegrityFinding[];
  repair: string[] | null;
  notRecorded: string | null;
}

describe('checks racing four ingests', () => {
  it('verify and audit verify report nothing while four ingests store files, and record no false finding', async () => {
    const ingests = cards.map((card, i) => run(['ingest', card, '--device', DEVICES[i]!, '--json']));
    let running = true;
    const done = Promise.all(ingests).finally(() => (running = false));
    const checks: { what: string; r: CliResult }[] = [];
    let rounds = 0;
    // Three verify and three audit verify at once with the ingests, and more while any is still running.
    while (rounds < 3 || running) {
      const [v, a] = await Promise.all([run(['verify', '--json']), run(['audit', 'verify', '--json'])]);
      checks.push({ what: 'verify', r: v }, { what: 'audit verify', r: a });
      rounds++;
    }
    const results = await done;
    for (const r of results) expect(r.status, r.stderr).toBe(0);
    for (const { what, r } of checks) {
      const report = JSON.parse(r.stdout) as VerifyJson | AuditJson;
      expect({ what, findings: 'findings' in report ? report.findings : report.problems }).toEqual({ what, findings: [] });
      expect(r.status, `${what}: ${r.stderr}`).toBe(0);
      expect(report.repair).toBeNull();
      expect(report.notRecorded).toBeNull();
    }
    const stored = queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings')[0]!.n;
    expect(stored).toBe(DEVICES.length * FILES_PER_RECORDER);
    // Every check is on the record, and none of them recorded a finding or a failure.
    const entries = queryCatalogue<{ action: string; outcome: string; details: string }>(
      ws.catalog,
      "SELECT action, outcome, details FROM audit_log WHERE action IN ('verify', 'audit.verify') ORDER BY seq",
    );
    expect(entries).toHaveLength(checks.length);
    for (const e of entries) {
      expect(e.outcome).toBe('ok');
      const d = JSON.parse(e.details) as { problems?: unknown[]; findingCount?: number };
      if (e.action === 'verify') expect(d.problems).toEqual([]);
      else expect(d.findingCount).toBe(0);
    }
    // And afterwards, quiet: the whole vault and trail check clean.
    const after = runCli(['--config', ws.config, 'audit', 'verify']);
    expect(after.status, after.stdout + after.stderr).toBe(0);
  }, 300_000);

  it('still names what is really wrong, and ends with the repair command to run', () => {
    const rows = queryCatalogue<{ id: number; vault_path: string }>(ws.catalog, 'SELECT id, vault_path FROM recordings ORDER BY id');
    const [flipped, gone] = [rows[2]!, rows[5]!];
    flipByte(path.join(ws.vault, flipped.vault_path), 300);
    execFileSync('rm', ['-f', path.join(ws.vault, gone.vault_path)]);
    // A file nothing catalogued, not being placed by anyone: unexpected, and no recording to repair.
    const stray = path.join(path.dirname(path.join(ws.vault, rows[0]!.vault_path)), 'stray.MP4');
    fs.writeFileSync(stray, 'not from any recorder');

    const v = runCli(['--config', ws.config, 'verify', '--json']);
    expect(v.status).toBe(1);
    const report = JSON.parse(v.stdout) as VerifyJson;
    expect(report.problems.map((p) => p.kind).sort()).toEqual(['mismatch', 'missing', 'unexpected']);
    const ids = [flipped.id, gone.id].sort((a, b) => a - b).map(String);
    expect(report.repair).toEqual(['evidence-vault', 'repair', ...ids]);
    const text = runCli(['--config', ws.config, 'verify']);
    expect(text.status).toBe(1);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(`  evidence-vault repair ${ids.join(' ')}`);
    expect(text.stdout).toMatch(/restore the damaged or missing recordings from a good copy/);

    const a = runCli(['--config', ws.config, 'audit', 'verify', '--json']);
    expect(a.status).toBe(1);
    const audit = JSON.parse(a.stdout) as AuditJson;
    expect(audit.repair).toEqual(['evidence-vault', 'repair', ...ids]);
    expect(audit.findings.filter((f) => f.check === 'files').map((f) => f.kind).sort()).toEqual(['mismatch', 'missing', 'unexpected']);
    const atext = runCli(['--config', ws.config, 'audit', 'verify']);
    expect(atext.stdout.trimEnd().split('\n').at(-1)).toBe(`  evidence-vault repair ${ids.join(' ')}`);
  });
});
