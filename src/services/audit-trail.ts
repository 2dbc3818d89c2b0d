/**
 * Every act on the record (architecture invariant 4). An entry is written in the same IMMEDIATE
 * transaction as the act it describes: if the entry cannot be written, the act is not done.
 * After the commit the entry is copied to the JSON-lines file in the vault, under the catalogue's
 * write lock so that processes sharing the vault append in sequence order.
 */
import { chainEntry, GENESIS_HASH, type AuditEntry, type AuditOutcome } from '../core/audit-chain.js';
import { asSaid, errorMessage, isRecorded, markRecorded, UserError, type Said } from '../core/errors.js';
import { isDiskFull } from '../core/disk-full.js';
import { boundDetails, boundText, wellFormed } from '../core/audit-bounds.js';
import { RecentEntries } from '../core/recent-entries.js';
import type { Actor } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditFile } from '../adapters/audit-file.js';
import type { AuditQuery, AuditStore } from '../adapters/catalog/audit-store.js';
import type { Logger } from '../adapters/logger.js';

export interface AuditInput {
  action: string;
  target?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditTrailParts {
  /** Runs `fn` in one catalogue write transaction (BEGIN IMMEDIATE): an entry commits with the act it describes. */
  transaction: <T>(fn: () => T) => T;
  /**
   * As `transaction`, its commit not flushed (database.ts, unflushedTransaction): for the trail file's
   * mark, wanted for the write lock that orders appending processes. The entries were flushed with
   * their acts and the file is fsynced; a mark lost in a power cut only lags, and the next flush
   * sets it again. Without it, `transaction`.
   */
  markTransaction?: <T>(fn: () => T) => T;
  /** The catalogue's copy of the trail. */
  store: AuditStore;
  /** The JSON-lines copy in the vault. */
  file: AuditFile;
  clock: UnitClock;
  log: Logger;
  /** Set when the catalogue was opened for reading alone (a check on a full disk): why nothing can be recorded. */
  cannotRecord?: string;
}

/** Reading the trail (`audit log`): all a command that only reads gets. */
export interface AuditLog {
  entries(query: AuditQuery): AuditEntry[];
}

export class AuditTrail implements AuditLog {
  readonly store: AuditStore;
  readonly file: AuditFile;
  private readonly transaction: <T>(fn: () => T) => T;
  private readonly markTransaction: <T>(fn: () => T) => T;
  private readonly clock: UnitClock;
  private readonly log: Logger;
  private actor: Actor;
  /** Entries this process wrote: a command that wrote none is recorded once by its entry point. */
  private written = 0;
  /** Checks that ran but could not record themselves (a full disk): their outcome is reported, not lost silently. */
  private unrecorded = 0;
  private readonly cannotRecord: string | undefined;

  /** Runs whose transaction is open: entries recorded inside them reach the file only once committed. */
  private openRuns = 0;
  /** Entries inserted here, for the file without reading them back when they are the catalogue's (recent-entries.ts). */
  private readonly recent = new RecentEntries();

  constructor(parts: AuditTrailParts, actor: Actor) {
    ({ transaction: this.transaction, store: this.store, file: this.file, clock: this.clock, log: this.log, cannotRecord: this.cannotRecord } = parts);
    this.markTransaction = parts.markTransaction ?? parts.transaction;
    this.actor = { ...actor };
  }

  /** How many acts said they could not be recorded: the entry point then records no look-up for them either. */
  get entriesNotRecorded(): number {
    return this.unrecorded;
  }

  get who(): Actor {
    return this.actor;
  }

  get entriesWritten(): number {
    return this.written;
  }

  /** The role the operator acts in from now on, once the role check allowed the command. */
  actAs(role: string | null): void {
    this.actor = { ...this.actor, role };
  }

  /**
   * Do `act` and record it, atomically. When `act` throws, nothing it wrote is kept and a `failed`
   * entry is recorded instead; the error is rethrown.
   */
  run<T>(input: AuditInput, act: () => T, detailsOf?: (result: T) => Record<string, unknown>): T {
    let result: T;
    try {
      this.openRuns++;
      try {
        result = this.transaction(() => {
          const r = act();
          this.insert({ ...input, details: { ...input.details, ...detailsOf?.(r) } });
          return r;
        });
      } finally {
        this.openRuns--;
      }
    } catch (err) {
      // Whatever `act` recorded was rolled back with it: the outcome is recorded here, once.
      this.tryRecordFailure(input, err, isRecorded(err) && err instanceof UserError ? 'refused' : 'failed');
      markRecorded(err);
      throw err;
    }
    this.flushToFile();
    return result;
  }

  /**
   * Several acts committed together, each recording its own entry with `insertInTransaction`; the
   * trail file gets them with one flush. When the transaction fails nothing of it is kept, `failure`
   * (if given) is recorded as the failed act, and the error is rethrown.
   */
  runMany<T>(act: () => T, failure?: AuditInput): T {
    let result: T;
    try {
      this.openRuns++;
      try {
        result = this.transaction(act);
      } finally {
        this.openRuns--;
      }
    } catch (err) {
      if (failure) {
        this.tryRecordFailure(failure, err);
        markRecorded(err);
      }
      throw err;
    }
    this.flushToFile();
    return result;
  }

