/**
 * `audit verify` on real vaults: each tampering an attacker could do to the files, the catalogue or
 * the audit trail is named (file, row or entry, and since when) and makes the command exit non-zero.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityFinding } from '../src/core/integrity-findings.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { makeVideo } from './support/media.js';
import { editLines, flipByte, queryCatalogue, tamperCatalogue } from './support/tamper.js';

interface Report {
  ok: boolean;
  filesChecked: number;
  findings: IntegrityFinding[];
  anchor: { seq: number; hash: string };
}

const media: string[] = [];
const workspaces: ReturnType<typeof makeWorkspace>[] = [];

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(makeWorkspace('ev-media-').dir, 'm'));
  for (let i = 1; i <= 3; i++) {
    const f = path.join(dir, `v${i}.mp4`);
    makeVideo(f, i);
    media.push(f);
  }
});

afterEach(() => {
  for (const ws of workspaces.splice(0)) ws.cleanup();
});

/** A vault with three ingested recordings. */
function vaultWithRecordings() {
  const ws = makeWorkspace('ev-audit-');
  workspaces.push(ws);
  const src = path.join(ws.dir, 'card', 'DCIM');
  fs.mkdirSync(src, { recursive: true });
  media.forEach((m, i) => fs.copyFileSync(m, path.join(src, `0001234_110101_2026051507${i}000_000${i + 1}.MP4`)));
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  expect(cli('device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M').status).toBe(0);
  expect(cli('ingest', path.join(ws.dir, 'card'), '--device', '0001234').status).toBe(0);
  const rows = queryCatalogue<{ id: number; vault_path: string; sha256: string }>(ws.catalog, 'SELECT id, vault_path, sha256 FROM recordings ORDER BY id');
  const trailFile = path.join(ws.vault, '.audit', 'audit-trail.jsonl');
  const verify = () => {
    const r = runCli(['--config', ws.config, 'audit', 'verify', '--json']);
    return { status: r.status, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };
  const entrySeq = (action: string, n = 0) => queryCatalogue<{ seq: number }>(ws.catalog, 'SELECT seq FROM audit_log WHERE action = ? ORDER BY seq', action)[n]!.seq;
  return { ws, cli, rows, trailFile, verify, entrySeq };
}

const pick = (r: Report, check: IntegrityFinding['check']) => r.findings.filter((f) => f.check === check);

describe('audit verify', () => {
  it('passes a clean vault, checks every file and prints the chain head', () => {
    const v = vaultWithRecordings();
    const { status, report } = v.verify();
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(report.filesChecked).toBe(3);
    const head = queryCatalogue<{ seq: number; hash: string }>(v.ws.catalog, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')[0]!;
    expect(report.anchor.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.anchor.seq).toBe(head.seq - 1); // the report is taken before its own entry is written
    const text = v.cli('audit', 'verify');
    expect(text.stdout).toContain('Audit chain head: entry');
  });

  it('names a stored file with one byte flipped', () => {
    const v = vaultWithRecordings();
    flipByte(path.join(v.ws.vault, v.rows[1]!.vault_path), 500);
    const { status, report } = v.verify();
    expect(status).toBe(1);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'files', kind: 'mismatch', vaultPath: v.rows[1]!.vault_path })]);
    const text = v.cli('audit', 'verify').stdout;
    expect(text).toContain(`evidence-vault repair ${v.rows[1]!.id}`);
    expect(text).not.toContain('a trail cannot be repaired'); // a file has a repair: no word about the trail
  });

  it('names a catalogue row whose hash was edited to match a doctored file', () => {
    const v = vaultWithRecordings();
    const target = path.join(v.ws.vault, v.rows[0]!.vault_path);
    flipByte(target, 700);
    const doctored = createHash('sha256').update(fs.readFileSync(target)).digest('hex');
    tamperCatalogue(v.ws.catalog, `UPDATE recordings SET sha256 = '${doctored}' WHERE id = ${v.rows[0]!.id}`);
    const { status, report } = v.verify();
    expect(status).toBe(1);
    expect(pick(report, 'files')).toEqual([]); // the file now matches the forged row…
    expect(pick(report, 'catalogue-vs-trail')).toEqual([
      expect.objectContaining({ kind: 'hash-differs-from-trail', vaultPath: v.rows[0]!.vault_path, recordingId: v.rows[0]!.id }),
    ]); // …but not the entry that recorded the ingest
    const text = v.cli('--lang', 'zh', 'audit', 'verify').stdout;
    expect(text).toContain('目录被绕过审计日志改动过'); // what to do about the row; the trail itself is whole
    expect(text).not.toContain('审计日志无法修复');
  });

  it('names a removed stored file and a file nothing catalogued', () => {
    const v = vaultWithRecordings();
    fs.rmSync(path.join(v.ws.vault, v.rows[2]!.vault_path), { force: true });
    const planted = `${path.dirname(v.rows[0]!.vault_path)}/planted.MP4`;
    fs.writeFileSync(path.join(v.ws.vault, planted), 'inserted footage');
    const { status, report } = v.verify();
    expect(status).toBe(1);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'files', kind: 'missing', vaultPath: v.rows[2]!.vault_path }),
        expect.objectContaining({ check: 'files', kind: 'unexpected', vaultPath: planted }),
      ]),
    );
    expect(report.findings).toHaveLength(2);
  });

  describe('in the catalogue (append-only triggers dropped first)', () => {
    it('names a deleted entry', () => {
      const v = vaultWithRecordings();
      const seq = v.entrySeq('ingest.file', 1);
      tamperCatalogue(v.ws.catalog, `DELETE FROM audit_log WHERE seq = ${seq}`);
      const { status, report } = v.verify();
      expect(status).toBe(1);
      expect(pick(report, 'chain')).toEqual([expect.objectContaining({ kind: 'gap', seq: seq + 1 }), expect.objectContaining({ kind: 'broken-link', seq: seq + 1 })]);
      expect(pick(report, 'trail-file')).toEqual([expect.objectContaining({ kind: 'missing-from-catalogue', seq })]);
      // The row it recorded has lost its ingest entry.
      expect(pick(report, 'catalogue-vs-trail')).toEqual([expect.objectContaining({ kind: 'no-ingest-entry' })]);
    });

    it('names an edited entry, with the time since when', () => {
      const v = vaultWithRecordings();
      const seq = v.entrySeq('device.add');
      tamperCatalogue(v.ws.catalog, `UPDATE audit_log SET operator = 'someone-else' WHERE seq = ${seq}`);
      const { status, report } = v.verify();
      expect(status).toBe(1);
      const at = queryCatalogue<{ at: string }>(v.ws.catalog, 'SELECT at FROM audit_log WHERE seq = ?', seq)[0]!.at;
      expect(pick(report, 'chain')).toEqual([expect.objectContaining({ kind: 'bad-hash', seq, at })]);
      expect(pick(report, 'trail-file')).toEqual([expect.objectContaining({ kind: 'edited-in-catalogue', seq, at })]);
      expect(v.cli('audit', 'verify').stdout).toContain(`entry ${seq}, since ${at}`);
    });

    it('names reordered entries', () => {
      const v = vaultWithRecordings();
      const a = v.entrySeq('ingest.file', 0);
      tamperCatalogue(v.ws.catalog, `UPDATE audit_log SET seq = -1 WHERE seq = ${a}; UPDATE audit_log SET seq = ${a} WHERE seq = ${a + 1}; UPDATE audit_log SET seq = ${a + 1} WHERE seq = -1;`);
      const { status, report } = v.verify();
      expect(status).toBe(1);
      const chainSeqs = new Set(pick(report, 'chain').map((f) => (f as { seq: number }).seq));
      expect(chainSeqs).toEqual(new Set([a, a + 1, a + 2]));
      expect(pick(report, 'trail-file').map((f) => (f as { seq: number }).seq)).toEqual([a, a + 1]);
    });
  });

  describe('in the JSON-lines file', () => {
    it('names a deleted line', () => {
      const v = vaultWithRecordings();
      const seq = v.entrySeq('ingest.file', 0);
      editLines(v.trailFile, (lines) => lines.filter((l) => JSON.parse(l).seq !== seq));
      const { status, report } = v.verify();
      expect(status).toBe(1);
      expect(report.findings).toEqual([expect.objectContaining({ check: 'trail-file', kind: 'missing-from-file', seq })]);
    });

    it('names an edited line', () => {
      const v = vaultWithRecordings();
      const seq = v.entrySeq('ingest.file', 2);
      editLines(v.trailFile, (lines) => lines.map((l) => (JSON.parse(l).seq === seq ? l.replace(/"sha256":"[0-9a-f]{4}/, '"sha256":"0000') : l)));
      const { status, report } = v.verify();
      expect(status).toBe(1);
      expect(report.findings).toEqual([expect.objectContaining({ check: 'trail-file', kind: 'edited-in-file', seq })]);
    });

    it('names reordered lines', () => {
      const v = vaultWithRecordings();
      const seq = v.entrySeq('ingest.file', 0);
      editLines(v.trailFile, (lines) => {
        const i = lines.findIndex((l) => JSON.parse(l).seq === seq);
        return [...lines.slice(0, i), lines[i + 1]!, lines[i]!, ...lines.slice(i + 2)];
      });
      const { status, report } = v.verify();
      expect(status).toBe(1);
      expect(report.findings).toEqual([expect.objectContaining({ check: 'trail-file', kind: 'reordered', seq })]);
    });

    it('names a torn last line', () => {
      const v = vaultWithRecordings();
      const text = fs.readFileSync(v.trailFile, 'utf8');
      fs.writeFileSync(v.trailFile, text.slice(0, text.length - 40));
      const lastSeq = text.trimEnd().split('\n').length;
      const { status, report } = v.verify();
      expect(status).toBe(1);
      expect(report.findings).toEqual([
        expect.objectContaining({ check: 'trail-file', kind: 'torn-line', line: lastSeq }),
        expect.objectContaining({ check: 'trail-file', kind: 'missing-from-file', seq: lastSeq }),
      ]);
    });
  });

  it('says each finding in Chinese by default, in English with --lang en, and --json the same in both', () => {
    const v = vaultWithRecordings();
    tamperCatalogue(v.ws.catalog, `UPDATE recordings SET sha256 = '${'e'.repeat(64)}' WHERE id = ${v.rows[0]!.id}`);
    const deleted = v.entrySeq('ingest.file', 1);
    const edited = v.entrySeq('ingest.file', 2);
    tamperCatalogue(v.ws.catalog, `DELETE FROM audit_log WHERE seq = ${deleted}`);
    editLines(v.trailFile, (lines) => lines.map((l) => (JSON.parse(l).seq === edited ? l.replace(/"sha256":"[0-9a-f]{4}/, '"sha256":"0000') : l)));
    const head = queryCatalogue<{ seq: number }>(v.ws.catalog, 'SELECT max(seq) AS seq FROM audit_log')[0]!.seq;
    const anchor = `Audit chain head: entry ${head - 1}, ${'a'.repeat(64)}`;
    const zh = runCli(['--config', v.ws.config, '--lang', 'zh', 'audit', 'verify', '--anchor', anchor]);
    expect(zh.status).toBe(1);
    const findingLines = zh.stdout.split('\n').filter((l) => /^ {4}[a-z-]+ /.test(l));
    expect(findingLines.map((l) => l.trim().split(' ')[0]).sort()).toEqual(
      ['anchor-mismatch', 'broken-link', 'edited-in-file', 'gap', 'hash-differs-from-trail', 'missing-from-catalogue', 'mismatch', 'no-ingest-entry'].sort(),
    );
    for (const l of findingLines) {
      // The kind, paths, hashes and the anchor as typed stay as they are; every word about them is Chinese.
      const words = l.trim().replace(/^\S+/, '').replace(/[0-9a-f]{64}/g, '').replace(/\S*\/\S*/g, '').replace(/Audit chain head: entry \d+, /, '').replace(/SHA-256/g, '');
      expect(words.match(/[A-Za-z]{3,}/g), l).toBeNull();
    }
    expect(zh.stdout).toContain(`第 ${deleted + 1} 条`);
    expect(zh.stdout).toContain('目录中的这一行被改动过');
    expect(zh.stdout).toContain(`审计日志在第 ${head - 1} 条或之前被改写`);
    expect(zh.stdout).toContain('审计日志无法修复'); // and what to do instead
    const en = runCli(['--config', v.ws.config, '--lang', 'en', 'audit', 'verify', '--anchor', anchor]);
    expect(en.stdout).toContain(`expected entry ${deleted}, found ${deleted + 1}`);
    expect(en.stdout).toContain('the catalogue row was edited');
    const findings = (lang: string) =>
      (JSON.parse(runCli(['--config', v.ws.config, '--lang', lang, 'audit', 'verify', '--json', '--anchor', anchor]).stdout) as Report).findings.map((f) => JSON.stringify({ ...f, liveHeadSeq: undefined })).sort(); // the trail grows by one entry a run
    expect(findings('zh')).toEqual(findings('en'));
  });

  it('records each verification and its findings in the trail', () => {
    const v = vaultWithRecordings();
    fs.rmSync(path.join(v.ws.vault, v.rows[0]!.vault_path), { force: true });
    v.verify();
    const entries = runJson<{ action: string; role: string; details: { ok: boolean; findingCount: number } }[]>(['--config', v.ws.config, 'audit', 'log', '--action', 'audit.verify']);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ role: 'admin', details: { ok: false, findingCount: 1 } });
  });
});
