import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { checkContinuity, overlappingSegments, readSegment, segmentPair } from './trail-continuity.js';

function trail(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push(chainEntry({ seq, at: '2026-05-11T18:00:00+08:00', operator: 'op', role: 'custodian', action: 'ingest', target: `r${seq}`, outcome: 'ok', details: { n: seq } }, out[seq - 2]?.hash ?? GENESIS_HASH));
  }
  return out;
}

const text = (es: AuditEntry[]) => es.map((e) => JSON.stringify(e)).join('\n') + '\n';
const key = (a: number, b: number) => `stations/st/trail/${String(a).padStart(12, '0')}-${String(b).padStart(12, '0')}.jsonl`;
const segment = (es: AuditEntry[], first: number, last: number, body = text(es.slice(first - 1, last))) => readSegment(key(first, last), { firstSeq: first, lastSeq: last }, body).summary;
const found = (s: ReturnType<typeof checkContinuity>) => s.problems.map((p) => `${p.kind}@${p.seq}`);

describe('the trail from its segments alone', () => {
  const es = trail(10);

  it('is intact across segments, with its head', () => {
    const s = checkContinuity([segment(es, 6, 10), segment(es, 1, 5)]);
    expect(s).toMatchObject({ ok: true, segments: 2, entries: 10, head: { seq: 10, hash: es[9]!.hash } });
  });

  it('names an altered entry (its hash recomputed) and, when the hash was made to fit, the next link', () => {
    const altered = es.map((e) => (e.seq === 3 ? { ...e, target: 'other' } : e));
    expect(found(checkContinuity([segment(altered, 1, 5), segment(es, 6, 10)]))).toEqual(['bad-hash@3']);
    const refitted = altered.map((e) => (e.seq === 3 ? chainEntry(e, e.prevHash) : e));
    expect(found(checkContinuity([segment(refitted, 1, 5), segment(es, 6, 10)]))).toEqual(['broken-link@4']);
  });

  it('names the first seq of a segment that never arrived, and a first segment that is not the first', () => {
    expect(found(checkContinuity([segment(es, 1, 3), segment(es, 7, 10)]))).toEqual(['missing@4']);
    expect(found(checkContinuity([segment(es, 4, 10)]))).toEqual(['missing@1']);
  });

  it('names entries left out inside a segment, overlapping segments, and a segment holding other seqs than its name', () => {
    const holed = [...es.slice(0, 2), ...es.slice(3, 5)];
    expect(found(checkContinuity([readSegment(key(1, 5), { firstSeq: 1, lastSeq: 5 }, text(holed)).summary, segment(es, 6, 10)]))).toEqual(['missing@3']);
    expect(found(checkContinuity([segment(es, 1, 6), segment(es, 5, 10)]))).toEqual(['overlap@5']);
    const misnamed = readSegment(key(1, 6), { firstSeq: 1, lastSeq: 6 }, text(es.slice(0, 5))).summary;
    expect(found(checkContinuity([misnamed, segment(es, 6, 10)]))).toEqual(['misnamed@1']);
  });

  it('reads on past a line that is not an entry, and counts a rewritten segment whatever its chain says', () => {
    const body = text(es.slice(0, 2)) + '{"seq": "three"}\n' + text(es.slice(3, 5));
    const s = checkContinuity([readSegment(key(1, 5), { firstSeq: 1, lastSeq: 5 }, body).summary, segment(es, 6, 10)]);
    expect(found(s)).toEqual(['missing@3', 'unreadable@3']);
    expect(s.problems.find((p) => p.kind === 'unreadable')!.detail).toBe('line 3: seq: not a whole number of at least 1');
    const rewritten = checkContinuity([segment(es, 1, 5), segment(es, 6, 10)], [{ key: key(1, 5), seq: 1, detail: 'two versions' }]);
    expect(rewritten).toMatchObject({ ok: false, entries: 10 });
    expect(found(rewritten)).toEqual(['rewritten@1']);
  });

  it('takes a segment sent again with later entries under a longer key as a retry when the entries it shares agree', () => {
    const orphan = segment(es, 1, 4);
    const resent = segment(es, 1, 7);
    const rest = segment(es, 8, 10);
    expect(overlappingSegments([rest, resent, orphan])).toEqual([[resent.key, orphan.key]]);
    const retried = checkContinuity([orphan, resent, rest], [], new Set([segmentPair(orphan.key, resent.key)]));
    expect(retried).toMatchObject({ ok: true, entries: 10, head: { seq: 10 } });
    // The same shape with other hashes in what they share (not asked as agreeing) is an overlap.
    expect(found(checkContinuity([orphan, resent, rest]))).toEqual(['overlap@1']);
    // A segment inside the chain does not move its head back.
    expect(checkContinuity([segment(es, 1, 10), segment(es, 3, 5)], [], new Set([segmentPair(key(1, 10), key(3, 5))])).head!.seq).toBe(10);
  });

  it('has no head and no problem with no segment at all', () => {
    expect(checkContinuity([])).toEqual({ ok: true, segments: 0, entries: 0, head: null, problems: [] });
  });
});
