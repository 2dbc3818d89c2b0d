/**
 * R13, P27: footage is seen, copied or used only through an approved, time-limited request. Pure:
 * the purposes, a request's state at an instant, and the working copy's manifest.
 */
import { isLocalDate } from './working-days.js';
import type { Said } from './errors.js';
import { codeWithZh } from './i18n/code-names.js';

/**
 * view and public-use: a working copy in the vault's access folder; copy: the same onto removable
 * media (P27); evidence: `disc build`; archive: `export` of a quarter carrying classified footage.
 */
export const ACCESS_PURPOSES = ['view', 'copy', 'public-use', 'evidence', 'archive'] as const;
export type AccessPurpose = (typeof ACCESS_PURPOSES)[number];

export function isAccessPurpose(s: string): s is AccessPurpose {
  return (ACCESS_PURPOSES as readonly string[]).includes(s);
}

/** Purposes whose grant gets a working copy in the vault's access folder at approval. */
export function getsWorkingCopy(p: AccessPurpose): boolean {
  return p === 'view' || p === 'public-use';
}

export const PURPOSE_LABELS: Readonly<Record<AccessPurpose, string>> = {
  view: '查阅',
  copy: '复制',
  'public-use': '公开使用',
  evidence: '作为证据',
  archive: '归档',
};

/** A purpose for Chinese text: the code (what --purpose takes) with its name, `view（查阅）`. */
export const purposeWithZh = (p: string): string => codeWithZh(p, PURPOSE_LABELS);

export interface AccessRequest {
  id: number;
  purpose: AccessPurpose;
  caseNumber: string | null;
  beneficiary: string;
  /** The last day of the grant (YYYY-MM-DD, the unit's zone). */
  untilDate: string;
  /** The instant the grant ends: 00:00 of the day after untilDate, in the unit's zone. */
  endsAt: string;
  endsAtMs: number;
  requestedBy: string;
  requestedAt: string;
  status: 'open' | 'approved' | 'refused';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  copyPath: string | null;
  expiredAt: string | null;
  recordingIds: number[];
}

/** What a request is at `nowMs`: open, refused, a live grant, or ended (a grant past its end, or a request never decided in time). */
export type AccessState = 'open' | 'refused' | 'live' | 'ended' | 'lapsed';

export function accessState(r: Pick<AccessRequest, 'status' | 'endsAtMs' | 'expiredAt'>, nowMs: number): AccessState {
  if (r.status === 'refused') return 'refused';
  const over = nowMs >= r.endsAtMs || r.expiredAt !== null;
  if (r.status === 'open') return over ? 'lapsed' : 'open';
  return over ? 'ended' : 'live';
}

/** The day after a local date, YYYY-MM-DD (calendar arithmetic, no zone involved). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** A grant is time-limited (R13): its last day is at most this many days after the day it is filed. */
export const MAX_GRANT_DAYS = 366;

/** An `--until` a person typed: a real date, not before today, at most a year away. Returns the problem, or null. */
export function untilProblem(until: string, today: string): Said | null {
  if (!isLocalDate(until)) return { zh: `--until ${until} 不是日期：截止日期格式应为 YYYY-MM-DD`, en: `--until ${until} is not a date YYYY-MM-DD` };
  if (until < today) return { zh: `--until ${until} 早于今天（${today}）`, en: `--until ${until} is before today (${today})` };
  const days = (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  if (days > MAX_GRANT_DAYS) return { zh: `--until ${until} 距今天（${today}）超过 ${MAX_GRANT_DAYS} 天：授权须有期限，不得超过一年`, en: `--until ${until} is more than ${MAX_GRANT_DAYS} days after today (${today}): a grant is time-limited` };
  return null;
}

/** The `access:ID` target every access audit entry carries. */
export function accessTarget(id: number): string {
  return `access:${id}`;
}

export interface ManifestFile {
  recordingId: number;
  name: string;
  sha256: string;
  size: number;
}

export interface ManifestHeader {
  grantId: number;
  purpose: AccessPurpose;
  beneficiary: string;
  requestedBy: string;
  approvedBy: string;
  until: string;
  endsAt: string;
  madeAt: string;
}

/** The working copy's manifest (MANIFEST.json): who it is for, who approved it, until when, and each file. */
export function manifestJson(h: ManifestHeader, files: readonly ManifestFile[]): string {
  return JSON.stringify({ ...h, note: '执法记录仪影像资料工作副本，仅限授权用途与期限内使用 / working copy: for the granted purpose and period only', files }, null, 2) + '\n';
}

/** `sha256sum -c` lines for the same files. */
export function sha256sums(files: readonly ManifestFile[]): string {
  return files.map((f) => `${f.sha256}  ${f.name}\n`).join('');
}

/** The folder of grant `id`'s working copy, in the copies folder (access.copiesRoot). */
export const copyFolderName = (id: number): string => `grant-${id}`;

/** A copy's file name: the recording id first (names from two recorders may be the same), then its vault name. */
export function copyName(recordingId: number, vaultPath: string): string {
  const base = vaultPath.split('/').pop() ?? `recording-${recordingId}`;
  return `${recordingId}-${base}`;
}
