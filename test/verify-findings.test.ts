/**
 * A vault disk lost and replaced, in small: thousands of catalogued files gone. `verify` and `audit
 * verify` name each one once, stream them (--json: one finding a line, the totals after them), keep
 * their trail entry bounded (the first 1,000 by name, counts by kind, the ids read as runs) and, past
 * 1,000 damaged recordings, advise `evidence-vault repair` without ids (every damaged one) instead of
 * a command line too long to run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inRanges } from '../src/core/custody-report-ranges.js';
import { CLI, makeWorkspace, runCli as runSmall } from './support/cli.js';
import { makeVideo } from './support/media.js';
import { flipByte, queryCatalogue, tamperCatalogue } from './support/tamper.js';

const LOST = 2500;
const ws = makeWorkspace('ev-findings-');
let lostIds: number[] = [];
let real: { id: number; vault_path: string }[] = [];

beforeAll(() => {
  const src = path.join(ws.dir, 'card', 'DCIM');
  fs.mkdirSync(src, { recursive: true });
  for (let i = 0; i < 3; i++) makeVideo(path.join(src, `0001234_110101_2026051507${i}000_000${i + 1}.MP4`), i + 1);
  const cli = (...args: string[]) => runSmall(['--config', ws.config, ...args]);
  expect(cli('device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M').status).toBe(0);
  expect(cli('ingest', path.join(ws.dir, 'card'), '--device', '0001234').status).toBe(0);
  real = queryCatalogue<{ id: number; vault_path: string }>(ws.catalog, 'SELECT id, vault_path FROM recordings ORDER BY id');
  // Thousands of rows whose files are not there (as after a vault disk was replaced by an empty one).
  tamperCatalogue(
    ws.catalog,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${LOST})
     INSERT INTO recordings (sha256, size, vault_path, original_name, source_path, device_number, officer_id, started_at, started_at_epoch_ms,
       started_at_source, local_date, duration_seconds, format, video_codec, audio_codec, width, height, ingested_at, flags)
     SELECT printf('%064x', i), 1000 + i, '现场执法记录仪影像资料/2026/05/16/0001234/lost_' || i || '.MP4', 'lost_' || i || '.MP4', 'DCIM/lost_' || i || '.MP4',
       r.device_number, r.officer_id, r.started_at, r.started_at_epoch_ms, r.started_at_source, r.local_date, r.duration_seconds, r.format,
       r.video_codec, r.audio_codec, r.width, r.height, r.ingested_at, r.flags
     FROM n, (SELECT * FROM recordings ORDER BY id LIMIT 1) r`,
  );
  lostIds = queryCatalogue<{ id: number }>(ws.catalog, "SELECT id FROM recordings WHERE original_name LIKE 'lost_%' ORDER BY id").map((r) => r.id);
  // And two real ones damaged: one removed, one with a byte flipped.
  fs.rmSync(path.join(ws.vault, real[0]!.vault_path), { force: true });
  flipByte(path.join(ws.vault, real[1]!.vault_path), 200);
}, 120_000);

afterAll(() => ws.cleanup());

/** The CLI with room for its whole output (thousands of findings are more than spawnSync's default megabyte). */
function runCli(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Problem {
  vaultPath: string;
  kind: string;
  recordingId?: number;
}

/** The lines of the --json array: each must be one finding, whole. */
function arrayLines(stdout: string, key: string): string[] {
  const lines = stdout.split('\n');
  const start = lines.indexOf(`  "${key}": [`);
  const end = lines.findIndex((l, i) => i > start && (l === ']' || l === '],'));
  expect(lines[0]).toBe('{');
  expect(start).toBe(1); // the findings come first, as they are found; the totals follow them
  return lines.slice(start + 1, end).map((l) => l.replace(/,$/, ''));
}

const entries = (action: string) =>
  queryCatalogue<{ details: string }>(ws.catalog, 'SELECT details FROM audit_log WHERE action = ? ORDER BY seq', action).map((e) => JSON.parse(e.details) as Record<string, unknown>);

describe('verify over thousands of missing files', () => {
  it('--json names each one once, one finding a line, with the totals after them', () => {
    const r = runCli(['--config', ws.config, 'verify', '--json']);
    expect(r.status, r.stderr).toBe(1);
    const lines = arrayLines(r.stdout, 'problems');
    expect(lines).toHaveLength(LOST + 2);
    const problems = lines.map((l) => JSON.parse(l) as Problem);
    const report = JSON.parse(r.stdout) as { problems: Problem[]; checked: number; problemCount: number; problemCounts: Record<string, number>; repair: string[]; ok: boolean };
    expect(report.problems).toEqual(problems);
    expect(report).toMatchObject({ ok: false, checked: LOST + 3, problemCount: LOST + 2, problemCounts: { missing: LOST + 1, mismatch: 1 } });
    const missing = problems.filter((p) => p.kind === 'missing').map((p) => p.recordingId!);
    expect(new Set(missing).size).toBe(missing.length);
    expect(missing.sort((a, b) => a - b)).toEqual([real[0]!.id, ...lostIds].sort((a, b) => a - b));
    expect(problems.find((p) => p.kind === 'mismatch')).toMatchObject({ recordingId: real[1]!.id, vaultPath: real[1]!.vault_path });
    // 2,502 ids do not fit a command line anyone can run: repair without ids restores every damaged one.
    expect(report.repair).toEqual(['evidence-vault', 'repair']);
  });

  it('its trail entry is bounded: the first 1,000 by name, counts by kind, every id read as runs', () => {
    const d = entries('verify').at(-1)! as { problems: unknown[]; problemsNotListed: number; problemCounts: Record<string, number>; checkedIds: unknown; checked: number };
    expect(d.problems).toHaveLength(1000);
    expect(d.problemsNotListed).toBe(LOST + 2 - 1000);
    expect(d.problemCounts).toEqual({ missing: LOST + 1, mismatch: 1 });
    expect(d.checked).toBe(LOST + 3);
    for (const id of [...real.map((x) => x.id), ...lostIds]) expect(inRanges(d.checkedIds, id)).toBe(true);
    expect((d.checkedIds as unknown[]).length).toBeLessThan(5); // consecutive ids: a run or two, not 2,503 numbers
  });

  it('the text report prints each finding as a line, then the totals and the repair command', () => {
    const r = runCli(['--config', ws.config, 'verify']);
    expect(r.status).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^ {2}missing {6}/.test(l))).toHaveLength(LOST + 1);
    expect(lines.filter((l) => /^ {2}mismatch {5}/.test(l))).toHaveLength(1);
    expect(r.stdout).toMatch(new RegExp(`Checked ${LOST + 3} files .*: ${LOST + 2} problems`));
    expect(lines.at(-1)).toBe('  evidence-vault repair');
  });

  it('a date filter checks only its recordings, and the findings stay theirs', () => {
    // The lost rows carry the first real recording's date; a day with none of them is clean.
    const r = runCli(['--config', ws.config, 'verify', '--json', '--from', '2026-05-17']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, checked: 0, problems: [], problemCount: 0, repair: null });
  });
});

