/**
 * One command, on the record: who runs it, whether their role allows it, and its outcome exactly
 * once. The entry points call `run` around the one service call a command makes and never write the
 * trail themselves.
 *  - refused: the missing role is recorded (exit 77);
 *  - failed: an error whose outcome nothing recorded yet is recorded once;
 *  - a look-up (a list, a report) that recorded nothing of its own is recorded as one entry.
 */
import { errorMessage, isRecorded, markRecorded, UserError } from '../core/errors.js';
import { refusedSaid } from '../core/i18n/said-parts.js';
import type { Access } from '../core/types.js';
import type { Logger } from '../adapters/logger.js';
import type { AuditTrail } from './audit-trail.js';
import type { Authorizer } from './authorizer.js';

/** sysexits EX_NOPERM: scripts can tell "not allowed" from "wrong input". */
export const EXIT_REFUSED = 77;

export interface Invocation {
  /** The command's arguments, as the trail's target (null when it has none). */
  target: string | null;
  /** Its options, recorded with a look-up. */
  options: Record<string, unknown>;
}

export class CommandSession {
  constructor(
    private readonly audit: AuditTrail,
    private readonly authorizer: Authorizer,
    private readonly log: Logger,
    /** Start-up work that writes (clean-up, the config on the record): only once the command is allowed. */
    private readonly startUp: () => void,
  ) {}

  /** The OS account behind the command (the person behind sudo). */
  get operator(): string {
    return this.audit.who.operator;
  }

  /** The role the command runs in, once `run` has allowed it. */
  get role(): string | null {
    return this.audit.who.role;
  }

  async run<T>(access: Access, invocation: Invocation, body: () => Promise<T> | T, opts: { badInputIs?: 'refused' | 'failed' } = {}): Promise<T> {
    const decision = this.authorizer.authorize({ osUser: this.operator, access });
    if (!decision.allowed) {
      // Refused whether or not the refusal can be recorded (a full disk): the refusal is what the person hears.
      this.tryRecord({
        action: access.action,
        target: invocation.target,
        outcome: 'refused',
        details: { reason: decision.reason, needed: decision.needed, message: decision.message.en },
      });
      throw markRecorded(new UserError(refusedSaid(decision.message), decision.hint, EXIT_REFUSED));
    }
    this.audit.actAs(decision.role);
    this.startUp();
    const before = this.audit.entriesWritten;
    const unrecordedBefore = this.audit.entriesNotRecorded;
    let result: T;
    try {
      result = await body();
    } catch (err) {
      if (!isRecorded(err) && this.audit.entriesWritten === before) {
        const outcome = err instanceof UserError ? (opts.badInputIs ?? 'failed') : 'failed';
        // With what was asked: a failed `access request` said only its error, not which recordings or purpose.
        this.tryRecord({ action: access.action, target: invocation.target, outcome, details: { error: errorMessage(err), options: invocation.options } });
      }
      throw markRecorded(err);
    }
    // Look-ups (lists, logs, reports) are acts too: who looked at what, and when.
    // A check that could not record itself (a full disk) has said so; a look-up entry would fail the same way.
    if (this.audit.entriesWritten === before && this.audit.entriesNotRecorded === unrecordedBefore) this.audit.record({ action: access.action, target: invocation.target, details: { options: invocation.options } });
    return result;
  }

  /**
   * A command line the parser refused (a mistyped command, an unknown option, a missing argument): an
   * act too, on the record as refused with what was typed, by whoever typed it. Nothing else runs.
   */
  recordUnparsed(words: readonly string[], code: string, message: string): void {
    this.tryRecord({ action: 'command.unparsed', target: words.join(' ').slice(0, 500) || null, outcome: 'refused', details: { code, message: message.trim().slice(0, 500) } });
  }

  private tryRecord(input: Parameters<AuditTrail['record']>[0]): void {
    try {
      this.audit.record(input);
    } catch (err) {
      this.log.error({ err: errorMessage(err), action: input.action }, 'cannot record a failed command in the audit trail');
    }
  }
}
