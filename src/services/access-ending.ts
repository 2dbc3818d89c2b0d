/**
 * How grants end (R13, R14): a grant past its last day (its working copy removed, `access.expire`), a
 * grant that no longer covers its footage (its copy withdrawn, `access.withdraw`), and the grants of a
 * requester who has been deactivated (ended at once, `access.end`: reactivating the operator later
 * brings none of them back; a new request is approved again). Run by every access command's sweep,
 * the dock service's schedule (access-expiry.ts), a classification and `operator deactivate`/`roles`.
 */
import path from 'node:path';
import { accessTarget, copyFolderName } from '../core/access-request.js';
import { canonicalJson } from '../core/audit-chain.js';
import { errorMessage } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AccessStore, LiveGrant } from '../adapters/catalog/access-store.js';
import type { AccountReading } from '../adapters/reader-acl.js';
import type { AuditTrail } from './audit-trail.js';

export interface AccessEndingDeps {
  store: AccessStore;
  files: {
    remove(dir: string): Promise<boolean>;
    /** Whether a copy folder is readable by a group other than the service's own. */
    sharedWithGroup(dir: string): boolean;
    /** Who reads a copy handed to one account (reader-acl.ts): still that account alone, or not. */
    accountReading(dir: string, osUser: string): Promise<AccountReading>;
  };
  audit: AuditTrail;
  clock: UnitClock;
  /** This command's token and how to tell a token's process alive (process-identity.ts), for a copy's claim. */
  runner: { token: string; alive(token: string): boolean };
  /** One catalogue write transaction: a grant's end and its entry commit together, once. */
  transaction: <T>(fn: () => T) => T;
  /** Of a grant's recordings, those above its approver's or requester's clearance now (classified, or a clearance lowered, since). */
  uncovered(grant: LiveGrant): number[];
  /** Whether any of the recordings is secret now (commercial or state). */
  secret(recordingIds: readonly number[]): boolean;
}

export class AccessEnding {
  constructor(
    /** The working copies' folder: nothing outside it is ever removed. */
    private readonly copiesRoot: string,
    private readonly deps: AccessEndingDeps,
  ) {}

  /**
   * The live grants of requesters deactivated since they were approved end now, each on the record,
   * so the end outlasts a reactivation. Until a sweep has run, the grant gate (disc build, export)
   * counts no grant of a deactivated requester, and a copy is not named for a grant ended meanwhile.
   * Two sweeps at once end each grant once (one write transaction).
   */
  endDeparted(): number[] {
    const ended = this.deps.transaction(() => {
      const now = this.deps.clock.now();
      const rows = this.deps.store.endForDeactivated(this.deps.clock.iso(now), now.getTime());
      for (const r of rows) {
        this.deps.audit.insertInTransaction({ action: 'access.end', target: accessTarget(r.id), details: { requestedBy: r.requestedBy, why: 'requester deactivated', wasEndingAt: r.endsAt } });
      }
      return rows.map((r) => r.id);
    });
    if (ended.length) this.deps.audit.flushToFile();
    return ended;
  }

  /**
   * A live grant whose footage was classified above its approver's or requester's clearance after
   * approval covers it no more (R14): `access open` and `access copy` refuse it, and its working copy
   * goes too, on the record (`access.withdraw`), so the requester's group cannot go on reading the
   * folder it knows. So does a copy its role's group reads whose footage has become secret since (a
   * secret copy is the requester's alone: `access copy ID` makes it again so), and a copy handed to the
   * requester's own account whose user id that account no longer has (deleted without `operator
   * deactivate`: a later account given the same number would read it). Run with every sweep of ended
   * grants (each access command, the service's schedule) and after a classification.
   */
  async withdrawUncovered(): Promise<{ id: number; removed: string }[]> {
    const done: { id: number; removed: string }[] = [];
    const now = this.deps.clock.now().getTime();
    for (const g of [...this.deps.store.liveGrants('view', now), ...this.deps.store.liveGrants('public-use', now)]) {
      const copy = this.deps.store.get(g.id)?.copyPath;
      if (!copy || !this.ownCopy(g.id, copy)) continue;
      const why = await this.whyWithdraw(g, copy);
      if (!why) continue;
      // The copy's claim, as its making takes it: an `access copy` making it again between this removal
      // and the name's clearing would have its new copy's name cleared, and that copy never removed.
      // A command making it now holds it: the next sweep decides, once it is made.
      const { token, alive } = this.deps.runner;
      if (this.deps.store.claimCopy(g.id, token, alive)) continue;
      try {
        if (await this.withdraw(g, copy, why)) done.push({ id: g.id, removed: copy });
      } finally {
        this.deps.store.releaseCopy(g.id, token);
      }
    }
    return done;
  }

