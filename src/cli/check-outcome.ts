/**
 * How `verify` and `audit verify` end: the repair command for damage found, a plain word when the
 * check could not put itself on the record (a full disk), and the exit status.
 *
 * Exit status: 0 nothing found and recorded; 1 something found (whether or not recorded: damage comes
 * first); 75 nothing found, but the check itself could not be recorded (free space, run it again).
 */
import { EXIT_NOT_RECORDED } from '../core/disk-full.js';
import { t } from './language.js';
import { commonMessages as c } from './messages/common-a.js';
import { globalMessages as g } from './messages/global-options.js';

export interface CheckOutcome {
  ok: boolean;
  repair: string[] | null;
  notRecorded: string | null;
}

/** The lines that end the text report. */
export function closingLines(r: CheckOutcome): string[] {
  const repair = r.repair ? [t(c.repairTitle), `  ${r.repair.join(' ')}`] : [];
  return [...repair, ...(r.notRecorded ? [notRecordedLine(r.notRecorded)] : [])];
}

/** `reason` is a code ('disk full') or the English of an error, which has no other wording. */
function notRecordedLine(reason: string): string {
  return `✗ ${reason === 'disk full' ? t(c.notRecordedDiskFull) : t(c.notRecorded, { reason })}`;
}

/** The exit status, and on stderr (for --json too) the word that the check is not on the record. */
export function finishCheck(r: CheckOutcome, storage: { vaultRoot: string; catalogDir: string }): void {
  if (r.notRecorded) {
    process.stderr.write(
      `evidence-vault: ${notRecordedLine(r.notRecorded).slice(2)}\n  ${t(g.tryLabel)}: ${t(c.notRecordedHint, { path: storage.catalogDir })}\n`,
    );
  }
  if (!r.ok) process.exitCode = 1;
  else if (r.notRecorded) process.exitCode = EXIT_NOT_RECORDED;
}
