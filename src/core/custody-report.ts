/**
 * One recording's chain of custody (L4: every evidence material of a case goes to legal review with
 * its history): how it came in, every check that re-hashed it, the holds and cases that keep it, the
 * grants that let people see it, the discs and archive sets that carry it and where they went, every
 * correction and repair, and every trail entry about it, closed by the trail's chain head. Pure: the
 * facts come in (adapters/catalog/custody-report-store.ts), the report goes out (HTML beside it).
 */
import { inRanges } from './custody-report-ranges.js';
import type { ClassificationLevel } from './classification.js';
import type { AuditFields } from './audit-chain.js';

/** A trail entry as the report cites it: the entry's fields, without its hashes. */
export type TrailRef = AuditFields;

export interface CustodyRecording {
  id: number;
  sha256: string;
  size: number;
  vaultPath: string;
  originalName: string;
  sourcePath: string;
  deviceNumber: string | null;
  device: string | null;
  officerId: string | null;
  officerName: string | null;
  startedAt: string;
  durationSeconds: number | null;
  format: string | null;
  ingestedAt: string;
  disposed: { at: string; approvedBy: string; reason: string } | null;
}

export interface CustodySession {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  operator: string;
  sourceRoot: string;
  sourceKey: string | null;
  deviceNumber: string | null;
  status: string;
}

export interface CustodyHold {
  id: number;
  on: 'recording' | 'case';
  caseNumber: string | null;
  reason: string;
  note: string | null;
  placedAt: string;
  placedBy: string;
  releasedAt: string | null;
  releasedBy: string[];
}

export interface CustodyCase {
  number: string;
  title: string;
  category: string;
  status: string;
  linkedAt: string;
  linkedBy: string;
}

export interface CustodyDisc {
  number: string;
  registerNumber: string;
  caseNumber: string | null;
  madeAt: string;
  madeBy: string;
  imageSha256: string;
  handovers: { event: string; at: string; by: string; recipient: string | null; purpose: string | null; witness: string | null; note: string | null }[];
  /** in-office, issued, returned, destroyed */
  state: string;
}

export interface CustodyArchiveSet {
  setId: string;
  quarter: string;
  provisional: boolean;
  bagIndex: number;
  status: string;
  destination: string | null;
  manifestSha256: string | null;
  chainSeq: number | null;
  finishedAt: string | null;
}

export interface CustodyAttribution {
  at: string;
  by: string;
  reason: string;
  from: { device: string | null; officer: string | null; vaultPath: string };
  to: { device: string | null; officer: string | null; vaultPath: string };
}

/** What the catalogue holds about one recording, read in one snapshot. */
export interface CustodyFacts {
  recording: CustodyRecording;
  session: CustodySession | null;
  holds: CustodyHold[];
  cases: CustodyCase[];
  discs: CustodyDisc[];
  archiveSets: CustodyArchiveSet[];
  attributions: CustodyAttribution[];
  /** Every trail entry about it (adapters/catalog/custody-report-store.ts says which), oldest first. */
  trail: TrailRef[];
  /** Every fixity run and verify entry after its ingest (which of them covered it is decided here). */
  checks: TrailRef[];
}

export interface FixityCheck {
  seq: number;
  at: string;
  operator: string;
  kind: 'fixity' | 'verify';
  /** ok: re-hashed and matched; problem: this recording was found damaged or missing; failed: the check did not run. */
  result: 'ok' | 'problem' | 'failed';
  detail: string | null;
}

export interface CustodyItem {
  recording: CustodyRecording;
  /** R14: its level (its own or its most secret case's). */
  classification: ClassificationLevel;
  ingest: {
    at: string;
    by: string | null;
    session: CustodySession | null;
    /** The trail entry of its storing: written only once the copy was read back from the disk and matched. */
    entry: { seq: number; at: string; operator: string; sha256: string | null; size: number | null; source: string | null } | null;
    /** What that read-back compared (entries made before it was recorded compared the SHA-256), or null: no such entry. */
    readBack: 'sha256' | 'xxh3-64' | null;
  };
  fixity: FixityCheck[];
  holds: CustodyHold[];
  cases: CustodyCase[];
  access: TrailRef[];
  discs: CustodyDisc[];
  archiveSets: CustodyArchiveSet[];
  attributions: CustodyAttribution[];
  repairs: TrailRef[];
  trail: TrailRef[];
  counts: CustodyCounts;
}

export interface CustodyCounts {
  fixityChecks: number;
  fixityProblems: number;
  holds: number;
  activeHolds: number;
  cases: number;
  accessEntries: number;
  discs: number;
  discHandovers: number;
  archiveSets: number;
  attributions: number;
  repairs: number;
  trailEntries: number;
}