  /**
   * Remove a live grant's copy and forget it, on the record; false when another sweep forgot it first.
   * Removed before the catalogue forgets it (a crash between leaves it named, for the next sweep); two
   * sweeps at once both remove it, and only the one that clears the name records it. One that cannot be
   * removed is on the record as failed, named for the next sweep, and holds up no other; the same
   * failure found again by the next sweeps (every access command, the service's every ten minutes) is
   * not recorded again, a different one is.
   */
  private async withdraw(g: LiveGrant, copy: string, why: { recordings?: number[]; why: string }): Promise<boolean> {
    const who = { approvedBy: g.decidedBy, requestedBy: g.requestedBy };
    try {
      await this.deps.files.remove(copy);
    } catch (err) {
      this.recordFailure(g.id, { ...why, ...who, error: errorMessage(err) });
      return false;
    }
    const mine = this.deps.transaction(() => {
      if (!this.deps.store.clearCopy(g.id, copy)) return false;
      this.deps.audit.insertInTransaction({ action: 'access.withdraw', target: accessTarget(g.id), details: { ...why, ...who, removed: copy } });
      return true;
    });
    if (mine) this.deps.audit.flushToFile();
    return mine;
  }

  /** A withdrawal that failed, on the record unless the grant's last withdrawal entry is this very failure. */
  private recordFailure(id: number, details: Record<string, unknown>): void {
    const target = accessTarget(id);
    const recorded = this.deps.transaction(() => {
      const last = this.deps.audit.latest('access.withdraw', target);
      if (last?.outcome === 'failed' && canonicalJson(last.details) === canonicalJson(details)) return false;
      this.deps.audit.insertInTransaction({ action: 'access.withdraw', target, outcome: 'failed', details });
      return true;
    });
    if (recorded) this.deps.audit.flushToFile();
  }

  /** Why a live grant's working copy must go now (withdrawUncovered), or null while it may stay. */
  private async whyWithdraw(g: LiveGrant, copy: string): Promise<{ recordings?: number[]; why: string } | null> {
    const uncovered = this.deps.uncovered(g);
    if (uncovered.length) return { recordings: uncovered, why: 'above a clearance' };
    const shared = this.deps.files.sharedWithGroup(copy);
    if (shared) return this.deps.secret([...g.recordingIds]) ? { recordings: [...g.recordingIds].sort((a, b) => a - b), why: 'secret, readable by a group' } : null;
    const reading = await this.deps.files.accountReading(copy, g.requestedBy);
    if (reading === 'changed') return { why: 'the requester\'s account no longer has the user id the copy was given to' };
    return reading === 'others' ? { why: 'readable by others than the requester' } : null;
  }

  /**
   * End every grant past its last day (and first those of deactivated requesters): its working copy
   * removed, `access.expire` on the record; and withdraw what no longer covers its footage.
   */
  async expireEnded(): Promise<{ id: number; removed: string | null }[]> {
    this.endDeparted();
    await this.withdrawUncovered();
    const now = this.deps.clock.now();
    const done: { id: number; removed: string | null }[] = [];
    for (const r of this.deps.store.ended(now.getTime())) {
      const mine = r.copyPath !== null && this.ownCopy(r.id, r.copyPath);
      // A copy that cannot be removed is left, named on the record with why, and holds up no other grant.
      const removal = mine ? await this.deps.files.remove(r.copyPath!).then((gone) => ({ gone, error: null }), (err: unknown) => ({ gone: false, error: errorMessage(err) })) : { gone: false, error: null };
      const removed = removal.gone ? r.copyPath : null;
      const media = this.deps.store.mediaCopies(r.id);
      // Two sweeps at once (the service and expire-now): the grant is ended, and recorded, by one.
      const ended = this.deps.transaction(() => {
        if (!this.deps.store.markExpired(r.id, this.deps.clock.nowIso())) return false;
        this.deps.audit.insertInTransaction({ action: 'access.expire', target: accessTarget(r.id), details: { recordings: r.recordingIds, purpose: r.purpose, endsAt: r.endsAt, removed, left: (mine && !removal.error) || r.copyPath === null ? null : r.copyPath, ...(removal.error ? { notRemoved: removal.error } : {}), mediaCopies: media.map((m) => m.folder) } });
        return true;
      });
      this.deps.audit.flushToFile();
      if (!ended) continue;
      done.push({ id: r.id, removed });
    }
    return done;
  }

  /**
   * Whether `copy` is the folder the service made for grant `id`, which a sweep may remove: named
   * `grant-<id>` (copyFolderName) in the copies folder of now or of when it was made (an
   * administrator who moves access.copiesRoot leaves the earlier copies where they are: they still
   * end with their grants). A catalogue value naming any other folder is left alone.
   */
  private ownCopy(id: number, copy: string): boolean {
    if (copy === path.join(this.copiesRoot, copyFolderName(id))) return true;
    return path.isAbsolute(copy) && path.normalize(copy) === copy && path.basename(copy) === copyFolderName(id) && path.dirname(copy) !== path.parse(copy).root;
  }
}
