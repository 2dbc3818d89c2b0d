import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { anchorVerdict, chainHeadFromBagInfo, checkAnchor, checkAnchorsOnePass, findAnchorInText, parseAnchorLine } from './audit-anchor.js';
import { discReadme } from './disc-contents.js';

const H = 'ab'.repeat(32);

function chain(n: number, edit?: (seq: number) => string): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry({ seq, at: `2026-07-01T08:0${seq}:00+08:00`, operator: 'ops', role: null, action: 'ingest.file', target: edit?.(seq) ?? `f${seq}`, outcome: 'ok', details: {} }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe('parseAnchorLine', () => {
  it.each([
    [`Audit chain head: entry 42, ${H} (2026-07-01T08:00:00+08:00)`, 42, '2026-07-01T08:00:00+08:00'],
    [`  Audit chain head: entry 42, ${H}  `, 42, null],
    [`审计链头：第 42 条，${H}`, 42, null],
    // As `audit verify --lang zh` prints it, the time in full-width brackets.
    [`审计链头：第 42 条，${H}（2026-11-29T08:22:08+08:00）`, 42, '2026-11-29T08:22:08+08:00'],
    [`本表共 3 条录音录像。审计链头：第 42 条，<code>${H}</code></div>`, 42, null],
    [`审计链头 Audit chain head: #42 ${H}`, 42, null],
    [`    audit chain head             #42 ${H}`, 42, null],
    [`entry 42, ${H.toUpperCase()}`, 42, null],
  ])('reads %s', (text, seq, at) => {
    expect(parseAnchorLine(text)).toEqual({ ok: true, head: { seq, hash: H, at } });
  });

  it.each([
    ['', 'empty'],
    [`Audit chain head: entry 42, ${H.slice(1)}`, '63 hexadecimal digits'],
    [`Audit chain head: entry , ${H}`, 'no entry number'],
    [`Audit chain head: entry 4x2, ${H}`, 'not "entry N, HASH"'],
    ['Audit chain head: entry 42', 'no hash'],
    ['/media/archive/2026Q9', 'no hash'],
    [`entry 42, ${H} and more`, 'unexpected text'],
    ['hello', 'no entry number'],
  ])('refuses %j, saying what is wrong', (text, problem) => {
    const r = parseAnchorLine(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
  });

  it('finds the line in a disc note', () => {
    const readme = discReadme({ discNumber: 'GP2026-0001', registerNumber: 'JL2026-0001', part: 1, parts: 1, caseNumber: null, unitName: null, recordings: 2, issuedAt: 'x', auditHead: { seq: 7, hash: H } });
    expect(findAnchorInText(readme)).toEqual({ seq: 7, hash: H, at: null });
    expect(findAnchorInText('nothing here')).toBeNull();
  });
});

describe('chainHeadFromBagInfo', () => {
  it('reads the head, says when there is none, and when it is malformed', () => {
    expect(chainHeadFromBagInfo(`Bag-Group-Identifier: 2026Q3\nAudit-Chain-Head-Seq: 12\nAudit-Chain-Head-SHA256: ${H}\n`)).toEqual({ kind: 'head', head: { seq: 12, hash: H, at: null } });
    expect(chainHeadFromBagInfo('Bag-Group-Identifier: 2026Q3\n')).toEqual({ kind: 'none' });
    expect(chainHeadFromBagInfo(`Audit-Chain-Head-Seq: x\nAudit-Chain-Head-SHA256: ${H}\n`)).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('Seq') });
    expect(chainHeadFromBagInfo('Audit-Chain-Head-Seq: 3\nAudit-Chain-Head-SHA256: abc\n')).toMatchObject({ kind: 'malformed', problem: expect.stringContaining('SHA256') });
  });
});

describe('checkAnchor', () => {
  const live = chain(6);
  const anchor = { source: 'paper', seq: 4, hash: live[3]!.hash, at: null };

  it('passes when entry N recomputes to the anchored hash', () => {
    expect(checkAnchor(live, anchor, 6)).toMatchObject({ ok: true, foundHash: anchor.hash, foundAt: live[3]!.at });
  });

  it('fails a consistent rewrite: an entry removed before N and the rest re-hashed and renumbered', () => {
    const original = chain(6);
    const rewritten = chain(5, (seq) => `f${seq >= 2 ? seq + 1 : seq}`); // entry 2 gone, 3… moved down
    const a = { source: 'paper', seq: 4, hash: original[3]!.hash, at: null };
    const r = checkAnchor(rewritten, a, 5);
    expect(r).toMatchObject({ ok: false, seq: 4, expectedHash: a.hash, foundHash: rewritten[3]!.hash });
    expect(anchorVerdict(r)).toContain('rewritten at or before entry 4');
  });

  it('fails when entry N is gone, and when an earlier entry was edited with its stored hash left alone', () => {
    const r = checkAnchor(live.slice(0, 3), { ...anchor, seq: 5 }, 3);
    expect(r).toMatchObject({ ok: false, foundHash: null });
    expect(anchorVerdict(r)).toContain('no entry 5 (it ends at entry 3)');
    const edited = live.map((e) => (e.seq === 2 ? { ...e, target: 'other' } : e));
    expect(checkAnchor(edited, anchor, 6).ok).toBe(false);
  });
});

describe('checkAnchorsOnePass', () => {
  it('gives each anchor the verdict checkAnchor gives it, in the order given, reading the trail once', () => {
    const live = chain(8);
    const edited = live.map((e) => (e.seq === 5 ? { ...e, target: 'other' } : e));
    const anchors = [
      { source: 'b', seq: 6, hash: live[5]!.hash, at: null },
      { source: 'a', seq: 2, hash: live[1]!.hash, at: null },
      { source: 'z', seq: 0, hash: '0'.repeat(64), at: null },
      { source: 'gone', seq: 12, hash: live[7]!.hash, at: null },
      { source: 'c', seq: 4, hash: 'f'.repeat(64), at: null },
    ];
    let reads = 0;
    const once = { *[Symbol.iterator]() { reads++; yield* edited; } };
    const all = checkAnchorsOnePass(once, anchors, 8);
    expect(reads).toBe(1);
    expect(all).toEqual(anchors.map((a) => checkAnchor(edited, a, 8)));
    expect(all.map((r) => r.ok)).toEqual([false, true, true, false, false]);
  });
});
