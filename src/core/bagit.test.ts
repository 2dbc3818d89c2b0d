import { describe, expect, it } from 'vitest';
import {
  bagDirName,
  bagInfoText,
  bagInfoValue,
  manifestText,
  parseBagInfo,
  parseManifest,
  parseOxum,
  parseSize,
  payloadOxum,
  planBags,
} from './bagit.js';
import { csvText, jsonText } from './tag-table.js';

const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);

describe('BagIt text', () => {
  it('writes manifest lines sorted, two spaces apart, and percent-encodes line breaks and %', () => {
    const text = manifestText([
      { sha256: H2, path: 'data/现场执法记录仪影像资料/2026/07/02/0001234/B.MP4' },
      { sha256: H1, path: 'data/x/50%\nodd.MP4' },
    ]);
    // 'x' (U+0078) sorts before the CJK folder name: plain code-unit order, the same on every machine.
    expect(text).toBe(`${H1}  data/x/50%25%0Aodd.MP4\n${H2}  data/现场执法记录仪影像资料/2026/07/02/0001234/B.MP4\n`);
    const back = parseManifest(text);
    expect(back.errors).toEqual([]);
    expect(back.lines.map((l) => l.path)).toContain('data/x/50%\nodd.MP4');
  });

  it('reports malformed manifest lines by number', () => {
    const r = parseManifest(`${H1}  data/a\nnot a line\n${H2}\tdata/b\n`);
    expect(r.lines).toHaveLength(2);
    expect(r.errors).toEqual([{ line: 2, text: 'not a line' }]);
  });

  it('writes and reads bag-info with Payload-Oxum', () => {
    const text = bagInfoText([
      ['Source-Organization', '某某公安局'],
      ['Payload-Oxum', payloadOxum(1234, 3)],
      ['External-Identifier', '2026Q3'],
    ]);
    expect(text).toBe('Source-Organization: 某某公安局\nPayload-Oxum: 1234.3\nExternal-Identifier: 2026Q3\n');
    const info = parseBagInfo(text + 'Long-Value: first\n  second\n');
    expect(bagInfoValue(info, 'payload-oxum')).toBe('1234.3');
    expect(bagInfoValue(info, 'Long-Value')).toBe('first second');
    expect(parseOxum('1234.3')).toEqual({ bytes: 1234, files: 3 });
    expect(parseOxum('12x.3')).toBeNull();
    expect(() => bagInfoText([['Bad:Label', 'x']])).toThrow(/colon/);
  });

  it('splits a set into bags no larger than the limit, in order', () => {
    const items = [5, 3, 4, 1, 6].map((size, i) => ({ size, i }));
    const plan = planBags(items, 8);
    expect(plan.ok && plan.bags.map((b) => b.map((x) => x.i))).toEqual([[0, 1], [2, 3], [4]]);
    expect(planBags(items).ok && (planBags(items) as { bags: unknown[][] }).bags).toHaveLength(1);
    const tooBig = planBags(items, 5);
    expect(tooBig.ok).toBe(false);
    expect(!tooBig.ok && tooBig.tooLarge.i).toBe(4);
    expect(planBags([], 10)).toEqual({ ok: true, bags: [[]] });
  });

  it('names bags and reads sizes', () => {
    expect(bagDirName('2026Q3', 1, 1)).toBe('2026Q3');
    expect(bagDirName('2026Q3-S1', 2, 3)).toBe('2026Q3-S1-bag2of3');
    expect(parseSize('500M')).toBe(500 * 1024 ** 2);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('lots')).toBeNull();
    expect(parseSize('0')).toBeNull();
  });
});

describe('tag tables', () => {
  it('quotes CSV cells that need it and keeps empty tables headed', () => {
    const csv = csvText(['id', 'name', 'details'], [{ id: 1, name: 'Wang, "Jun"', details: { a: 1 } }, { id: 2, name: null, details: null }]);
    expect(csv).toBe('\uFEFFid,name,details\r\n1,"Wang, ""Jun""","{""a"":1}"\r\n2,,\r\n');
    expect(csvText(['id'], [])).toBe('\uFEFFid\r\n');
    expect(JSON.parse(jsonText([{ id: 1 }]))).toEqual([{ id: 1 }]);
  });
});
