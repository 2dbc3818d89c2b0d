/**
 * `audit verify`: one report over (1) every stored file against its catalogue hash, (2) catalogue rows
 * against the ingest entries that recorded them, (3) the hash chain, (4) the JSON-lines copy against
 * the catalogue, (5) files nothing catalogued and catalogued files that are gone, (6) the trail against
 * chain heads kept off the PC (`--anchor`). Findings are values.
 */
import { anchorFinding, type AnchorResult, type SourcedAnchor } from '../core/audit-anchor.js';
import { verifyChain } from '../core/audit-chain.js';
import type { IntegrityCheck, IntegrityFinding } from '../core/integrity-findings.js';
import { compareTrailCopies, type TrailLine } from '../core/trail-comparison.js';
import type { IntegrityStore } from '../adapters/catalog/integrity-store.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import type { Progress } from '../core/progress.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import { checkAnchors, resolveAnchor, type DiscHeadReader, type PathKind } from './anchor-check.js';
import type { AuditTrail } from './audit-trail.js';
import type { VerifyService } from './verify.js';
import { UserError } from '../core/errors.js';
import { checkRowsAgainstTrail } from './rows-against-trail.js';
import { say } from '../core/i18n/messages.js';
import { integrityMessages as words } from '../core/i18n/integrity-messages.js';
import { replicationMessages as rm } from '../core/i18n/replication-messages.js';

/** `--anchor store`: the object store's trail segments as anchors (issue 17). */
export const STORE_ANCHOR = 'store';

export interface ChainAnchor {
  seq: number;
  hash: string;
  at: string | null;
}

/** One line for paper and discs: registers and exports print it so a later rewrite of history shows. */
export function anchorLine(a: ChainAnchor): string {
  return `Audit chain head: entry ${a.seq}, ${a.hash}${a.at ? ` (${a.at})` : ''}`;
}

export interface IntegrityReport {
  ok: boolean;
  filesChecked: number;
  bytesChecked: number;
  rowsCrossChecked: number;
  entriesChecked: number;
  /** How many findings were reported (each went to the caller's sink as it was found). */
  findingCount: number;
  /** Findings by check. */
  findingsByCheck: Record<IntegrityCheck, number>;
  /** The first findings (at most FINDINGS_RECORDED), in the order reported: what the trail entry names. */
  firstFindings: IntegrityFinding[];
  /** (6) each outside anchor given (`--anchor`) against the live trail. */
  anchors: AnchorResult[];
  /** The chain head when the check ended: write it down, sign it, compare it later. */
  anchor: ChainAnchor;
  seconds: number;
  /** `evidence-vault repair ID…` for the damaged or missing recordings found, else null. */
  repair: string[] | null;
  /** Why the check itself is not on the record (a full disk), else null. */
  notRecorded: string | null;
}

/** Hears each finding as it is confirmed: a lost disk is a million of them, and nothing holds the list. */
export type FindingSink = (f: IntegrityFinding) => void | Promise<void>;

/** Findings named in the trail entry of `audit verify`; it counts the rest. */
const FINDINGS_RECORDED = 100;

/** The catalogue as it was at one instant (one read transaction), for the trail checks. */
export interface CatalogueSnapshot {
  audit: AuditStore;
  integrity: IntegrityStore;
  close(): void;
}

export class AuditVerifyService {
  constructor(
    private readonly store: IntegrityStore,
    private readonly audit: AuditTrail,
    private readonly verify: () => VerifyService,
    /** Reads the chain head a disc image carries (for `--anchor image.iso`). */
    private readonly discHead: DiscHeadReader,
    /** What a path named as an anchor is (a folder, a file, a drive). */
    private readonly kindOf: PathKind,
    /** Archive-set folders named as anchors, read without following links. */
    private readonly bagDisk: BagDisk,
    /** A consistent read of the catalogue: what concurrent commits add meanwhile is not in it. */
    private readonly snapshot: () => CatalogueSnapshot,
    /** `--anchor store`: the heads of the trail segments in the object store; null when none is configured. */
    private readonly storeAnchors: (() => Promise<SourcedAnchor[]>) | null = null,
  ) {}

