/**
 * The synchronized recording register (同步录音录像摄录情况记录表, R12(2)): its rows and header, from
 * catalogue facts only. Pure. A field the catalogue cannot give is left empty and listed in `missing`,
 * never guessed: the register is signed by officers and goes into a case file.
 */
import type { Device, Officer, Recording } from './types.js';
import { isStillPicture } from './media-selection.js';
import { isoInZone } from './zoned-time.js';
import type { RegisterGap } from './register-gaps.js';
import type { Said } from './errors.js';
import { said } from './i18n/said.js';
import { registerMissingMessages as mm } from './i18n/register-missing-messages.js';

export interface RegisterCase {
  number: string | null;
  title: string | null;
  /** The case's place, used for recordings with no place of their own. */
  place?: string | null;
}

/** Everything known about one recording going on the disc. */
export interface RegisterSource {
  recording: Recording;
  /** Where the file sits on the disc (the vault layout, names kept). */
  discPath: string;
  device: Device | null;
  /** The officer assigned the recorder: wearer and camera operator (谁佩戴、谁负责). */
  wearer: Officer | null;
  /** Other officers present, as given by the operator. */
  otherOfficers: readonly string[];
  /** The location tag in the file's metadata, already printed (e.g. GPS). */
  metadataPlace: string | null;
  /** A place the operator gave for this recording (--place ID=TEXT). */
  givenPlace: string | null;
  /** Gaps just before and after it (R5, P16), with their explanations. */
  gaps?: readonly RegisterGap[];
  /** The camera operator (摄录人员) named for it (R12(2)); none: the wearer filmed it. */
  cameraOperator?: string | null;
}

/** Where the camera operator's name comes from: named for the recording, or the wearer by default. */
export type CameraOperatorSource = 'given' | 'wearer';

/** What the register says beside a camera operator who is the wearer because nobody else was named. */
export const WEARER_NOTE = '（同佩戴人，未另行登记）';

/** The camera operator as printed: the name, with the note when it is the wearer by default. */
export function cameraOperatorText(r: Pick<RegisterRow, 'cameraOperator' | 'cameraOperatorSource'>): string | null {
  if (!r.cameraOperator) return null;
  return r.cameraOperatorSource === 'wearer' ? `${r.cameraOperator}${WEARER_NOTE}` : r.cameraOperator;
}

export type PlaceSource = 'given' | 'metadata' | 'case';

export interface RegisterRow {
  seq: number;
  recordingId: number;
  discPath: string;
  fileName: string;
  /** 执法人员姓名 */
  officers: string[];
  /** 摄录人员姓名 */
  cameraOperator: string | null;
  /** 'given' when named for the recording (R12(2)); 'wearer' when it defaults to the wearer. */
  cameraOperatorSource: CameraOperatorSource | null;
  /** Local time with offset. */
  startedAt: string;
  endedAt: string | null;
  place: string | null;
  placeSource: PlaceSource | null;
  deviceNumber: string | null;
  /** 品牌型号 */
  deviceModel: string | null;
  /** Container and codecs, e.g. "MP4（H.264 / AAC）". */
  format: string | null;
  durationSeconds: number | null;
  /** A still picture: its time is a moment, it has no length (长度 shows 照片). */
  still: boolean;
  size: number;
  sha256: string;
  /** Gaps just before and after it (R5, P16), explained or not. */
  gaps: RegisterGap[];
}

export type MissingField = 'caseNumber' | 'caseTitle' | 'unitName' | 'officers' | 'cameraOperator' | 'endTime' | 'place' | 'deviceModel' | 'format' | 'length';

export const FIELD_LABELS: Record<MissingField, string> = {
  caseNumber: '案号',
  caseTitle: '案件名称',
  unitName: '单位',
  officers: '执法人员姓名',
  cameraOperator: '摄录人员姓名',
  endTime: '摄录结束时间',
  place: '地点',
  deviceModel: '设备品牌型号',
  format: '录音录像格式',
  length: '长度',
};

export interface Missing {
  /** null for the register's header. */
  recordingId: number | null;
  field: MissingField;
  label: string;
  /** What to do about it. */
  hint: string;
}

export interface RegisterHeader {
  registerNumber: string;
  discNumber: string;
  part: number;
  parts: number;
  case: RegisterCase;
  unitName: string | null;
  /** Local time of issue, with offset. */
  issuedAt: string;
  /** The audit chain's head when the register was issued: ties the paper to the trail. */
  auditHead: { seq: number; hash: string };
}

export interface RegisterForm extends RegisterHeader {
  rows: RegisterRow[];
  missing: Missing[];
}

const CODEC_NAMES: Record<string, string> = {
  h264: 'H.264',
  hevc: 'H.265',
  mpeg4: 'MPEG-4',
  mjpeg: 'MJPEG',
  aac: 'AAC',
  mp3: 'MP3',
  amr_nb: 'AMR-NB',
  amr_wb: 'AMR-WB',
  pcm_s16le: 'PCM',
  pcm_mulaw: 'G.711μ',
  pcm_alaw: 'G.711A',
};

