import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEntry, GENESIS_HASH, verifyChain, type AuditEntry } from './audit-chain.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry(
      { seq, at: `2026-05-15T07:3${seq}:00+08:00`, operator: 'ops', role: 'custodian', action: 'ingest', target: `f${seq}`, outcome: 'ok', details: { b: 2, a: 1 } },
      prev,
    );
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe('audit chain', () => {
  it('sorts keys so the same entry always hashes the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('writes every entry as the first version of canonicalJson did (trails written then still verify)', () => {
    const first = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
      if (Array.isArray(value)) return `[${value.map(first).join(',')}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${first(v)}`).join(',')}}`;
    };
    const holey: unknown[] = [1];
    holey[3] = 'x';
    const values: unknown[] = [
      {},
      [],
      { z: undefined, a: [undefined, null, -0, 1.5e300, 'a"\\\u2028'] },
      { 中文: 1, é: 2, A: 3, a: 4, '10': 5, '9': 6, '\u{1F600}': 7, '\uFFFF': 8, 'z\u0000': 9 },
      { only: undefined },
      holey,
      [1, () => 1, Symbol('s'), 2],
      { f: () => 1 },
      { nested: { b: [{ d: 1, c: { f: true, e: false } }], a: '现场执法记录仪影像资料/2026/11/29' } },
    ];
    for (const v of values) expect(canonicalJson(v)).toBe(first(v));
  });

  it('accepts an intact chain', () => {
    expect(verifyChain(chain(5))).toEqual([]);
  });

  it('names an edited entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, target: 'other' };
    expect(verifyChain(c)).toEqual([{ kind: 'bad-hash', seq: 3, detail: expect.stringContaining('altered') }]);
  });

  it('names a deleted entry', () => {
    const c = chain(5);
    c.splice(1, 1);
    const problems = verifyChain(c);
    expect(problems.map((p) => [p.kind, p.seq])).toEqual([
      ['gap', 3],
      ['broken-link', 3],
    ]);
  });

  it('names reordered entries', () => {
    const c = chain(4);
    [c[1], c[2]] = [c[2]!, c[1]!];
    expect(verifyChain(c).some((p) => p.kind === 'gap' && p.seq === 3)).toBe(true);
  });
});
