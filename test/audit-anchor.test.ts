/**
 * Outside anchors against a consistent rewrite of the trail, on a real vault with the built CLI: root
 * removes one recording, its row and its ingest entry and re-hashes the rest of both trail copies.
 * `audit verify` alone cannot see it; a chain head kept off the PC (the printed line, an archive set,
 * a disc image) can, and so can `export verify` and `disc verify` of media made before the rewrite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntegrityFinding } from '../src/core/integrity-findings.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { queryCatalogue, rewriteTrailWithout } from './support/tamper.js';

interface AnchorJson {
  source: string;
  seq: number;
  expectedHash: string;
  foundHash: string | null;
  ok: boolean;
}
interface Report {
  ok: boolean;
  findings: IntegrityFinding[];
  anchors: AnchorJson[];
  anchor: { seq: number; hash: string; at: string };
}

const json = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

describe('outside anchors against a consistent rewrite of the trail', () => {
  const ws = makeWorkspace('ev-anchor-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const verify = (...anchors: string[]) => {
    const r = cli('audit', 'verify', '--json', ...anchors.flatMap((a) => ['--anchor', a]));
    return { status: r.status, report: json<Report>(r), stderr: r.stderr };
  };
  const trailFile = path.join(ws.vault, '.audit', 'audit-trail.jsonl');
  let ids: number[];
  let line: string;
  let lineSeq: number;
  let bag: string;
  let bagSeq: number;
  let iso: string;
  let isoSeq: number;
  let removedSeq: number;

  beforeAll(() => {
    const card = path.join(ws.dir, 'card', 'DCIM');
    writeRecorderFiles(card, [1, 2, 3].map((i) => ({ name: recorderFileName({ stamp: `2026051507${i}000`, seq: i }), seconds: i })));
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('ingest', path.join(ws.dir, 'card'), '--device', '0001234').status).toBe(0);
    ids = queryCatalogue<{ id: number }>(ws.catalog, 'SELECT id FROM recordings ORDER BY id').map((r) => r.id);
    expect(ids).toHaveLength(3);

    // Paper: the line audit verify ends with.
    const printed = cli('audit', 'verify');
    expect(printed.status).toBe(0);
    line = printed.stdout.trim().split('\n').pop()!;
    expect(line).toMatch(/^Audit chain head: entry \d+, [0-9a-f]{64} \(.+\)$/);
    lineSeq = Number(/entry (\d+)/.exec(line)![1]);

    // An archive set.
    const archive = path.join(ws.dir, 'archive');
    fs.mkdirSync(archive);
    expect(cli('export', 'quarter', '2026Q2', '--out', archive).status).toBe(0);
    bag = path.join(archive, '2026Q2');
    bagSeq = Number(/^Audit-Chain-Head-Seq: (\d+)$/m.exec(fs.readFileSync(path.join(bag, 'bag-info.txt'), 'utf8'))![1]);

    // A disc of recordings 1 and 3 (recording 2 is the one root will remove).
    const built = cli('disc', 'build', '--recording', String(ids[0]), String(ids[2]), '--case-number', '鞍自然执〔2026〕17号', '--case-title', '违法占地案', '--place', `${ids[0]}=千山区某村西侧`, '--place', `${ids[2]}=千山区某村东侧`, '--medium', 'cd', '--out', path.join(ws.dir, 'discs'), '--json');
    expect([0, 3]).toContain(built.status);
    const disc = json<{ discs: { image: string; folder: string }[] }>(built).discs[0]!;
    iso = disc.image;
    isoSeq = Number(/审计链头：#(\d+)/.exec(fs.readFileSync(path.join(disc.folder, 'README.txt'), 'utf8'))![1]);
  }, 180_000);

  afterAll(() => ws.cleanup());

  it('before the rewrite, every anchor holds, and export verify and disc verify compare their heads with this PC\'s trail', () => {
    expect(lineSeq).toBeLessThan(bagSeq);
    expect(bagSeq).toBeLessThan(isoSeq);
    const { status, report } = verify(line, bag, iso);
    expect(report.findings).toEqual([]);
    expect(report.anchors.map((a) => [a.seq, a.ok])).toEqual([[lineSeq, true], [bagSeq, true], [isoSeq, true]]);
    expect(status).toBe(0);
    const exp = cli('export', 'verify', bag);
    expect(exp.status).toBe(0);
    expect(exp.stdout).toContain("against this PC's audit trail");
    const disc = cli('disc', 'verify', iso, '--json');
    expect(disc.status).toBe(0);
    expect(json<{ anchors: AnchorJson[] }>(disc).anchors).toEqual([expect.objectContaining({ seq: isoSeq, ok: true })]);
  });

  it('root removes a recording and rewrites both trail copies consistently: plain audit verify passes (the gap)', () => {
    removedSeq = rewriteTrailWithout(ws.catalog, ws.vault, trailFile, ids[1]!);
    expect(removedSeq).toBeLessThan(lineSeq);
    expect(queryCatalogue(ws.catalog, 'SELECT id FROM recordings WHERE id = ?', ids[1])).toEqual([]);
    const { status, report } = verify();
    expect(report.findings).toEqual([]);
    expect(status).toBe(0);
    expect(cli('audit', 'verify').stdout).toContain('checked against itself only');
  });

  it.each([
    ['the printed line', () => line, () => lineSeq],
    ['the archive set folder', () => bag, () => bagSeq],
    ['the disc image', () => iso, () => isoSeq],
  ])('audit verify --anchor with %s fails, naming the entry', (_what, anchor, seq) => {
    const { status, report } = verify(anchor());
    expect(status).toBe(1);
    expect(report.ok).toBe(false);
    expect(report.anchors).toHaveLength(1);
    const a = report.anchors[0]!;
    expect(a).toMatchObject({ seq: seq(), ok: false });
    expect(a.foundHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.foundHash).not.toBe(a.expectedHash);
    expect(report.findings).toEqual([expect.objectContaining({ check: 'anchor', kind: 'anchor-mismatch', seq: seq(), expectedHash: a.expectedHash, foundHash: a.foundHash })]);
    const text = cli('audit', 'verify', '--anchor', anchor());
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`the trail was rewritten at or before entry ${seq()}`);
  });

  it('the check is on the record', () => {
    const last = queryCatalogue<{ details: string }>(ws.catalog, "SELECT details FROM audit_log WHERE action = 'audit.verify' ORDER BY seq DESC LIMIT 1")[0]!;
    const details = JSON.parse(last.details) as { ok: boolean; anchors: AnchorJson[] };
    expect(details.ok).toBe(false);
    expect(details.anchors).toEqual([expect.objectContaining({ seq: isoSeq, ok: false })]);
  });

  it('an anchor taken after the rewrite holds', () => {
    const now = verify().report.anchor;
    const { status, report } = verify(`Audit chain head: entry ${now.seq}, ${now.hash} (${now.at})`);
    expect(report.anchors).toEqual([expect.objectContaining({ seq: now.seq, ok: true })]);
    expect(status).toBe(0);
  });

  it('a malformed anchor is a clear error, with no stack trace, and on the record', () => {
    for (const [arg, said] of [
      [line.replace(/[0-9a-f](?=[0-9a-f]* \()/, ''), '63 hexadecimal digits'],
      [path.join(ws.dir, 'no-such-set'), 'nor a file or folder that exists'],
      [ws.dir, 'not an archive set'],
    ] as const) {
      const r = cli('audit', 'verify', '--anchor', arg);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(said);
      expect(r.stderr).toContain('Audit chain head: entry');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const refused = queryCatalogue<{ n: number }>(ws.catalog, "SELECT count(*) AS n FROM audit_log WHERE action = 'audit.verify' AND outcome = 'refused'")[0]!;
    expect(refused.n).toBe(3);
  });

  it('export verify of the earlier set fails on the rewritten PC, saying it compared with this PC\'s trail', () => {
    const r = cli('export', 'verify', bag, '--json');
    expect(r.status).toBe(1);
    const out = json<{ ok: boolean; bags: { ok: boolean }[]; anchors: AnchorJson[] }>(r);
    expect(out.bags.map((b) => b.ok)).toEqual([true]); // the bag itself is intact…
    expect(out.anchors).toEqual([expect.objectContaining({ source: bag, seq: bagSeq, ok: false })]); // …the PC's trail is not
    const text = cli('export', 'verify', bag);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("against this PC's audit trail");
    expect(text.stdout).toContain(`rewritten at or before entry ${bagSeq}`);
  });

  it('disc verify of the earlier image fails on the rewritten PC', () => {
    const r = cli('disc', 'verify', iso, '--json');
    expect(r.status).toBe(1);
    const out = json<{ problems: unknown[]; anchors: AnchorJson[] }>(r);
    expect(out.problems).toEqual([]);
    expect(out.anchors).toEqual([expect.objectContaining({ seq: isoSeq, ok: false })]);
    expect(cli('disc', 'verify', iso).stdout).toContain(`against this PC's audit trail: MISMATCH`);
  });
});
