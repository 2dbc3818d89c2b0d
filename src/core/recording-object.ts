/**
 * A station's recording metadata object (`evidence-vault/recording@1`) and its descriptor
 * (`evidence-vault/station@1`), as docs/replication.md defines them (the station writes them with
 * src/core/replication.ts), read and checked: a reader takes nulls a writer of another release may
 * leave, and passes over keys it does not know. An object that
 * is not what the format says is a finding for the station (its key and the field), never a row with
 * a guess in it. Pure.
 */
import { FieldError, Fields, parseJsonObject } from './object-fields.js';
import { CLASSIFICATION_LEVELS, type ClassificationLevel } from './classification.js';
import { RECORDING_FORMAT, STATION_FORMAT } from './replication.js';

export interface RecordingOfficer {
  id: string;
  /** null: the officer is not in the station's register. */
  name: string | null;
  unit: string | null;
}

export interface RecordingObject {
  station: string;
  /** The station's unit (its config's unitName), null when it has none. */
  unit: string | null;
  recordingId: number;
  sha256: string;
  size: number;
  objectKey: string;
  recorder: string | null;
  officer: RecordingOfficer | null;
  startedAt: string;
  startedAtSource: string;
  localDate: string;
  durationSeconds: number | null;
  mediaFormat: string | null;
  originalName: string;
  vaultPath: string;
  ingestedAt: string;
  flags: string[];
  /** null: written by a release that did not send levels. */
  classification: ClassificationLevel | null;
  cases: { number: string; category: string | null }[];
  holds: { reason: string | null; permanent: boolean }[];
  retainUntil: string | null;
  disposed: { at: string; approvedBy: string | null; reason: string | null } | null;
  writtenAt: string;
}

export interface StationDescriptor {
  station: string;
  unit: string | null;
  timezone: string | null;
  updatedAt: string | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

function parsed<T>(read: () => T): Parsed<T> {
  try {
    return { ok: true, value: read() };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, problem: err.message };
    throw err;
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The metadata object at `stations/<station>/recordings/<recordingId>.json`; it must say the same station and id as its key. */
export function parseRecordingObject(text: string, key: { station: string; recordingId: number }): Parsed<RecordingObject> {
  return parsed(() => {
    const f = parseJsonObject(text);
    const format = f.string('format');
    if (format !== RECORDING_FORMAT) throw new FieldError('format', `"${format}" is not ${RECORDING_FORMAT}`);
    const station = f.string('station');
    if (station !== key.station) throw new FieldError('station', `"${station}" under the prefix of station "${key.station}"`);
    const recordingId = f.integer('recordingId', 1);
    if (recordingId !== key.recordingId) throw new FieldError('recordingId', `${recordingId} in the object of recording ${key.recordingId}`);
    return {
      station,
      unit: f.stringOrNull('unit'),
      recordingId,
      sha256: f.string('sha256', { pattern: SHA256 }),
      size: f.integer('size'),
      objectKey: f.string('objectKey', { nonEmpty: true }),
      recorder: f.stringOrNull('recorder'),
      officer: officerOf(f.objectOrNull('officer')),
      startedAt: f.instant('startedAt'),
      startedAtSource: f.string('startedAtSource', { nonEmpty: true }),
      localDate: f.localDate('localDate'),
      durationSeconds: f.numberOrNull('durationSeconds'),
      mediaFormat: f.stringOrNull('mediaFormat'),
      originalName: f.string('originalName'),
      vaultPath: f.string('vaultPath', { nonEmpty: true }),
      ingestedAt: f.instant('ingestedAt'),
      flags: f.stringArray('flags'),
      classification: levelOf(f.stringOrNull('classification')),
      cases: f.array('cases').map(({ at, value }) => {
        const c = Fields.of(value, at);
        return { number: c.string('number', { nonEmpty: true }), category: c.stringOrNull('category') };
      }),
      holds: f.array('holds').map(({ at, value }) => {
        const h = Fields.of(value, at);
        return { reason: h.stringOrNull('reason'), permanent: h.boolean('permanent') };
      }),
      retainUntil: f.instantOrNull('retainUntil'),
      disposed: disposedOf(f.objectOrNull('disposed')),
      writtenAt: f.instant('writtenAt'),
    };
  });
}

function levelOf(level: string | null): ClassificationLevel | null {
  if (level === null) return null;
  if (!(CLASSIFICATION_LEVELS as readonly string[]).includes(level)) throw new FieldError('classification', `"${level}" is not one of ${CLASSIFICATION_LEVELS.join(', ')}`);
  return level as ClassificationLevel;
}

function officerOf(o: Fields | null): RecordingOfficer | null {
  if (!o) return null;
  return { id: o.string('id', { nonEmpty: true }), name: o.stringOrNull('name'), unit: o.stringOrNull('unit') };
}

function disposedOf(d: Fields | null): RecordingObject['disposed'] {
  if (!d) return null;
  return { at: d.instant('at'), approvedBy: d.stringOrNull('approvedBy'), reason: d.stringOrNull('reason') };
}

/** `stations/<station>/station.json`. */
export function parseStationDescriptor(text: string, station: string): Parsed<StationDescriptor> {
  return parsed(() => {
    const f = parseJsonObject(text);
    const format = f.string('format');
    if (format !== STATION_FORMAT) throw new FieldError('format', `"${format}" is not ${STATION_FORMAT}`);
    const named = f.string('station');
    if (named !== station) throw new FieldError('station', `"${named}" under the prefix of station "${station}"`);
    return { station, unit: f.stringOrNull('unit'), timezone: f.stringOrNull('timezone'), updatedAt: f.instantOrNull('updatedAt') };
  });
}
