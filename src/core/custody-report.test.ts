import { describe, expect, it } from 'vitest';
import { idRanges, inRanges } from './custody-report-ranges.js';
import { fixityChecks, type TrailRef } from './custody-report.js';

const entry = (seq: number, action: string, details: Record<string, unknown>, target = 'vault', outcome: TrailRef['outcome'] = 'ok'): TrailRef => ({ seq, at: `2026-05-1${seq % 10}T00:00:00+08:00`, operator: 'aud', role: 'auditor', action, target, outcome, details });
const recording = { id: 5, vaultPath: 'a/5.MP4' } as Parameters<typeof fixityChecks>[0]['recording'];

describe('checked id ranges', () => {
  it('compresses ids into runs and answers membership', () => {
    expect(idRanges([7, 1, 2, 3, 5, 6, 3])).toEqual([[1, 3], [5, 7]]);
    expect(idRanges([])).toEqual([]);
    expect(inRanges([[1, 3], [5, 7]], 4)).toBe(false);
    expect(inRanges([[1, 3], [5, 7]], 6)).toBe(true);
    expect(inRanges('1-9', 4)).toBe(false);
    expect(inRanges([[1]], 1)).toBe(false);
  });
});

describe('which checks re-hashed a recording', () => {
  it('counts runs whose checkedIds hold it, marks the one that found it damaged, skips others', () => {
    const checks = [
      entry(10, 'fixity.run', { checkedIds: [[1, 4]], findings: [] }),
      entry(11, 'fixity.run', { checkedIds: [[5, 8]], findings: [{ recordingId: 5, kind: 'mismatch', detail: 'SHA-256 differs' }] }),
      entry(12, 'verify', { checkedIds: [[1, 9]], problems: [] }),
      entry(13, 'verify', { problems: [] }, 'vault'), // before checkedIds: a whole-vault verify after the ingest
      entry(14, 'verify', { problems: [] }, '{"device":"X"}'), // a filtered one without checkedIds: unknown, not counted
      entry(15, 'fixity.run', { checkedIds: [], error: 'disk' }, 'vault', 'failed'),
    ];
    const found = fixityChecks({ recording, checks, attributions: [] }, 3);
    expect(found.map((f) => [f.seq, f.kind, f.result])).toEqual([[11, 'fixity', 'problem'], [12, 'verify', 'ok'], [13, 'verify', 'ok']]);
    expect(found[0]!.detail).toBe('mismatch: SHA-256 differs');
    // Before it was stored, a whole-vault verify did not cover it.
    expect(fixityChecks({ recording, checks: [entry(2, 'verify', { problems: [] })], attributions: [] }, 3)).toEqual([]);
  });
});
