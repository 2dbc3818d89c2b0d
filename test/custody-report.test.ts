/**
 * The chain of custody (L4) from a real vault: ingested footage, fixity runs and a verify, a case, holds,
 * an evidence disc handed out and back, an access entry as the grants work writes them. The report is
 * written as HTML and PDF, rendered in headless Chromium, and every number on the page is checked
 * against what the trail and the catalogue hold — counted here from `audit log` and the catalogue, not
 * from the report. The chain head printed is the trail's last entry before the report's own, and the
 * report is on the record with its files' hashes. Lesser roles, the vault as --out, an existing report
 * and secret footage without clearance are refused.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { inRanges } from '../src/core/custody-report-ranges.js';
import type { CustodyReport } from '../src/core/custody-report.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { queryCatalogue } from './support/tamper.js';

type Entry = { seq: number; at: string; action: string; outcome: string; target: string | null; operator: string; details: Record<string, unknown>; hash: string; prevHash: string };
type Written = CustodyReport & { files: { path: string; sha256: string; bytes: number }[] };

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars'];

describe('chain of custody report', () => {
  const ws = makeWorkspace('ev-custody-');
  const as = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const json = <T>(user: string, ...args: string[]) => runJson<T>(['--config', ws.config, ...args], { SUDO_USER: user });
  const adm = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const trail = () => json<Entry[]>('aud', 'audit', 'log');
  const out = path.join(ws.dir, 'reports');
  let ids: number[];
  let rec: { id: number; vaultPath: string; sha256: string };
  let disc: string;

  beforeAll(() => {
    for (const [user, name, role] of [['arch', '档案员', 'archivist'], ['aud', '审计员', 'auditor'], ['lead', '领导', 'approver'], ['keeper', '保管员', 'custodian']]) {
      expect(adm('operator', 'add', user!, '--name', name!, '--role', role!).status).toBe(0);
    }
    expect(adm('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(adm('officer', 'add', '--id', '110101', '--name', '张三').status).toBe(0);
    const card = path.join(ws.dir, 'card');
    writeRecorderFiles(card, [1, 2].map((i) => ({ name: recorderFileName({ stamp: `2026051507${i}000`, seq: i }) })));
    expect(as('keeper', 'ingest', card, '--device', '0001234').status).toBe(0);
    const recs = json<{ id: number; vaultPath: string; sha256: string }[]>('aud', 'recordings', 'list').sort((a, b) => a.id - b.id);
    ids = recs.map((r) => r.id);
    rec = recs[0]!;
    // Checks: two nightly shares by hand and a whole-vault verify.
    expect(as('aud', 'fixity', 'run').status).toBe(0);
    expect(as('aud', 'fixity', 'run').status).toBe(0);
    expect(as('aud', 'verify').status).toBe(0);
    // A case, a complaint hold on the recording, an evidence disc handed out and back.
    expect(as('arch', 'case', 'create', '鞍自然执〔2026〕17号', '--title', '违法占地案').status).toBe(0);
    expect(as('arch', 'case', 'link', '鞍自然执〔2026〕17号', '--recording', ...ids.map(String)).status).toBe(0);
    expect(as('arch', 'hold', 'add', '--recording', String(rec.id), '--reason', 'complaint', '--note', '信访投诉').status).toBe(0);
    const built = as('arch', 'disc', 'build', '--case', '鞍自然执〔2026〕17号', '--place', `${ids[0]}=某村`, '--place', `${ids[1]}=某村`, '--medium', 'cd', '--out', path.join(ws.dir, 'disc'), '--json');
    expect([0, 3], built.stderr).toContain(built.status);
    disc = (JSON.parse(built.stdout) as { discs: { number: string }[] }).discs[0]!.number;
    expect(as('arch', 'disc', 'issue', disc, '--to', '法制科 李某', '--purpose', '法制审核').status).toBe(0);
    expect(as('arch', 'disc', 'return', disc).status).toBe(0);
    // An access grant's use, as the grants work records it (action access.*, details.recordings).
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'lead', role: 'approver' } });
    try {
      v.audit.record({ action: 'access.approve', target: 'access:1', details: { recordings: [rec.id], purpose: 'view' } });
    } finally {
      void v.close();
    }
  }, 240_000);
  afterAll(() => ws.cleanup());

  /** The trail entries about a recording, by the rule the README states, counted here from `audit log`. */
  function about(entries: Entry[], id: number, paths: string[]): Entry[] {
    const lists = ['recordings', 'recordingIds', 'ids', 'restored', 'unresolved'];
    return entries.filter(
      (e) =>
        e.target === `recording:${id}` ||
        (e.target !== null && paths.includes(e.target)) ||
        e.details.recordingId === id ||
        lists.some((k) => Array.isArray(e.details[k]) && (e.details[k] as unknown[]).includes(id)),
    );
  }

  let report: Written;
  let before: Entry[];

  it('writes HTML and PDF whose facts are the trail\'s and the catalogue\'s', () => {
    before = trail();
    const r = as('aud', 'recordings', 'custody', String(rec.id), '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as Written;
    const item = report.items[0]!;
    expect(item.recording).toMatchObject({ id: rec.id, sha256: rec.sha256, vaultPath: rec.vaultPath, deviceNumber: '0001234', officerName: '张三' });
    // Ingest: by the custodian, from the card, read back with the catalogue's hash.
    expect(item.ingest.by).toBe('keeper');
    expect(item.ingest.session?.sourceRoot).toBe(path.join(ws.dir, 'card'));
    // A small file's read-back compares its SHA-256 itself (a large one's, the XXH3 its copy made).
    expect(item.ingest.readBack).toBe('sha256');
    expect(item.ingest.entry?.sha256).toBe(rec.sha256);
    // Fixity: every fixity run or verify whose checkedIds hold it.
    const checks = before.filter((e) => (e.action === 'fixity.run' || e.action === 'verify') && inRanges(e.details.checkedIds, rec.id));
    expect(checks.length).toBeGreaterThanOrEqual(2);
    expect(item.fixity.map((f) => f.seq)).toEqual(checks.map((e) => e.seq));
    expect(item.fixity.every((f) => f.result === 'ok')).toBe(true);
    // Holds: its own complaint hold and the disc's evidence-use hold, as the catalogue has them (its cases' too).
    const holds = queryCatalogue<{ id: number }>(ws.catalog, 'SELECT id FROM holds WHERE recording_id = ? OR case_id IN (SELECT case_id FROM case_recordings WHERE recording_id = ?) ORDER BY id', rec.id, rec.id);
    expect(item.holds.map((h) => h.id)).toEqual(holds.map((h) => h.id));
    expect(item.holds.map((h) => h.reason)).toEqual(expect.arrayContaining(['complaint', 'evidence-use']));
    expect(item.cases.map((c) => c.number)).toEqual(['鞍自然执〔2026〕17号']);
    expect(item.discs).toHaveLength(1);
    expect(item.discs[0]!).toMatchObject({ number: disc, state: 'returned' });
    expect(item.discs[0]!.handovers.map((h) => [h.event, h.recipient])).toEqual([['issue', '法制科 李某'], ['return', null]]);
    expect(item.access.map((a) => a.action)).toEqual(['access.approve']);
    // Every trail entry about it, and the chain head: the last entry before the report's own.
    const mine = about(before, rec.id, [rec.vaultPath]);
    expect(item.trail.map((e) => e.seq)).toEqual(mine.map((e) => e.seq));
    expect(item.counts).toMatchObject({ fixityChecks: checks.length, holds: holds.length, discs: 1, discHandovers: 2, cases: 1, accessEntries: 1, trailEntries: mine.length });
    // (`audit log` above recorded its own look-up after the list it printed: the head is taken from the trail after.)
    const after = trail();
    const own = after.find((e) => e.action === 'recordings.custody' && e.outcome === 'ok')!;
    const last = after.find((e) => e.seq === own.seq - 1)!;
    expect(report.chainHead).toEqual({ seq: last.seq, hash: last.hash });
    expect(report.files.map((f) => path.basename(f.path))).toEqual([`custody-recording-${rec.id}.html`, `custody-recording-${rec.id}.pdf`]);
    for (const f of report.files) expect(createHash('sha256').update(fs.readFileSync(f.path)).digest('hex')).toBe(f.sha256);
  });

  it('is on the record: who, which recording, the files\' hashes and the chain head it printed', () => {
    const entry = trail().filter((e) => e.action === 'recordings.custody' && e.outcome === 'ok').pop()!;
    expect(entry).toMatchObject({ operator: 'aud', target: `recording:${rec.id}` });
    expect(entry.details.recordings).toEqual([rec.id]);
    expect(entry.details.chainHead).toEqual(report.chainHead);
    expect(entry.details.files).toEqual(report.files);
    expect(entry.prevHash).toBe(report.chainHead.hash);
  });

  it('renders in headless Chromium with the same numbers, nothing fetched, and prints its Chinese', () => {
    const html = report.files[0]!.path;
    const probe = path.join(ws.dir, 'probe.html');
    const catcher = `<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message||'error')),true);
      addEventListener('load',()=>{const counts={};for(const el of document.querySelectorAll('[data-scope="recording-${rec.id}"]'))counts[el.dataset.count]=Number(el.textContent);
      document.documentElement.setAttribute('data-probe',JSON.stringify({errors:__errors,counts,seq:Number(document.querySelector('[data-chain=seq]').textContent),hash:document.querySelector('[data-chain=hash]').textContent,
      resources:performance.getEntriesByType('resource').map(r=>r.name),height:document.documentElement.scrollHeight}))});</script>`;
    fs.writeFileSync(probe, fs.readFileSync(html, 'utf8').replace('<head>', `<head>${catcher}`));
    const profile = fs.mkdtempSync(path.join(ws.dir, 'profile-'));
    const r = spawnSync('chromium', [...FLAGS, `--user-data-dir=${profile}`, '--virtual-time-budget=2000', '--dump-dom', `file://${probe}`], { encoding: 'utf8', timeout: 60_000 });
    const found = /data-probe="([^"]*)"/.exec(r.stdout);
    expect(found, r.stderr).not.toBeNull();
    const page = JSON.parse(found![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { errors: string[]; counts: Record<string, number>; seq: number; hash: string; resources: string[]; height: number };
    expect(page.errors).toEqual([]);
    expect(page.resources).toEqual([]);
    expect(page.counts).toEqual(report.items[0]!.counts);
    expect({ seq: page.seq, hash: page.hash }).toEqual(report.chainHead);
    expect(page.height).toBeGreaterThan(1000);

    const pdf = report.files[1]!.path;
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/(Noto\w*CJK|WenQuanYi|SourceHan)/i);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
    for (const words of ['执法记录仪影像资料保管链报告', '完整性核验', '法制科李某', '违法占地案', report.chainHead.hash.slice(0, 32)]) expect(text).toContain(words);
  });

  it('a case\'s report covers each of its recordings, its totals counting each case, disc and trail entry once', () => {
    const r = as('lead', 'recordings', 'custody', '--case', '鞍自然执〔2026〕17号', '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as Written;
    expect(c.items.map((i) => i.recording.id)).toEqual(ids);
    // One case, and the one disc that carries both recordings: not one of each per recording.
    expect(c.items.map((i) => [i.counts.cases, i.counts.discs])).toEqual([[1, 1], [1, 1]]);
    expect(c.counts).toMatchObject({ cases: 1, discs: 1 });
    // An entry about both (the disc's build, the case's link) is one entry of the trail.
    const seqs = new Set(c.items.flatMap((i) => i.trail.map((e) => e.seq)));
    expect(c.counts.trailEntries).toBe(seqs.size);
    expect(c.counts.trailEntries).toBeLessThan(c.items.reduce((n, i) => n + i.counts.trailEntries, 0));
    expect(c.counts.fixityChecks).toBe(c.items.reduce((n, i) => n + i.counts.fixityChecks, 0));
    expect(fs.existsSync(path.join(out, 'custody-case-鞍自然执〔2026〕17号.pdf'))).toBe(true);
  });

  it('refuses a custodian, the vault as --out, an existing report, an unknown id, and secret footage without clearance', () => {
    expect(as('keeper', 'recordings', 'custody', String(rec.id), '--out', path.join(ws.dir, 'k')).status).toBe(77);
    expect(as('aud', 'recordings', 'custody', String(rec.id), '--out', path.join(ws.vault, 'x')).status).toBe(77);
    const again = as('aud', 'recordings', 'custody', String(rec.id), '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/never overwritten/);
    expect(as('aud', 'recordings', 'custody', '99999', '--out', path.join(ws.dir, 'u')).status).toBe(2);
    expect(as('aud', 'recordings', 'custody', '1x', '--out', path.join(ws.dir, 'u')).status).toBe(2);
    expect(fs.existsSync(path.join(ws.dir, 'u'))).toBe(false);
    const db = new Database(ws.catalog);
    try {
      db.prepare("INSERT INTO classifications (recording_id, level, reason, set_at, set_by) VALUES (?, 'state-secret', 'test', '2026-05-16T00:00:00+08:00', 'admin')").run(ids[1]);
    } finally {
      db.close();
    }
    const secret = as('aud', 'recordings', 'custody', String(ids[1]), '--out', path.join(ws.dir, 's'));
    expect(secret.status).toBe(77);
    expect(secret.stderr).toMatch(/state secret/);
    const refused = trail().filter((e) => e.action === 'recordings.custody' && e.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(5);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