/** "MP4（H.264 / AAC）": the container as the file is named, with ffprobe's codecs. */
export function formatText(r: Pick<Recording, 'format' | 'videoCodec' | 'audioCodec' | 'vaultPath'>): string | null {
  if (!r.format) return null;
  const ext = /\.([A-Za-z0-9]+)$/.exec(r.vaultPath)?.[1]?.toUpperCase();
  const container = ext ?? r.format.split(',')[0]!.toUpperCase();
  const codecs = [r.videoCodec, r.audioCodec].filter((c): c is string => Boolean(c)).map((c) => CODEC_NAMES[c] ?? c.toUpperCase());
  return codecs.length ? `${container}（${codecs.join(' / ')}）` : container;
}

/** "0:01:05" */
export function durationText(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** "1.2 MB (1,234,567 字节)" in decimal units, as disc capacities are. */
export function sizeText(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i ? v.toFixed(1) : v} ${units[i]}`;
}

/** A blank's hint in both languages, kept beside it: `hint` is the English, which --json keeps. */
const hints = new WeakMap<Missing, Said>();
function withHint(m: Omit<Missing, 'hint'>, hint: Said): Missing {
  const out = { ...m, hint: hint.en };
  hints.set(out, hint);
  return out;
}

/** What to do about a blank, in both languages (one made elsewhere: its hint as it is). */
export function missingHint(m: Missing): Said {
  return hints.get(m) ?? { zh: m.hint, en: m.hint };
}

/** "2026-05-15 07:30:00" from an ISO time with offset: the local wall clock the register prints. */
export function localTimeText(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

export function registerRow(seq: number, s: RegisterSource, caseInfo: RegisterCase, timezone: string): { row: RegisterRow; missing: Missing[] } {
  const r = s.recording;
  const missing: Missing[] = [];
  const need = (field: MissingField, hint: Said) => missing.push(withHint({ recordingId: r.id, field, label: FIELD_LABELS[field] }, hint));

  const wearerName = s.wearer?.name ?? null;
  const officers = [...new Set([...(wearerName ? [wearerName] : []), ...s.otherOfficers.map((o) => o.trim()).filter(Boolean)])];
  const officerHint = r.officerId ? said(mm.officerNotRegistered, { id: r.officerId }) : said(mm.noOfficer);
  const withOfficer = (m: typeof mm.cameraOperator): Said => ({ zh: m.zh({ officer: officerHint.zh, id: r.id }), en: m.en({ officer: officerHint.en, id: r.id }) });
  const given = s.cameraOperator?.trim() || null;
  if (!given && !wearerName) need('cameraOperator', withOfficer(mm.cameraOperator));
  if (!officers.length) need('officers', withOfficer(mm.otherOfficers));

  // A photo is taken at one moment: its start is its end, and it has no length to fill in.
  const still = isStillPicture(r.originalName);
  const endedAt = still ? r.startedAt : r.durationSeconds !== null ? isoInZone(new Date(Date.parse(r.startedAt) + Math.round(r.durationSeconds * 1000)), timezone) : null;
  if (endedAt === null) need('endTime', said(mm.endTime));
  if (r.durationSeconds === null && !still) need('length', said(mm.length));

  let place: string | null = null;
  let placeSource: PlaceSource | null = null;
  if (s.givenPlace?.trim()) [place, placeSource] = [s.givenPlace.trim(), 'given'];
  else if (s.metadataPlace) [place, placeSource] = [s.metadataPlace, 'metadata'];
  else if (caseInfo.place?.trim()) [place, placeSource] = [caseInfo.place.trim(), 'case'];
  if (!place) need('place', said(mm.place, { id: r.id }));

  const deviceModel = s.device ? `${s.device.brand} ${s.device.model}` : null;
  if (!deviceModel) {
    need('deviceModel', r.deviceNumber ? said(mm.deviceNotRegistered, { number: r.deviceNumber }) : said(mm.deviceUnknown));
  }
  const format = formatText(r);
  if (!format) need('format', said(mm.format));

  const row: RegisterRow = {
    seq,
    recordingId: r.id,
    discPath: s.discPath,
    fileName: s.discPath.split('/').pop()!,
    officers,
    cameraOperator: given ?? wearerName,
    cameraOperatorSource: given ? 'given' : wearerName ? 'wearer' : null,
    startedAt: r.startedAt,
    endedAt,
    place,
    placeSource,
    deviceNumber: r.deviceNumber,
    deviceModel,
    format,
    durationSeconds: still ? null : r.durationSeconds,
    still,
    size: r.size,
    sha256: r.sha256,
    gaps: [...(s.gaps ?? [])],
  };
  return { row, missing };
}

export function buildRegister(header: RegisterHeader, sources: readonly RegisterSource[], timezone: string): RegisterForm {
  const missing: Missing[] = [];
  const head = (field: MissingField, hint: Said) => missing.push(withHint({ recordingId: null, field, label: FIELD_LABELS[field] }, hint));
  if (!header.case.number?.trim()) head('caseNumber', said(mm.caseNumber));
  if (!header.case.title?.trim()) head('caseTitle', said(mm.caseTitle));
  if (!header.unitName?.trim()) head('unitName', said(mm.unitName));
  const rows: RegisterRow[] = [];
  sources.forEach((s, i) => {
    const r = registerRow(i + 1, s, header.case, timezone);
    rows.push(r.row);
    missing.push(...r.missing);
  });
  return { ...header, rows, missing };
}
