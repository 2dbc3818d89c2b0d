/**
 * R14 in listings: what an operator whose clearance does not cover a recording's level still sees of
 * it (its id, its level, its date), and the words that say how much was hidden and why. Pure.
 */
import { clearanceCovers, LEVEL_LABELS, type ClassificationLevel } from './classification.js';
import type { Said } from './errors.js';

/** The row a listing prints in place of footage the operator may not see. */
export interface HiddenRow {
  id: number | string;
  hidden: true;
  level: ClassificationLevel;
  /** The local date (or time) it was made, when the listing has one. */
  date?: string | null;
}

/** What one operator may see: their clearance and the levels that matter. */
export interface Sight {
  clearance: ClassificationLevel;
  /** A recording's effective level (ordinary when it was never classified). */
  level(recordingId: number): ClassificationLevel;
  /** A case's own level. */
  caseLevel(caseId: number): ClassificationLevel;
  /** Whether anything in the vault is above the clearance (whatever a listing matched). */
  anyAbove(): boolean;
}

export const maySee = (sight: Sight, level: ClassificationLevel): boolean => clearanceCovers(sight.clearance, level);

export const levelText = (level: ClassificationLevel): string => `${LEVEL_LABELS[level].zh} ${LEVEL_LABELS[level].en}`;

/** The line under a listing: how many rows were hidden, and why (Chinese and English). */
export function hiddenLine(count: number, clearance: ClassificationLevel): string {
  const c = LEVEL_LABELS[clearance];
  return (
    `${count} 条记录的详情已隐藏：密级高于您的授权（${c.zh}）/ ` +
    `details of ${count} ${count === 1 ? 'entry' : 'entries'} hidden: classified above your clearance (${c.en}, R14)`
  );
}

/**
 * A listing filtered by recorder, officer or flag would tell, by a hidden row matching it, who made
 * footage one may not see: such listings leave hidden rows out, and say only that they do.
 */
export const LEFT_OUT_LINE =
  '按记录仪、执法人员或标记筛选时，不列出密级高于您授权的录像 / footage above your clearance is left out of listings filtered by recorder, officer or flag (R14)';

/** Why one recording or case is refused to the operator; `target` names it in both languages. */
export function notClearedText(target: Said, level: ClassificationLevel, clearance: ClassificationLevel): { message: Said; hint: Said } {
  const l = LEVEL_LABELS[level];
  const c = LEVEL_LABELS[clearance];
  return {
    message: { zh: `${target.zh}的密级为${l.zh}，高于您的授权（${c.zh}）`, en: `${target.en} is classified ${l.en}, above your clearance (${c.en})` },
    hint: {
      zh: `请持有${l.zh}授权的领导授予：evidence-vault operator clearance YOU --level ${level} --reason "…"（R14）。`,
      en: `Ask a leader holding ${l.en} clearance to grant it: evidence-vault operator clearance YOU --level ${level} --reason "…" (R14).`,
    },
  };
}