export interface CustodyReport {
  kind: 'chain-of-custody';
  scope: { recording: number } | { case: string };
  caseTitle: string | null;
  unitName: string | null;
  generatedAt: string;
  generatedBy: string;
  /** The trail's last entry when the report was made: check it later with `audit verify --anchor`. */
  chainHead: { seq: number; hash: string };
  items: CustodyItem[];
  counts: CustodyCounts;
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Which fixity runs and verifies re-hashed this recording, and what they found for it. */
export function fixityChecks(facts: Pick<CustodyFacts, 'recording' | 'checks' | 'attributions'>, ingestSeq: number | null): FixityCheck[] {
  const id = facts.recording.id;
  const paths = new Set([facts.recording.vaultPath, ...facts.attributions.flatMap((a) => [a.from.vaultPath, a.to.vaultPath])]);
  const out: FixityCheck[] = [];
  for (const e of facts.checks) {
    const d = e.details;
    const kind = e.action === 'fixity.run' ? 'fixity' : 'verify';
    // Entries from before checks named their recordings: a whole-vault verify after the ingest covered it.
    const covered = 'checkedIds' in d ? inRanges(d.checkedIds, id) : kind === 'verify' && e.target === 'vault' && ingestSeq !== null && e.seq > ingestSeq;
    const found = [...arr(d.findings), ...arr(d.problems)].find((f) => {
      const x = f as { recordingId?: unknown; vaultPath?: unknown };
      return x.recordingId === id || (typeof x.vaultPath === 'string' && paths.has(x.vaultPath));
    }) as { kind?: unknown; detail?: unknown } | undefined;
    if (e.outcome === 'failed' && !covered) continue;
    if (!covered && !found) continue;
    const result = found ? 'problem' : e.outcome === 'failed' ? 'failed' : 'ok';
    out.push({ seq: e.seq, at: e.at, operator: e.operator, kind, result, detail: found ? [found.kind, found.detail].filter((x) => typeof x === 'string' && x).join(': ') : typeof d.error === 'string' ? d.error : null });
  }
  return out;
}

export function custodyItem(facts: CustodyFacts, classification: ClassificationLevel): CustodyItem {
  const id = facts.recording.id;
  const stored = facts.trail.find((e) => e.action === 'ingest.file' && e.outcome === 'ok' && e.details.recordingId === id) ?? null;
  const fixity = fixityChecks(facts, stored?.seq ?? null);
  const access = facts.trail.filter((e) => e.action.startsWith('access.'));
  const repairs = facts.trail.filter((e) => e.action === 'repair' || e.action === 'repair.restore');
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const item: Omit<CustodyItem, 'counts'> = {
    recording: facts.recording,
    classification,
    ingest: {
      at: facts.recording.ingestedAt,
      by: facts.session?.operator ?? stored?.operator ?? null,
      session: facts.session,
      entry: stored && { seq: stored.seq, at: stored.at, operator: stored.operator, sha256: str(stored.details.sha256), size: typeof stored.details.size === 'number' ? stored.details.size : null, source: str(stored.details.source) },
      readBack: stored !== null && stored.details.sha256 === facts.recording.sha256 ? (stored.details.readBack === 'xxh3-64' ? 'xxh3-64' : 'sha256') : null,
    },
    fixity,
    holds: facts.holds,
    cases: facts.cases,
    access,
    discs: facts.discs,
    archiveSets: facts.archiveSets,
    attributions: facts.attributions,
    repairs,
    trail: facts.trail,
  };
  return { ...item, counts: countsOf(item) };
}

function countsOf(i: Omit<CustodyItem, 'counts'>): CustodyCounts {
  return {
    fixityChecks: i.fixity.length,
    fixityProblems: i.fixity.filter((f) => f.result === 'problem').length,
    holds: i.holds.length,
    activeHolds: i.holds.filter((h) => h.releasedAt === null).length,
    cases: i.cases.length,
    accessEntries: i.access.length,
    discs: i.discs.length,
    discHandovers: i.discs.reduce((n, d) => n + d.handovers.length, 0),
    archiveSets: i.archiveSets.length,
    attributions: i.attributions.length,
    repairs: i.repairs.length,
    trailEntries: i.trail.length,
  };
}

/**
 * The report's totals. A case, disc, hold, archive set, access entry or trail entry counts once,
 * however many of the recordings it concerns (a case's three recordings on one disc are one case and
 * one disc); fixity checks, corrections and repairs are each one recording's, and add up.
 */
export function totals(items: readonly CustodyItem[]): CustodyCounts {
  const sum = (k: keyof CustodyCounts) => items.reduce((n, i) => n + i.counts[k], 0);
  const distinct = <T>(pick: (i: CustodyItem) => readonly T[], key: (x: T) => string | number) => new Set(items.flatMap((i) => pick(i).map(key))).size;
  const discs = new Map(items.flatMap((i) => i.discs).map((d) => [d.number, d]));
  return {
    fixityChecks: sum('fixityChecks'),
    fixityProblems: sum('fixityProblems'),
    holds: distinct((i) => i.holds, (h) => h.id),
    activeHolds: distinct((i) => i.holds.filter((h) => h.releasedAt === null), (h) => h.id),
    cases: distinct((i) => i.cases, (c) => c.number),
    accessEntries: distinct((i) => i.access, (e) => e.seq),
    discs: discs.size,
    discHandovers: [...discs.values()].reduce((n, d) => n + d.handovers.length, 0),
    archiveSets: distinct((i) => i.archiveSets, (a) => a.setId),
    attributions: sum('attributions'),
    repairs: sum('repairs'),
    trailEntries: distinct((i) => i.trail, (e) => e.seq),
  };
}
