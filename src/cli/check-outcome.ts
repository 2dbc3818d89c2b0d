/**
 * How `verify` and `audit verify` end: the repair command for damage found, a plain word when the
 * check could not put itself on the record (a full disk), and the exit status.
 *
 * Exit status: 0 nothing found and recorded; 1 something found (whether or not recorded: damage comes
 * first); 75 nothing found, but the check itself could not be recorded (free space, run it again).
 */
import { EXIT_NOT_RECORDED, NOT_RECORDED_DISK_FULL } from '../core/disk-full.js';
import { repairLines } from '../core/repair-suggestion.js';

export interface CheckOutcome {
  ok: boolean;
  repair: string[] | null;
  notRecorded: string | null;
}

/** The lines that end the text report. */
export function closingLines(r: CheckOutcome): string[] {
  return [...repairLines(r.repair), ...(r.notRecorded ? [notRecordedLine(r.notRecorded)] : [])];
}

function notRecordedLine(reason: string): string {
  return reason === 'disk full' ? `✗ ${NOT_RECORDED_DISK_FULL}` : `✗ the check itself could not be recorded: ${reason} / 本次检查本身未能记入审计记录`;
}

/** The exit status, and on stderr (for --json too) the word that the check is not on the record. */
export function finishCheck(r: CheckOutcome, storage: { vaultRoot: string; catalogDir: string }): void {
  if (r.notRecorded) {
    process.stderr.write(
      `evidence-vault: ${notRecordedLine(r.notRecorded).slice(2)}\n  try: free space on the disk holding ${storage.catalogDir} (df -h ${storage.catalogDir}), then run the check again so that it is on the record\n`,
    );
  }
  if (!r.ok) process.exitCode = 1;
  else if (r.notRecorded) process.exitCode = EXIT_NOT_RECORDED;
}