  /**
   * `evidence-vault audit verify [--anchor …]`: the whole check against the anchors given, and its
   * result on the record. An anchor argument that is none is refused, on the record too.
   */
  async verifyOnRecord(anchorArgs: readonly string[], progress?: Progress, onFinding?: FindingSink): Promise<IntegrityReport> {
    const input = { action: 'audit.verify', target: 'vault', details: { anchors: anchorArgs } };
    const anchors = await this.audit.act(input, async () => {
      const found: SourcedAnchor[] = [];
      for (const a of anchorArgs) {
        if (a === STORE_ANCHOR) {
          if (!this.storeAnchors) throw new UserError(rm.notConfigured, rm.notConfiguredHint);
          found.push(...(await this.storeAnchors()));
        } else found.push(...(await resolveAnchor(a, { readDisc: this.discHead, kindOf: this.kindOf, disk: this.bagDisk })));
      }
      return found;
    }, { userErrorsAre: 'refused' });
    const report = await this.verifyAll(progress, anchors, onFinding);
    report.notRecorded = this.audit.recordCheck({
      ...input,
      details: {
        ok: report.ok,
        filesChecked: report.filesChecked,
        entriesChecked: report.entriesChecked,
        findings: report.firstFindings,
        findingCount: report.findingCount,
        findingsByCheck: report.findingsByCheck,
        anchors: report.anchors,
        anchor: report.anchor,
      },
    });
    return report;
  }

  /** The current chain head, for registers and exports to print (anchoring the chain on paper). */
  anchor(): ChainAnchor {
    const head = this.audit.head();
    return { ...head, at: head.seq ? this.store.entryAt(head.seq) : null };
  }

  /**
   * The whole check, each finding handed to `onFinding` as it is confirmed: (2) the catalogue rows
   * first, then (1)+(5) the files while (3)+(4) the trail is compared on the main thread (both worker
   * threads hash meanwhile), then the trail's findings and (6) the anchors.
   */
  async verifyAll(progress?: Progress, anchors: readonly SourcedAnchor[] = [], onFinding?: FindingSink): Promise<IntegrityReport> {
    const started = Date.now();
    const byCheck: Record<IntegrityCheck, number> = { files: 0, 'catalogue-vs-trail': 0, chain: 0, 'trail-file': 0, anchor: 0 };
    const first: IntegrityFinding[] = [];
    let count = 0;
    const emit = async (f: IntegrityFinding) => {
      count++;
      byCheck[f.check]++;
      if (first.length < FINDINGS_RECORDED) first.push(f);
      await onFinding?.(f);
    };
    this.audit.flushToFile();
    // One snapshot for the rows and the trail; closed once the trail is read, not held while files hash.
    const snap = this.snapshot();
    let rows: { checked: number };
    try {
      rows = await checkRowsAgainstTrail(snap.integrity.rowsAgainstTrail(), emit);
    } catch (err) {
      snap.close();
      throw err;
    }
    const trailCheck = this.checkTrail(snap).finally(() => snap.close());
    trailCheck.catch(() => {}); // awaited below; never an unhandled rejection while the files hash
    const files = await this.verify().verify({
      findUnexpected: true,
      progress,
      onProblem: (p) => emit({ check: 'files', kind: p.kind, vaultPath: p.vaultPath, recordingId: p.recordingId, detail: p.detail ?? '', expected: p.expected, found: p.found, heldSeconds: p.heldSeconds }),
    });
    const trail = await trailCheck;
    for (const f of trail.findings) await emit(f);
    const anchored = checkAnchors(this.audit.store, anchors);
    for (const a of anchored) {
      const f = anchorFinding(a);
      if (f) await emit(f);
    }
    return {
      ok: count === 0,
      filesChecked: files.checked,
      bytesChecked: files.bytes,
      rowsCrossChecked: rows.checked,
      entriesChecked: trail.entries,
      findingCount: count,
      findingsByCheck: byCheck,
      firstFindings: first,
      anchors: anchored,
      anchor: this.anchor(),
      seconds: (Date.now() - started) / 1000,
      repair: files.repair,
      notRecorded: null,
    };
  }

  private async inSnapshot<T>(fn: (snap: CatalogueSnapshot) => Promise<T>): Promise<T> {
    const snap = this.snapshot();
    try {
      return await fn(snap);
    } finally {
      snap.close();
    }
  }