describe('audit verify over thousands of missing files', () => {
  it('--json streams the files and the rows no ingest entry stored, each once; the entry counts them', () => {
    const r = runCli(['--config', ws.config, 'audit', 'verify', '--json']);
    expect(r.status, r.stderr).toBe(1);
    const lines = arrayLines(r.stdout, 'findings');
    const findings = lines.map((l) => JSON.parse(l) as Problem & { check: string });
    const report = JSON.parse(r.stdout) as { findingCount: number; findingsByCheck: Record<string, number>; filesChecked: number; rowsCrossChecked: number; repair: string[] };
    const files = findings.filter((f) => f.check === 'files');
    const rows = findings.filter((f) => f.check === 'catalogue-vs-trail');
    expect(files).toHaveLength(LOST + 2);
    expect(rows.map((f) => f.recordingId)).toEqual(lostIds); // no ingest entry stored them
    expect(report).toMatchObject({ findingCount: findings.length, filesChecked: LOST + 3, rowsCrossChecked: LOST + 3, repair: ['evidence-vault', 'repair'] });
    expect(report.findingsByCheck).toMatchObject({ files: LOST + 2, 'catalogue-vs-trail': LOST });
    const d = entries('audit.verify').at(-1)! as { findings: unknown[]; findingCount: number };
    expect(d.findings).toHaveLength(100);
    expect(d.findingCount).toBe(findings.length);
  });

  it('the text report puts each finding under its check, then the summary of every check', () => {
    const r = runCli(['--config', ws.config, 'audit', 'verify']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('✗ Catalogue rows against the ingest entries in the trail:\n    no-ingest-entry');
    expect(r.stdout).toContain('✗ Stored files against the catalogue:\n');
    expect(r.stdout.match(/^ {4}missing /gm)).toHaveLength(LOST + 1);
    expect(r.stdout).toMatch(new RegExp(`✗ Stored files against the catalogue \\(${LOST + 3} files, .*\\): ${LOST + 2} problems`));
    expect(r.stdout).toMatch(/✓ The audit chain in the catalogue \(\d+ entries\): ok/);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('  evidence-vault repair');
  });
});
