/**
 * After damage is found, the one command that restores it from a good copy (issue 12, item 10):
 * `verify` and `audit verify` end their report with it.
 */
import type { VerifyProblemKind } from './types.js';

/** Problems a good copy of the recording fixes: its file is gone, changed or unreadable. */
const REPAIRABLE: ReadonlySet<VerifyProblemKind> = new Set(['missing', 'mismatch', 'size-changed', 'unreadable', 'unsealed']);

/** The argv of the repair command for these problems, or null when none names a damaged recording. */
export function repairCommand(problems: readonly { kind: string; recordingId?: number }[]): string[] | null {
  const ids = [...new Set(problems.filter((p) => p.recordingId !== undefined && REPAIRABLE.has(p.kind as VerifyProblemKind)).map((p) => p.recordingId!))].sort((a, b) => a - b);
  return ids.length ? ['evidence-vault', 'repair', ...ids.map(String)] : null;
}

const REPAIR_TITLE = {
  zh: '从完好副本（归档数据包、光盘映像）恢复受损或缺失的录像：',
  en: 'To restore the damaged or missing recordings from a good copy (archive set, disc image):',
} as const;

/** The lines that end a report of damage, in one language (the CLI's check-outcome.ts prints its own from its table). */
export function repairLines(argv: readonly string[] | null, lang: 'zh' | 'en' = 'en'): string[] {
  if (!argv) return [];
  return [REPAIR_TITLE[lang], `  ${argv.join(' ')}`];
}
