/**
 * The case-by-case view of R11, beside the day-by-day tree: index files only, never copies or links of
 * originals (a link would keep a disposed file's bytes alive and make two names for one original).
 *   现场执法记录仪影像资料/案件-cases/<case number>.txt          every recording of the case, by day
 *   现场执法记录仪影像资料/YYYY/MM/DD/案件-cases/<case number>.txt that day's recordings of the case
 * The files are derived from the catalogue and rewritten whenever a link changes.
 */
import { dayFolder, FOOTAGE_ROOT } from './vault-layout.js';

export const CASE_VIEW_FOLDER = '案件-cases';

/** A case number as one file name: separators and control characters become "_". */
export function caseFileName(caseNumber: string): string {
  // eslint-disable-next-line no-control-regex
  return `${caseNumber.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/gu, '_')}.txt`;
}

export function caseIndexPath(caseNumber: string): string {
  return `${FOOTAGE_ROOT}/${CASE_VIEW_FOLDER}/${caseFileName(caseNumber)}`;
}

export function caseDayIndexPath(caseNumber: string, localDate: string): string {
  return `${dayFolder(localDate)}/${CASE_VIEW_FOLDER}/${caseFileName(caseNumber)}`;
}

/**
 * For verify's walk: files in the two places case views are written (the footage root's and each day
 * folder's 案件-cases) are the derived view, not footage. Only there: a quarantine folder named after a
 * source called 案件-cases holds footage, and a file put in it is looked at like any other.
 */
export function isCaseViewPath(relPath: string): boolean {
  const parts = relPath.split('/');
  if (parts[0] !== FOOTAGE_ROOT) return false;
  if (parts.length === 3) return parts[1] === CASE_VIEW_FOLDER;
  return parts.length === 6 && /^\d{4}$/.test(parts[1]!) && /^\d{2}$/.test(parts[2]!) && /^\d{2}$/.test(parts[3]!) && parts[4] === CASE_VIEW_FOLDER;
}

export interface CaseViewCase {
  number: string;
  title: string;
  category: string;
  status: string;
}

export interface CaseViewEntry {
  recordingId: number;
  localDate: string;
  startedAt: string;
  vaultPath: string;
  sha256: string;
  size: number;
  deviceNumber: string | null;
  officerId: string | null;
  disposedAt: string | null;
}

/** The index text: a header, then one line per recording (paths relative to the footage root). */
export function caseIndexText(c: CaseViewCase, entries: readonly CaseViewEntry[], generatedAt: string): string {
  const lines = [
    `案件 case: ${c.number}`,
    `标题 title: ${c.title}`,
    `类别 category: ${c.category}    状态 status: ${c.status}`,
    `生成 generated: ${generatedAt} from the catalogue (the catalogue is the record; this file is a view)`,
    `录像 recordings: ${entries.length}`,
    '',
  ];
  let day = '';
  for (const e of [...entries].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.recordingId - b.recordingId))) {
    if (e.localDate !== day) {
      day = e.localDate;
      lines.push(`[${day}]`);
    }
    const where = e.vaultPath.startsWith(`${FOOTAGE_ROOT}/`) ? e.vaultPath.slice(FOOTAGE_ROOT.length + 1) : e.vaultPath;
    const state = e.disposedAt ? `  已销毁 disposed ${e.disposedAt}` : '';
    lines.push(`  #${e.recordingId}  ${e.startedAt}  ${e.deviceNumber ?? '?'}  ${e.officerId ?? ''}  ${where}  ${e.size} B  sha256:${e.sha256}${state}`);
  }
  return lines.join('\n') + '\n';
}
