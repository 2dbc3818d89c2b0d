/**
 * R14 after the fact. A disc or an archive set made while its footage was not secret is readable by
 * the group of the role that made it. Once any of its footage is secret (classified so, or linked to a
 * secret case), everything of it still where the catalogue placed it is made the service account's
 * alone: the service's group, no ACL entries. Its builder's own account is not given it either: their
 * clearance may not cover the new level (a disc is burned and issued through evidence-vault, which
 * checks it). What was made secret from the start is the builder's alone already, and is left as it is.
 * Run after each classification and case link, and after an archive set is made (its footage may have
 * become secret while it was written); on the record before it changes anything, and again for what failed.
 */
import { errorMessage } from '../core/errors.js';
import type { HeldOutput } from '../adapters/catalog/output-holdings-store.js';
import type { AuditTrail } from './audit-trail.js';

export interface SecretOutputsDeps {
  /** Recordings whose effective level is secret (commercial or state). */
  secretRecordings(): number[];
  holding(recordingIds: readonly number[]): HeldOutput[];
  files: {
    /** Whether a role's group (any group but the service's) owns it; null when it is not there. */
    sharedWithGroup(path: string): boolean | null;
    /** Make it and what is under it the service account's alone. */
    serviceAlone(path: string): Promise<void>;
  };
  audit: Pick<AuditTrail, 'record'>;
}

export interface OutputRestriction {
  restricted: { kind: HeldOutput['kind']; name: string; path: string }[];
  failed: { kind: HeldOutput['kind']; name: string; path: string; error: string }[];
}

export class SecretOutputs {
  constructor(private readonly deps: SecretOutputsDeps) {}

  async restrict(): Promise<OutputRestriction> {
    const out: OutputRestriction = { restricted: [], failed: [] };
    const secret = this.deps.secretRecordings();
    if (!secret.length) return out;
    // Gone (moved off, on a disk not mounted now) or already the service's: nothing to do there.
    const due = this.deps.holding(secret).flatMap((o) => o.paths.filter((p) => this.deps.files.sharedWithGroup(p) === true).map((p) => ({ kind: o.kind, name: o.name, path: p })));
    if (!due.length) return out;
    // On the record before anything is changed: a process killed part-way leaves the decision on it, and
    // the next classification finds what was left (a folder's own group changes last) and does it.
    this.deps.audit.record({ action: 'classification.outputs', target: null, details: { why: 'footage on it is secret now (R14): readable by the service account alone', restricting: due } });
    for (const d of due) {
      try {
        await this.deps.files.serviceAlone(d.path);
        out.restricted.push(d);
      } catch (err) {
        out.failed.push({ ...d, error: errorMessage(err) });
      }
    }
    if (out.failed.length) this.deps.audit.record({ action: 'classification.outputs', target: null, outcome: 'failed', details: { why: 'could not be made the service account\'s alone: its role\'s group still reads it', failed: out.failed } });
    return out;
  }
}