  /**
   * The guard for an act that is not one transaction (a copy, a build, a verification): `body` does
   * the work and records what it did; if it throws an error whose outcome is not on the record yet, one
   * `failed` entry is recorded. Refusals (`refuse`) and failures recorded inside pass through as they are.
   */
  async act<T>(input: AuditInput, body: () => Promise<T> | T, opts: { userErrorsAre?: 'refused' | 'failed' } = {}): Promise<T> {
    try {
      return await body();
    } catch (err) {
      if (!isRecorded(err)) {
        this.tryRecordFailure(input, err, err instanceof UserError ? (opts.userErrorsAre ?? 'failed') : 'failed');
        markRecorded(err);
      }
      throw err;
    }
  }

  /** Refuse an act: the refusal is recorded, then thrown as the person's error (exit 2, or `exitCode`). */
  refuse(input: AuditInput, message: Said | string, hint?: Said | string, exitCode?: number): never {
    // The trail keeps the English, whatever language the person reads.
    this.record({ ...input, outcome: 'refused', details: { ...input.details, reason: asSaid(message).en } });
    throw markRecorded(new UserError(message, hint, exitCode));
  }

  /** Record an act that has no catalogue change of its own (a refusal, a report, a verification). */
  record(input: AuditInput): AuditEntry {
    if (this.cannotRecord) throw Object.assign(new Error(`cannot record ${input.action}: ${this.cannotRecord}`), { code: 'SQLITE_FULL' });
    const entry = this.transaction(() => this.insert(input));
    this.flushToFile();
    return entry;
  }

  /**
   * Record a read-only check's result. A check must report even on a full disk: when its entry cannot
   * be written for lack of space it returns why ("disk full") instead of throwing, and the caller
   * says so to the person. Any other failure to record is thrown as usual.
   */
  recordCheck(input: AuditInput): string | null {
    if (this.cannotRecord) {
      this.unrecorded++;
      return this.cannotRecord;
    }
    try {
      this.record(input);
      return null;
    } catch (err) {
      if (!isDiskFull(err)) throw err;
      this.log.info({ err: errorMessage(err), action: input.action }, 'the check could not be recorded: disk full');
      this.unrecorded++;
      return 'disk full';
    }
  }

  /** For callers already inside a transaction (batching several entries with one change). */
  insertInTransaction(input: AuditInput): AuditEntry {
    return this.insert(input);
  }

  /** Entries matching `query`, oldest first (`audit log`). */
  entries(query: AuditQuery): AuditEntry[] {
    return [...this.store.iterate(query)];
  }

  /** The last entry of `action` on `target`, if any. */
  latest(action: string, target: string): AuditEntry | undefined {
    return this.store.latest(action, target);
  }

  head(): { seq: number; hash: string } {
    return this.store.head() ?? { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Bring the JSON-lines copy up to the catalogue. Safe from several processes at once (the write
   * lock orders them). Entries the file is known to have had are never re-written: a file that was
   * cut short keeps its hole, for verification to name.
   */
  flushToFile(): void {
    // Inside a run's transaction an entry may still be rolled back: the file gets it after the commit.
    if (this.cannotRecord || this.openRuns > 0) return;
    try {
      this.markTransaction(() => {
        const { lastSeq, torn } = this.file.tail();
        const known = this.store.fileMark();
        if (lastSeq < known) {
          this.log.error({ file: this.file.file, fileLastSeq: lastSeq, expected: known }, 'audit file is missing entries it had: run audit verify');
        }
        const from = Math.max(lastSeq, known);
        const missing = this.recent.after(from, this.store.head()) ?? [...this.store.iterate({ afterSeq: from })];
        this.file.append(missing, torn);
        if (missing.length) this.store.setFileMark(missing[missing.length - 1]!.seq);
        this.recent.forgetThrough(missing.length ? missing[missing.length - 1]!.seq : from);
      });
    } catch (err) {
      // The catalogue holds the entry; the next flush catches the file up. Say so loudly.
      this.log.error({ err: errorMessage(err), file: this.file.file }, 'cannot append to the audit file');
    }
  }

  private insert(input: AuditInput): AuditEntry {
    const head = this.head();
    const entry = chainEntry(
      {
        seq: head.seq + 1,
        at: this.clock.nowIso(),
        // The row's text columns as SQLite will give them back (audit-bounds.ts): hashed, stored and
        // written to the file alike. Details are JSON text, whose escapes keep any half as it is.
        operator: wellFormed(this.actor.operator),
        role: this.actor.role === null ? null : wellFormed(this.actor.role),
        action: wellFormed(input.action),
        target: input.target === undefined || input.target === null ? null : wellFormed(boundText(input.target)),
        outcome: input.outcome ?? 'ok',
        details: boundDetails(input.details ?? {}) as Record<string, unknown>,
      },
      head.hash,
    );
    this.store.insert(entry);
    this.recent.add(entry);
    this.written++;
    return entry;
  }

  private tryRecordFailure(input: AuditInput, err: unknown, outcome: AuditOutcome = 'failed'): void {
    try {
      this.record({ ...input, outcome, details: { ...input.details, error: errorMessage(err) } });
    } catch (again) {
      this.log.error({ err: errorMessage(again), action: input.action }, 'cannot record a failed act in the audit trail');
    }
  }
}
