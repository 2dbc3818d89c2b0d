/**
 * The audit trail's two copies compared, pure: the catalogue's entries (in sequence order) against
 * the JSON-lines file's lines (in file order). Streams both; memory holds only the anomalies.
 */
import { entryHash, type AuditEntry } from './audit-chain.js';
import type { IntegrityFinding } from './integrity-findings.js';
import { say } from './i18n/messages.js';
import { integrityMessages as m } from './i18n/integrity-messages.js';

export interface TrailLine {
  line: number;
  entry: AuditEntry | null;
  raw: string;
  /** True for the file's last line when it does not end in a newline (a write cut short). */
  last?: boolean;
}

type TrailFinding = Extract<IntegrityFinding, { check: 'trail-file' }>;

const selfConsistent = (e: AuditEntry) => {
  try {
    return entryHash(e, e.prevHash) === e.hash;
  } catch {
    return false;
  }
};

function looksLikeEntry(v: unknown): v is AuditEntry {
  const e = v as AuditEntry;
  return !!e && typeof e === 'object' && Number.isInteger(e.seq) && typeof e.hash === 'string' && typeof e.prevHash === 'string';
}

/**
 * `fileMark` is how far the catalogue knows the file reached: catalogue entries beyond it are not yet
 * copied (the next append brings them), not missing.
 */
export async function compareTrailCopies(
  db: Iterable<AuditEntry>,
  file: AsyncIterable<TrailLine> | Iterable<TrailLine>,
  fileMark: number,
): Promise<TrailFinding[]> {
  const findings: TrailFinding[] = [];
  const dbIt = db[Symbol.iterator]();
  let d = dbIt.next();
  /** Catalogue entries the file did not have where expected: maybe further on (reordered), maybe deleted. */
  const notSeen = new Map<number, AuditEntry>();
  let highestFileSeq = 0;

  const compare = (fe: AuditEntry, de: AuditEntry, line: number) => {
    if (fe.hash === de.hash && canonicalEqual(fe, de)) return;
    const fileOk = selfConsistent(fe);
    const dbOk = selfConsistent(de);
    const kind = fileOk && !dbOk ? 'edited-in-catalogue' : !fileOk && dbOk ? 'edited-in-file' : 'differs';
    const detail = say('en', kind === 'edited-in-file' ? m.editedInFile : kind === 'edited-in-catalogue' ? m.editedInCatalogue : m.differs);
    findings.push({ check: 'trail-file', kind, seq: de.seq, line, at: de.at, detail });
  };

  for await (const l of file) {
    if (!l.raw.trim()) continue;
    let fe: AuditEntry | null = l.entry;
    if (fe !== null && !looksLikeEntry(fe)) fe = null;
    if (!fe) {
      const torn = Boolean(l.last) || !l.raw.trimEnd().endsWith('}');
      findings.push({
        check: 'trail-file',
        kind: torn ? 'torn-line' : 'damaged-line',
        seq: null,
        line: l.line,
        at: null,
        detail: say('en', torn ? m.tornLine : m.damagedLine),
      });
      continue;
    }
    if (fe.seq <= highestFileSeq) {
      const de = notSeen.get(fe.seq);
      if (de) {
        notSeen.delete(fe.seq);
        const where = { seq: fe.seq, after: highestFileSeq };
        findings.push({ check: 'trail-file', kind: 'reordered', ...where, line: l.line, at: de.at, detail: say('en', m.reordered, where) });
        compare(fe, de, l.line);
      } else {
        const where = { seq: fe.seq, after: highestFileSeq };
        findings.push({ check: 'trail-file', kind: 'reordered', ...where, again: true, line: l.line, at: fe.at, detail: say('en', m.reorderedAgain, where) });
      }
      continue;
    }
    highestFileSeq = fe.seq;
    // Catalogue entries before this one that the file skipped.
    while (!d.done && d.value.seq < fe.seq) {
      notSeen.set(d.value.seq, d.value);
      d = dbIt.next();
    }
    if (!d.done && d.value.seq === fe.seq) {
      compare(fe, d.value, l.line);
      d = dbIt.next();
    } else {
      findings.push({ check: 'trail-file', kind: 'missing-from-catalogue', seq: fe.seq, line: l.line, at: fe.at, detail: say('en', m.missingFromCatalogue, { seq: fe.seq }) });
    }
  }
  // Catalogue entries the file should have had (up to its mark) but never showed.
  for (; !d.done; d = dbIt.next()) {
    if (d.value.seq <= fileMark) notSeen.set(d.value.seq, d.value);
  }
  const missing = [...notSeen.values()].sort((a, b) => a.seq - b.seq);
  for (let i = 0; i < missing.length; ) {
    let j = i;
    while (j + 1 < missing.length && missing[j + 1]!.seq === missing[j]!.seq + 1) j++;
    const first = missing[i]!;
    const last = missing[j]!;
    findings.push({
      check: 'trail-file',
      kind: 'missing-from-file',
      seq: first.seq,
      ...(last.seq !== first.seq ? { toSeq: last.seq } : {}),
      at: first.at,
      detail: last.seq !== first.seq ? say('en', m.manyMissingFromFile, { count: last.seq - first.seq + 1 }) : say('en', m.missingFromFile),
    });
    i = j + 1;
  }
  return findings.sort((a, b) => (a.seq ?? a.line ?? 0) - (b.seq ?? b.line ?? 0));
}

function canonicalEqual(a: AuditEntry, b: AuditEntry): boolean {
  // Both copies carry their own hash; equal hashes over self-consistent entries mean equal content.
  return selfConsistent(a) === selfConsistent(b) && (selfConsistent(a) || JSON.stringify(a) === JSON.stringify(b));
}
