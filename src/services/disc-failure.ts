/**
 * A disc build that failed after it began writing ends with a person's message — what failed, that
 * nothing of the unfinished disc was kept, which discs of the build are complete — and its outcome on
 * the record once, never a stack trace (issue 12).
 */
import { errorCode, errorMessage, isRecorded, markRecorded, UserError, type Said } from '../core/errors.js';
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
  const made: Said = at.done.length
    ? { zh: `本次制作的光盘 ${at.done.join('、')} 已完成并编目。`, en: ` Discs ${at.done.join(', ')} of this build are complete and catalogued.` }
    : { zh: '', en: '' };
  // The Chinese name is followed by Chinese words: a space after a disc number, none after 光盘.
  const which: Said = at.disc ? { zh: `光盘 ${at.disc} `, en: `disc ${at.disc}` } : { zh: '光盘', en: 'the disc' };
  const kept: Said = { zh: `${which.zh}的任何内容均未保留在 ${at.outDir} 中`, en: `nothing of ${which.en} was kept in ${at.outDir}` };
  let message: Said;
  let hint: Said;
  const code = errorCode(err);
  const text = errorMessage(err);
  if (err instanceof UserError) {
    message = { zh: `${err.said.zh}；${kept.zh}`, en: `${err.message}; ${kept.en}` };
    hint = err.hintSaid ?? { zh: '请再次运行同一命令。', en: 'Run the same command again.' };
  } else if (err instanceof NameTakenError || (/UNIQUE/.test(text) && /discs\./.test(text))) {
    message = { zh: `${which.zh}的编号已被同时进行的另一次制作占用；${kept.zh}`, en: `${which.en} was numbered by another disc build at the same time; ${kept.en}` };
    hint = { zh: '请再次运行同一命令：它会取下一个空闲编号。', en: 'Run the same command again: it takes the next free number.' };
  } else if (code === 'ENOSPC' || /ENOSPC|No space left|exceeds free space/i.test(text)) {
    message = { zh: `写入${which.zh}时空间不足（${text}），光盘未制作；${kept.zh}`, en: `no space left while writing ${which.en} (${text}); ${kept.en}` };
    hint = {
      zh: `请在 --out 所在位置（${at.outDir}）腾出空间或另选 --out，再运行同一命令。`,
      en: `Free space where --out is (${at.outDir}) or choose another --out, then run the same command again.`,
    };
  } else {
    message = { zh: `${which.zh}制作失败：${text}；${kept.zh}`, en: `${which.en} could not be made: ${text}; ${kept.en}` };
    hint = {
      zh: '请再次运行同一命令；如仍以同样方式失败，请加 --verbose 运行并报告输出。',
      en: 'Run the same command again; if it fails the same way, run it with --verbose and report the output.',
    };
  }
  const whole: Said = { zh: message.zh + (made.zh ? `。${made.zh}` : ''), en: message.en + made.en };
  const failure = new UserError(whole, hint, err instanceof UserError && err.exitCode !== 2 ? err.exitCode : DISC_BUILD_FAILED);
  if (!isRecorded(err)) {
    try {
      audit.record({ action: 'disc.build', target: at.target, outcome: 'failed', details: { outDir: at.outDir, disc: at.disc, done: at.done, error: text } });
    } catch {
      // The catalogue could not take the entry (a full disk): the person still gets the message.
    }
  }
  return markRecorded(failure);
}
