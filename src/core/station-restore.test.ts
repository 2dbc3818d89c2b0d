import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { metadataKey, RECORDING_FORMAT, recordingObjectKey, segmentKey, type RecordingMetadata } from './replication.js';
import { isSetUpEntry, isVaultPath, metadataKeyId, orderSegments, parseSegment, readMetadata, segmentBreak } from './station-restore.js';
import { holdRows, recordingRow, TrailFacts } from './station-restore-rows.js';

/** A trail of `n` entries chained from the start, as a station writes it. */
function trail(n: number, action = (seq: number) => `act.${seq}`): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry({ seq, at: `2026-11-20T10:00:${String(seq).padStart(2, '0')}+08:00`, operator: 'root', role: 'admin', action: action(seq), target: null, outcome: 'ok', details: {} }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}
const text = (entries: AuditEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

describe('the trail segments, checked from themselves', () => {
  it('orders segments and names the first entry no segment holds', () => {
    const keys = [segmentKey('st', 4, 9), segmentKey('st', 1, 3), 'stations/st/trail/notes.txt'];
    expect(orderSegments(keys)).toEqual({ ok: true, segments: [{ key: keys[1], firstSeq: 1, lastSeq: 3 }, { key: keys[0], firstSeq: 4, lastSeq: 9 }] });
    expect(orderSegments([segmentKey('st', 1, 3), segmentKey('st', 6, 9)])).toMatchObject({ ok: false, seq: 4 });
    expect(orderSegments([segmentKey('st', 2, 3)])).toMatchObject({ ok: false, seq: 1 });
    expect(orderSegments([segmentKey('st', 1, 5), segmentKey('st', 4, 9)])).toMatchObject({ ok: false, seq: 4 });
    expect(orderSegments([])).toEqual({ ok: true, segments: [] });
  });

  it('finds an altered entry, a broken link between segments, a short segment and a line that is no entry', () => {
    const all = trail(6);
    const first = { key: segmentKey('st', 1, 3), firstSeq: 1, lastSeq: 3 };
    const second = { key: segmentKey('st', 4, 6), firstSeq: 4, lastSeq: 6 };
    expect(segmentBreak(first, parseSegment(text(all.slice(0, 3))), GENESIS_HASH)).toBeNull();
    expect(segmentBreak(second, parseSegment(text(all.slice(3))), all[2]!.hash)).toBeNull();

    const altered = all.slice(0, 3).map((e) => (e.seq === 2 ? { ...e, target: 'someone else' } : e));
    expect(segmentBreak(first, parseSegment(text(altered)), GENESIS_HASH)).toMatchObject({ seq: 2, detail: expect.stringMatching(/^bad-hash/) });
    // The second segment read after a first one that ended differently: the link is broken at its first entry.
    expect(segmentBreak(second, parseSegment(text(all.slice(3))), 'f'.repeat(64))).toMatchObject({ seq: 4, detail: expect.stringMatching(/^broken-link/) });
    expect(segmentBreak(first, parseSegment(text(all.slice(0, 2))), GENESIS_HASH)).toMatchObject({ seq: 1, detail: expect.stringContaining('holds 2 entries') });
    expect(segmentBreak(first, parseSegment(`${JSON.stringify(all[0])}\nnot json\n${JSON.stringify(all[2])}\n`), GENESIS_HASH)).toMatchObject({ seq: 2 });
  });
});

const meta = (over: Partial<RecordingMetadata> = {}): RecordingMetadata => {
  const sha256 = 'ab'.repeat(32);
  return {
    format: RECORDING_FORMAT,
    station: 'st-01',
    unit: null,
    recordingId: 42,
    sha256,
    size: 1234,
    objectKey: recordingObjectKey(sha256),
    recorder: '0001234',
    officer: { id: '110101', name: '张三', unit: '一队' },
    startedAt: '2026-11-20T09:15:02+08:00',
    startedAtSource: 'file-name',
    localDate: '2026-11-20',
    durationSeconds: 12.5,
    mediaFormat: 'mov,mp4,m4a,3gp,3g2,mj2',
    originalName: 'A.MP4',
    vaultPath: '现场执法记录仪影像资料/2026/11/20/0001234/A.MP4',
    ingestedAt: '2026-11-20T18:02:11+08:00',
    flags: ['clock-skew'],
    classification: 'ordinary',
    cases: [{ number: 'C-1', category: 'general' }],
    holds: [{ reason: 'complaint', permanent: false }],
    retainUntil: '2126-11-20T00:00:00+08:00',
    disposed: null,
    writtenAt: '2026-11-20T18:02:13+08:00',
    ...over,
  };
};

describe('a metadata object read back', () => {
  it('takes one written by this station for the id its key names', () => {
    expect(metadataKeyId(metadataKey('st-01', 42))).toBe(42);
    expect(metadataKeyId('stations/st-01/station.json')).toBeNull();
    expect(readMetadata(JSON.stringify(meta()), 'st-01', 42)).toEqual(meta());
  });

  it('refuses what it cannot restore from, saying why', () => {
    expect(readMetadata('{', 'st-01', 42)).toBe('not JSON');
    expect(readMetadata(JSON.stringify(meta()), 'st-02', 42)).toBe('written by station st-01');
    expect(readMetadata(JSON.stringify(meta()), 'st-01', 43)).toMatch(/names recording 42/);
    expect(readMetadata(JSON.stringify(meta({ objectKey: 'recordings/sha256/00/00' })), 'st-01', 42)).toMatch(/is not its SHA-256's/);
    expect(readMetadata(JSON.stringify(meta({ vaultPath: '现场执法记录仪影像资料/../../etc/passwd' })), 'st-01', 42)).toMatch(/not one inside/);
    expect(readMetadata(JSON.stringify(meta({ flags: ['made-up'] as never })), 'st-01', 42)).toBe('unknown flags');
    expect(readMetadata(JSON.stringify(meta({ holds: [{ reason: 'whim' as never, permanent: true }] })), 'st-01', 42)).toMatch(/holds/);
  });

  it('keeps vault paths inside the footage folder', () => {
    expect(isVaultPath('现场执法记录仪影像资料/2026/11/20/0001234/A.MP4')).toBe(true);
    for (const p of ['/etc/passwd', '.audit/audit-trail.jsonl', '现场执法记录仪影像资料//A.MP4', '现场执法记录仪影像资料/./A', '现场执法记录仪影像资料/a\\b', 7]) expect(isVaultPath(p)).toBe(false);
  });
});

describe('what a fresh vault may hold before a restore', () => {
  it("is init's entries, operators, looks and refusals; anything that changed the vault is not", () => {
    for (const action of ['operator.bootstrap', 'vault.init', 'config.loaded', 'operator.add', 'status', 'restore-station']) expect(isSetUpEntry({ action, outcome: 'ok' })).toBe(true);
    expect(isSetUpEntry({ action: 'ingest.file', outcome: 'refused' })).toBe(true);
    for (const action of ['ingest.file', 'device.add', 'case.create', 'hold.add']) expect(isSetUpEntry({ action, outcome: 'ok' })).toBe(false);
  });
});

describe('the rows of a restored station', () => {
  it('takes the registers from the entries that added them and where each recording came from', () => {
    const at = '2026-11-20T10:00:00+08:00';
    const entry = (seq: number, action: string, target: string, details: Record<string, unknown>, outcome: AuditEntry['outcome'] = 'ok') =>
      ({ seq, at, operator: 'wang', role: 'custodian', action, target, outcome, details, prevHash: '', hash: '' }) as AuditEntry;
    const facts = new TrailFacts();
    for (const e of [
      entry(1, 'device.add', '0001234', { brand: '海康威视', model: 'DSJ-A8', serial: 'HK1', assetNumber: null, purchasedOn: null }),
      entry(2, 'officer.add', '110101', { name: '张三', unit: '一队' }),
      entry(3, 'ingest.file', meta().vaultPath, { sha256: meta().sha256, size: 1234, source: 'DCIM/A.MP4', recordingId: 42 }),
      entry(4, 'case.create', 'case:C-1', { title: '违法占地案', category: 'general', caseId: 7 }),
      entry(5, 'case.close', 'case:C-1', {}),
      entry(6, 'retention.dispose', 'recording:40', { sha256: 'cd'.repeat(32) }),
      entry(7, 'device.add', '0009999', { brand: 'X', model: 'Y' }, 'refused'),
    ]) facts.note(e);
    expect([...facts.devices.keys()]).toEqual(['0001234']);
    expect(facts.officers.get('110101')).toMatchObject({ name: '张三', unit: '一队' });
    expect(facts.cases.get('C-1')).toMatchObject({ id: 7, title: '违法占地案', closedAt: at, createdBy: 'wang' });
    expect(facts.ingested.get(42)).toEqual({ vaultPath: meta().vaultPath, seq: 3 });
    expect([...facts.disposed]).toEqual([40]);
    expect(recordingRow(meta(), facts)).toMatchObject({ id: 42, sourcePath: 'DCIM/A.MP4', deviceNumber: '0001234', officerId: '110101', format: 'mov,mp4,m4a,3gp,3g2,mj2', startedAtEpochMs: Date.parse('2026-11-20T09:15:02+08:00') });
    expect(recordingRow(meta({ recordingId: 43 }), facts).sourcePath).toBe('A.MP4');
    expect(holdRows(meta(), 'st-01')).toEqual([{ recordingId: 42, reason: 'complaint', permanent: false, note: expect.stringContaining('restored from the object store') }]);
  });
});
