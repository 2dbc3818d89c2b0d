/**
 * A disc build that failed after it began writing ends with a person's message — what failed, that
 * nothing of the unfinished disc was kept, which discs of the build are complete — and its outcome on
 * the record once, never a stack trace (issue 12).
 */
import { errorCode, errorMessage, isRecorded, markRecorded, UserError } from '../core/errors.js';
import type { AuditTrail } from './audit-trail.js';
import { NameTakenError } from './disc-names.js';

export interface FailedAt {
  target: string;
  outDir: string;
  /** The disc being made when it failed, if one was. */
  disc: string | null;
  /** Discs of this build already complete and catalogued. */
  done: string[];
}

/** Exit status of a build that failed (a refusal before anything was written is 2). */
export const DISC_BUILD_FAILED = 1;

/** The error to throw for `err`, its `failed` outcome recorded unless already on the record. */
export function discFailure(audit: Pick<AuditTrail, 'record'>, err: unknown, at: FailedAt): unknown {
  // A refusal already recorded (a damaged source) is the person's message as it stands.
  if (err instanceof UserError && isRecorded(err)) return err;
  const made = at.done.length ? ` Discs ${at.done.join(', ')} of this build are complete and catalogued.` : '';
  const which = at.disc ? `disc ${at.disc}` : 'the disc';
  const kept = `nothing of ${which} was kept in ${at.outDir}`;
  let message: string;
  let hint: string;
  const code = errorCode(err);
  const text = errorMessage(err);
  if (err instanceof UserError) {
    message = `${err.message}; ${kept}`;
    hint = err.hint ?? 'Run the same command again.';
  } else if (err instanceof NameTakenError || (/UNIQUE/.test(text) && /discs\./.test(text))) {
    message = `${which} was numbered by another disc build at the same time; ${kept} / 光盘编号已被同时进行的另一次制作占用`;
    hint = 'Run the same command again: it takes the next free number.';
  } else if (code === 'ENOSPC' || /ENOSPC|No space left|exceeds free space/i.test(text)) {
    message = `no space left while writing ${which} (${text}); ${kept} / 输出位置空间不足，光盘未制作`;
    hint = `Free space where --out is (${at.outDir}) or choose another --out, then run the same command again.`;
  } else {
    message = `${which} could not be made: ${text}; ${kept} / 光盘制作失败，未留下未完成的文件`;
    hint = 'Run the same command again; if it fails the same way, run it with --verbose and report the output.';
  }
  const failure = new UserError(message + made, hint, err instanceof UserError && err.exitCode !== 2 ? err.exitCode : DISC_BUILD_FAILED);
  if (!isRecorded(err)) {
    try {
      audit.record({ action: 'disc.build', target: at.target, outcome: 'failed', details: { outDir: at.outDir, disc: at.disc, done: at.done, error: text } });
    } catch {
      // The catalogue could not take the entry (a full disk): the person still gets the message.
    }
  }
  return markRecorded(failure);
}
