/**
 * R14 in listings: what an operator whose clearance does not cover a recording's level still sees of
 * it (its id, its level, its date), and why one is refused (the listing's own lines are the CLI's: cli/commands/classified-rows.ts). Pure.
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
