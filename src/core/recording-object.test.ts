import { describe, expect, it } from 'vitest';
import { parseStationKey, stationOfPrefix } from './central-layout.js';
import { parseRecordingObject, parseStationDescriptor } from './recording-object.js';
import { metadataBytes, type RecordingMetadata } from './replication.js';

/** docs/replication.md's example, as a station writes it. */
const example = {
  format: 'evidence-vault/recording@1',
  station: 'st-01',
  unit: '某某大队',
  recordingId: 42,
  sha256: 'ab'.repeat(32),
  size: 123456789,
  objectKey: `recordings/sha256/ab/${'ab'.repeat(32)}`,
  recorder: 'DSJ-0007',
  officer: { id: '012345', name: '张三', unit: '一中队' },
  startedAt: '2026-11-20T09:15:02+08:00',
  startedAtSource: 'file-name',
  localDate: '2026-11-20',
  durationSeconds: 612.4,
  mediaFormat: 'mov,mp4,m4a,3gp,3g2,mj2',
  originalName: 'DSJ-0007_012345_20261120091502_0001.MP4',
  vaultPath: '现场执法记录仪影像资料/2026/11/20/DSJ-0007/DSJ-0007_012345_20261120091502_0001.MP4',
  ingestedAt: '2026-11-20T18:02:11+08:00',
  flags: ['clock-skew'],
  classification: 'ordinary',
  cases: [{ number: '鞍自然执〔2026〕17号', category: 'general' }],
  holds: [{ reason: 'complaint', permanent: true }],
  retainUntil: '2027-05-21T00:00:00+08:00',
  disposed: null,
  writtenAt: '2026-11-20T18:02:13+08:00',
};

const parse = (o: unknown, key = { station: 'st-01', recordingId: 42 }) => parseRecordingObject(JSON.stringify(o), key);

describe('the objects a station writes', () => {
  it("reads docs/replication.md's example whole, and a later release's extra key", () => {
    const r = parse({ ...example, somethingNew: 1 });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject({ recordingId: 42, officer: { id: '012345' }, cases: [{ number: '鞍自然执〔2026〕17号' }], disposed: null });
  });

  it('reads what a station writes (src/core/replication.ts), byte for byte', () => {
    const written = metadataBytes(example as RecordingMetadata).toString('utf8');
    const r = parseRecordingObject(written, { station: 'st-01', recordingId: 42 });
    expect(r.ok && { ...r.value, format: example.format }).toEqual(example);
  });

  it('reads an object written before levels were sent as of no known level, and refuses a level the rules do not have', () => {
    const { classification: _, ...older } = example;
    const r = parse(older);
    expect(r.ok && r.value.classification).toBeNull();
    const odd = parse({ ...example, classification: 'top-secret' });
    expect(odd.ok ? null : odd.problem).toMatch(/^classification: "top-secret" is not one of/);
  });

  it('reads the nulls the format allows: no officer, an officer not registered, no recorder, no duration, a disposal', () => {
    const r = parse({ ...example, officer: null, recorder: null, durationSeconds: null, disposed: { at: '2027-06-01T02:30:00+08:00', approvedBy: '领导', reason: 'retention' } });
    expect(r.ok && r.value.officer === null && r.value.disposed?.approvedBy === '领导').toBe(true);
    const unregistered = parse({ ...example, officer: { id: '9', name: null, unit: null } });
    expect(unregistered.ok && unregistered.value.officer).toEqual({ id: '9', name: null, unit: null });
  });

  it('names the field that is not what the format says, and an object under another key than its own', () => {
    const problem = (o: unknown, key?: { station: string; recordingId: number }) => {
      const r = parse(o, key);
      return r.ok ? null : r.problem;
    };
    expect(problem({ ...example, localDate: '2026-02-30' })).toBe('localDate: not a date YYYY-MM-DD');
    expect(problem({ ...example, officer: { name: 'x' } })).toBe('officer.id: missing');
    expect(problem({ ...example, cases: [{ number: 'A' }, { number: 7 }] })).toBe('cases.1.number: not a string');
    expect(problem({ ...example, startedAt: '2026-11-20 09:15:02' })).toBe('startedAt: not an ISO 8601 time with its offset');
    expect(problem({ ...example, format: 'evidence-vault/recording@2' })).toBe('format: "evidence-vault/recording@2" is not evidence-vault/recording@1');
    expect(problem(example, { station: 'st-02', recordingId: 42 })).toBe('station: "st-01" under the prefix of station "st-02"');
    expect(problem(example, { station: 'st-01', recordingId: 43 })).toBe('recordingId: 42 in the object of recording 43');
    expect(parseRecordingObject('{"format":', { station: 'st-01', recordingId: 42 })).toMatchObject({ ok: false, problem: expect.stringMatching(/^\(top level\): not JSON/) });
  });

  it('reads the station descriptor', () => {
    const d = parseStationDescriptor(JSON.stringify({ format: 'evidence-vault/station@1', station: 'st-01', unit: '某某大队', timezone: 'Asia/Shanghai', updatedAt: '2026-11-20T18:02:13+08:00' }), 'st-01');
    expect(d).toEqual({ ok: true, value: { station: 'st-01', unit: '某某大队', timezone: 'Asia/Shanghai', updatedAt: '2026-11-20T18:02:13+08:00' } });
  });

  it("knows the bucket's keys and nothing else", () => {
    expect(parseStationKey('stations/st-01/recordings/42.json')).toEqual({ kind: 'recording', station: 'st-01', recordingId: 42 });
    expect(parseStationKey('stations/st-01/trail/000000000001-000000000035.jsonl')).toEqual({ kind: 'trail', station: 'st-01', firstSeq: 1, lastSeq: 35 });
    expect(parseStationKey('stations/st-01/station.json')).toEqual({ kind: 'station', station: 'st-01' });
    for (const k of ['stations/st-01/recordings/042.json', 'stations/ST-01/recordings/1.json', 'stations/st-01/recordings/1.json.tmp', 'stations/st-01/trail/1-2.jsonl', 'recordings/sha256/ab/x']) {
      expect(parseStationKey(k), k).toBeNull();
    }
    expect(stationOfPrefix('stations/st-01/')).toBe('st-01');
    expect(stationOfPrefix('stations/Bad Name/')).toBeNull();
  });
});
