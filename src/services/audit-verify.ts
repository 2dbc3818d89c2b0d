/**
 * `audit verify`: one report over (1) every stored file against its catalogue hash, (2) catalogue rows
 * against the ingest entries that recorded them, (3) the hash chain, (4) the JSON-lines copy against
 * the catalogue, (5) files nothing catalogued and catalogued files that are gone, (6) the trail against
 * chain heads kept off the PC (`--anchor`). Findings are values.
 */
import { anchorFinding, type AnchorResult, type SourcedAnchor } from '../core/audit-anchor.js';
import { verifyChain } from '../core/audit-chain.js';
import type { IntegrityFinding } from '../core/integrity-findings.js';
import { compareTrailCopies, type TrailLine } from '../core/trail-comparison.js';
import type { IntegrityStore } from '../adapters/catalog/integrity-store.js';
import type { Progress } from '../core/progress.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import { checkAnchors, resolveAnchor, type DiscHeadReader, type PathKind } from './anchor-check.js';
import type { AuditTrail } from './audit-trail.js';
import type { VerifyService } from './verify.js';

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
  findings: IntegrityFinding[];
  /** (6) each outside anchor given (`--anchor`) against the live trail. */
  anchors: AnchorResult[];
  /** The chain head when the check ended: write it down, sign it, compare it later. */
  anchor: ChainAnchor;
  seconds: number;
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
  ) {}

  /**
   * `evidence-vault audit verify [--anchor …]`: the whole check against the anchors given, and its
   * result on the record. An anchor argument that is none is refused, on the record too.
   */
  async verifyOnRecord(anchorArgs: readonly string[], progress?: Progress): Promise<IntegrityReport> {
    const input = { action: 'audit.verify', target: 'vault', details: { anchors: anchorArgs } };
    const anchors = await this.audit.act(input, async () => {
      const found: SourcedAnchor[] = [];
      for (const a of anchorArgs) found.push(...(await resolveAnchor(a, { readDisc: this.discHead, kindOf: this.kindOf, disk: this.bagDisk })));
      return found;
    }, { userErrorsAre: 'refused' });
    const report = await this.verifyAll(progress, anchors);
    this.audit.record({
      ...input,
      details: {
        ok: report.ok,
        filesChecked: report.filesChecked,
        entriesChecked: report.entriesChecked,
        findings: report.findings.slice(0, 100),
        findingCount: report.findings.length,
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

  async verifyAll(progress?: Progress, anchors: readonly SourcedAnchor[] = []): Promise<IntegrityReport> {
    const started = Date.now();
    this.audit.flushToFile();
    // Hashing keeps both worker threads busy; the catalogue and trail checks run on the main thread
    // meanwhile, so they cost no extra time. The trail comparison yields between lines.
    const hashing = this.verify().verify({ findUnexpected: true, progress });
    hashing.catch(() => {}); // awaited below; never an unhandled rejection while the checks run
    const trail = await this.checkTrail();
    const rows = this.checkCatalogueAgainstTrail();
    const files = await hashing;
    const fileFindings: IntegrityFinding[] = files.problems.map((p) => ({ check: 'files', kind: p.kind, vaultPath: p.vaultPath, recordingId: p.recordingId, detail: p.detail ?? '' }));
    const anchored = checkAnchors(this.audit.store, anchors);
    const findings = [...fileFindings, ...rows.findings, ...trail.findings, ...anchored.flatMap((a) => anchorFinding(a) ?? [])];
    return {
      ok: findings.length === 0,
      filesChecked: files.checked,
      bytesChecked: files.bytes,
      rowsCrossChecked: rows.checked,
      entriesChecked: trail.entries,
      findings,
      anchors: anchored,
      anchor: this.anchor(),
      seconds: (Date.now() - started) / 1000,
    };
  }

  /** (3) and (4): the chain in the catalogue, and the file copy against it. */
  async checkTrail(): Promise<{ entries: number; findings: IntegrityFinding[] }> {
    let entries = 0;
    const counted = (function* (it: Iterable<import('../core/audit-chain.js').AuditEntry>) {
      for (const e of it) {
        entries++;
        yield e;
      }
    })(this.audit.store.iterate());
    const chain: IntegrityFinding[] = verifyChain(counted).map((p) => ({ check: 'chain', kind: p.kind, seq: p.seq, at: this.store.entryAt(p.seq), detail: p.detail }));
    const fileMark = this.audit.store.fileMark();
    const findings: IntegrityFinding[] = [...chain];
    if (!this.audit.file.exists() && fileMark > 0) {
      findings.push({ check: 'trail-file', kind: 'file-missing', seq: 1, toSeq: fileMark, at: this.store.entryAt(1), detail: `${this.audit.file.file} is gone` });
    } else {
      findings.push(...(await compareTrailCopies(this.audit.store.iterate(), this.fileLines(), fileMark)));
    }
    return { entries, findings };
  }

  /** (2): each catalogue row against the ingest entry that stored it. */
  checkCatalogueAgainstTrail(): { checked: number; findings: IntegrityFinding[] } {
    const findings: IntegrityFinding[] = [];
    let checked = 0;
    for (const r of this.store.rowsAgainstTrail()) {
      checked++;
      const base = { check: 'catalogue-vs-trail' as const, vaultPath: r.vaultPath, recordingId: r.id };
      if (r.seq === null) {
        findings.push({ ...base, kind: 'no-ingest-entry', detail: 'no ingest entry in the audit trail stored this row: added behind the trail\'s back' });
      } else if (r.trailSha256 !== r.sha256) {
        findings.push({ ...base, kind: 'hash-differs-from-trail', seq: r.seq, at: r.at ?? undefined, detail: `catalogue SHA-256 ${r.sha256} but entry ${r.seq} recorded ${r.trailSha256}: the catalogue row was edited` });
      } else if (r.trailSize !== r.size) {
        findings.push({ ...base, kind: 'size-differs-from-trail', seq: r.seq, at: r.at ?? undefined, detail: `catalogue size ${r.size} but entry ${r.seq} recorded ${r.trailSize}` });
      }
    }
    return { checked, findings };
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
