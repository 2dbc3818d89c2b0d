/**
 * After damage is found, the one command that restores it from a good copy (issue 12, item 10):
 * `verify` and `audit verify` end their report with it.
 */
import type { VerifyProblemKind } from './types.js';

/** Problems a good copy of the recording fixes: its file is gone, changed or unreadable. */
const REPAIRABLE: ReadonlySet<VerifyProblemKind> = new Set(['missing', 'mismatch', 'size-changed', 'unreadable']);

/** The argv of the repair command for these problems, or null when none names a damaged recording. */
export function repairCommand(problems: readonly { kind: string; recordingId?: number }[]): string[] | null {
  const ids = [...new Set(problems.filter((p) => p.recordingId !== undefined && REPAIRABLE.has(p.kind as VerifyProblemKind)).map((p) => p.recordingId!))].sort((a, b) => a - b);
  return ids.length ? ['evidence-vault', 'repair', ...ids.map(String)] : null;
}

/** The lines that end a report of damage, in the two languages. */
export function repairLines(argv: readonly string[] | null): string[] {
  if (!argv) return [];
  return ['To restore the damaged or missing recordings from a good copy (archive set, disc image) / 从完好副本恢复受损或缺失的录像：', `  ${argv.join(' ')}`];
}
