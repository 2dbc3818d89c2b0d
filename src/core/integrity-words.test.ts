import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, verifyChain, type AuditEntry } from './audit-chain.js';
import { anchorFinding, anchorVerdict, checkAnchor, parseAnchorLine } from './audit-anchor.js';
import { compareTrailCopies, type TrailLine } from './trail-comparison.js';
import { describeFinding, type IntegrityFinding } from './integrity-findings.js';
import { findingDetail, problemWords } from './integrity-words.js';

const H = (c: string) => c.repeat(64);

function trail(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry({ seq, at: `2026-05-10T08:00:0${seq}.000Z`, operator: 'ops', role: 'custodian', action: 'ingest.file', target: `f${seq}`, outcome: 'ok', details: { n: seq } }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

const lines = (entries: (AuditEntry | string)[]): TrailLine[] =>
  entries.map((e, i) => (typeof e === 'string' ? { line: i + 1, raw: e, entry: null, last: i === entries.length - 1 } : { line: i + 1, raw: JSON.stringify(e), entry: e, last: false }));

/** One finding of every kind a check can make, each made by the check itself. */
async function everyKind(): Promise<IntegrityFinding[]> {
  const t = trail(6);
  const out: IntegrityFinding[] = [];
  const edited = { ...t[2]!, operator: 'someone-else' };
  const chain = verifyChain([t[0]!, t[2]!, edited, t[4]!]);
  out.push(...chain.map((p) => ({ check: 'chain' as const, ...p, at: null })));
  const file = [t[0]!, t[2]!, t[1]!, t[1]!, { ...t[3]!, operator: 'x' }, t[5]!, '{"no":"entry"}', '{"seq":'];
  out.push(...(await compareTrailCopies([t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, t[5]!], lines(file), 6)));
  out.push(...(await compareTrailCopies([t[0]!], lines([t[0]!, t[1]!]), 1)));
  out.push(...(await compareTrailCopies(t, lines([t[0]!]), 6)));
  out.push(...(await compareTrailCopies([{ ...t[0]!, operator: 'x' }], lines([t[0]!]), 1)));
  const rewritten = trail(2).map((e) => chainEntry({ ...e, operator: 'rewritten' }, GENESIS_HASH));
  out.push(...(await compareTrailCopies([rewritten[0]!], lines([t[0]!]), 1)));
  out.push({ check: 'trail-file', kind: 'file-missing', seq: 1, toSeq: 6, at: null, file: '/srv/vault/.audit/audit-trail.jsonl', detail: '/srv/vault/.audit/audit-trail.jsonl is gone' });
  out.push(anchorFinding(checkAnchor(t, { source: '/media/archive/2026Q3', at: null, seq: 3, hash: H('a') }, 6))!);
  out.push(anchorFinding(checkAnchor(t, { source: '/media/archive/2026Q3', at: null, seq: 9, hash: H('a') }, 6))!);
  const files = (kind: string, detail: string, values: object = {}) => ({ check: 'files', kind, vaultPath: 'a/b.MP4', detail, ...values }) as IntegrityFinding;
  out.push(
    files('missing', 'catalogued file is gone'),
    files('size-changed', 'catalogue says 10 bytes, file has 14', { expected: 10, found: 14 }),
    files('mismatch', `SHA-256 is ${H('b')}, catalogue says ${H('c')}`, { expected: H('c'), found: H('b') }),
    files('unsealed', 'the right bytes, but the file can be written; repair makes it read-only'),
    files('unexpected', 'in the vault but not in the catalogue'),
    files('unexpected', 'in the vault but not in the catalogue; a running process has held it as a copy in flight for over 30 s', { heldSeconds: 30 }),
    files('unreadable', 'a folder the check could not read: EACCES'),
    files('unreadable', 'EIO: i/o error'),
  );
  const row = { check: 'catalogue-vs-trail' as const, vaultPath: 'a/b.MP4', recordingId: 7 };
  out.push(
    { ...row, kind: 'no-ingest-entry', detail: "no ingest entry in the audit trail stored this row: added behind the trail's back" },
    { ...row, kind: 'hash-differs-from-trail', seq: 4, expected: H('d'), found: H('e'), at: '2026-05-10T08:00:04.000Z', detail: 'english' },
    { ...row, kind: 'size-differs-from-trail', seq: 4, expected: 10, found: 12, detail: 'english' },
  );
  return out;
}

/** English words left in a Chinese line, once the kind, paths, hashes and error codes are taken out. */
const english = (text: string) => text.replace(/[0-9a-f]{64}/g, '').replace(/\S*\/\S*/g, '').replace(/\b(SHA-256|EIO|EACCES|repair|i\/o|error)\b/g, '').match(/[A-Za-z]{3,}/g);

describe('integrity findings in both languages', () => {
  it('has made one finding of every kind each check knows', async () => {
    const kinds = new Set((await everyKind()).map((f) => `${f.check}/${f.kind}`));
    expect([...kinds].sort()).toEqual([
      'anchor/anchor-mismatch', 'anchor/anchor-missing',
      'catalogue-vs-trail/hash-differs-from-trail', 'catalogue-vs-trail/no-ingest-entry', 'catalogue-vs-trail/size-differs-from-trail',
      'chain/bad-hash', 'chain/broken-link', 'chain/gap',
      'files/mismatch', 'files/missing', 'files/size-changed', 'files/unexpected', 'files/unreadable', 'files/unsealed',
      'trail-file/damaged-line', 'trail-file/differs', 'trail-file/edited-in-catalogue', 'trail-file/edited-in-file', 'trail-file/file-missing',
      'trail-file/missing-from-catalogue', 'trail-file/missing-from-file', 'trail-file/reordered', 'trail-file/torn-line',
    ]);
  });

  it('says every finding in Chinese with no English left', async () => {
    for (const f of await everyKind()) {
      const zh = describeFinding(f, 'zh').replace(/^\S+\s+/, '');
      expect(english(zh), `${f.kind}: ${zh}`).toBeNull();
    }
  });

  it('keeps the English the checks wrote before (scripts and the trail read it)', async () => {
    expect((await everyKind()).map((f) => f.detail)).toEqual(
      expect.arrayContaining([
        'expected entry 2, found 3',
        'entry 3 was altered after it was written',
        'entry 2 appears after entry 3',
        'in the catalogue but not in the file (deleted there)',
        '5 entries are in the catalogue but not in the file (deleted there)',
        'the live trail has no entry 9 (it ends at entry 6): entries were removed, the trail was rewritten at or before entry 9',
      ]),
    );
  });

  it('keeps the values in the Chinese words', () => {
    const f: IntegrityFinding = { check: 'trail-file', kind: 'missing-from-file', seq: 12, toSeq: 15, line: 9, at: '2026-05-10T08:00:00.000Z', detail: '4 entries are in the catalogue but not in the file (deleted there)' };
    expect(describeFinding(f, 'zh')).toBe('missing-from-file 第 12–15 条（文件第 9 行），自 2026-05-10T08:00:00.000Z 起：4 条在目录库中，但不在文件中（在文件中被删除）');
    expect(describeFinding(f, 'en')).toBe('missing-from-file entries 12–15 (line 9), since 2026-05-10T08:00:00.000Z: 4 entries are in the catalogue but not in the file (deleted there)');
    const gap = verifyChain(trail(3).filter((e) => e.seq !== 2))[0]!;
    expect(findingDetail({ check: 'chain', ...gap, at: null }, 'zh')).toBe('应为第 2 条，实为第 3 条');
    expect(anchorVerdict(checkAnchor(trail(3), { source: 'paper', at: null, seq: 2, hash: trail(3)[1]!.hash }, 3), 'zh')).toBe('第 2 条的哈希仍与链头记录一致：目录库中的审计日志到该条为止未被改写');
  });

  it('prints a stored finding without its values, or a wording it does not know, as it was written', () => {
    const old: IntegrityFinding = { check: 'chain', kind: 'gap', seq: 5, at: null, detail: 'expected entry 4, found 5' };
    expect(findingDetail(old, 'zh')).toBe('expected entry 4, found 5');
    const later = { kind: 'unexpected' as const, detail: 'in the vault but not in the catalogue; a wording added later' };
    expect(problemWords(later, 'zh')).toBe(later.detail);
    expect(problemWords({ kind: 'size-changed', detail: 'catalogue says 1 bytes, file has 2' }, 'zh')).toBe('catalogue says 1 bytes, file has 2');
    // A copy held in flight is said from its seconds, never read back out of the English.
    expect(problemWords({ kind: 'unexpected', detail: 'in the vault but not in the catalogue', heldSeconds: 45 }, 'zh')).toMatch(/超过 45 秒$/);
  });

  it('says why a pasted chain-head line is refused in both languages', () => {
    const r = parseAnchorLine('第 12 条 abcdef0123');
    expect(r).toMatchObject({ ok: false, problem: 'the hash has 10 hexadecimal digits, not 64', said: { zh: '哈希值有 10 位十六进制数字，应为 64 位' } });
    expect(parseAnchorLine('审计链头')).toMatchObject({ said: { zh: '没有条目编号' } });
  });
});