  /**
   * (3) and (4): the chain in the catalogue, and the file copy against it. The catalogue is read in
   * one snapshot and the file after it, so the file can only be ahead: an entry committed since the
   * snapshot began (and already appended to the file) is re-checked against the catalogue as it is
   * now, as is a last line that was being written while it was read. Only what is still wrong is a finding.
   */
  async checkTrail(given?: CatalogueSnapshot): Promise<{ entries: number; findings: IntegrityFinding[] }> {
    if (!given) return this.inSnapshot((snap) => this.checkTrail(snap));
    const store = given.audit;
    const snapshotHead = store.head()?.seq ?? 0;
    let entries = 0;
    const counted = (function* (it: Iterable<import('../core/audit-chain.js').AuditEntry>) {
      for (const e of it) {
        entries++;
        yield e;
      }
    })(store.iterate());
    const chain: IntegrityFinding[] = verifyChain(counted).map((p) => ({ check: 'chain', ...p, at: given.integrity.entryAt(p.seq) }));
    const fileMark = store.fileMark();
    const findings: IntegrityFinding[] = [...chain];
    if (!this.audit.file.exists() && fileMark > 0) {
      const file = this.audit.file.file;
      findings.push({ check: 'trail-file', kind: 'file-missing', seq: 1, toSeq: fileMark, at: given.integrity.entryAt(1), file, detail: say('en', words.fileMissing, { file }) });
    } else {
      const compared = await compareTrailCopies(store.iterate(), this.fileLines(), fileMark);
      findings.push(...(await this.recheckTrail(compared, snapshotHead)));
    }
    return { entries, findings };
  }

  /** Trail-file findings that concurrent appends explain are dropped; the rest stand. */
  private async recheckTrail(found: IntegrityFinding[], snapshotHead: number): Promise<IntegrityFinding[]> {
    const confirmed: IntegrityFinding[] = [];
    let lastLine: number | undefined;
    for (const f of found) {
      if (f.check !== 'trail-file') {
        confirmed.push(f);
        continue;
      }
      // Written since the snapshot: the catalogue has it now, with the very hash the file holds.
      if (f.kind === 'missing-from-catalogue' && f.seq !== null && f.seq > snapshotHead && f.line !== undefined) {
        const inFile = await this.lineAt(f.line);
        const now = [...this.audit.store.iterate({ afterSeq: f.seq - 1, limit: 1 })][0];
        if (inFile?.entry && now && now.seq === f.seq && now.hash === inFile.entry.hash) continue;
      }
      // A last line read while it was being appended: whole now.
      if (f.kind === 'torn-line' && f.line !== undefined) {
        lastLine ??= await this.lineCount();
        const again = await this.lineAt(f.line);
        if (again?.entry && again.raw.trimEnd().endsWith('}') && (f.line < lastLine || !this.audit.file.tail().torn)) continue;
      }
      confirmed.push(f);
    }
    return confirmed;
  }

  private async lineAt(n: number): Promise<{ entry: import('../core/audit-chain.js').AuditEntry | null; raw: string } | undefined> {
    for await (const l of this.audit.file.lines()) if (l.line === n) return l;
    return undefined;
  }

  private async lineCount(): Promise<number> {
    let n = 0;
    for await (const l of this.audit.file.lines()) n = l.line;
    return n;
  }

  /** (2) for some recordings only (the nightly check's share), in a snapshot of its own. */
  async rowsAgainstTrail(ids: readonly number[]): Promise<IntegrityFinding[]> {
    const found: IntegrityFinding[] = [];
    await this.inSnapshot((snap) => checkRowsAgainstTrail(snap.integrity.rowsAgainstTrail(ids), (f) => void found.push(f)));
    return found;
  }

  /** The file's lines, the last one marked when it does not end in a newline (a torn write). */
  private async *fileLines(): AsyncGenerator<TrailLine> {
    const torn = this.audit.file.tail().torn;
    let held: TrailLine | undefined;
    for await (const l of this.audit.file.lines()) {
      if (held) yield held;
      held = l;
    }
    if (held) yield { ...held, last: torn };
  }
}
