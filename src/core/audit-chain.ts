/**
 * The audit trail's hash chain, pure. Each entry's hash covers its fields and the previous entry's
 * hash, so editing, deleting or reordering any entry breaks every hash after it.
 */
import { hash } from 'node:crypto';
import { say } from './i18n/messages.js';
import { integrityMessages as m } from './i18n/integrity-messages.js';

export type AuditOutcome = 'ok' | 'refused' | 'failed';

export interface AuditFields {
  seq: number;
  /** ISO 8601 with the UTC offset of the unit's zone. */
  at: string;
  operator: string;
  role: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

export interface AuditEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth: the same entry always hashes the same. Built by
 * appending to one string (ingest hashes an entry per file: the entries, filters and maps of the
 * obvious version were most of its cost); a key whose value is undefined is left out, an array's
 * undefined is null and its hole nothing, byte for byte as the first version wrote them.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) {
    let out = '[';
    // A hole, or what JSON has no text for (a function), is nothing between the commas, as join made it.
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + ((i in value ? canonicalJson(value[i]) : '') ?? '');
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  // The default order compares UTF-16 code units, as `a < b` does.
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += (out.length > 1 ? ',' : '') + JSON.stringify(k) + ':' + canonicalJson(v);
  }
  return `${out}}`;
}

export function entryHash(fields: AuditFields, prevHash: string): string {
  const body = canonicalJson({
    seq: fields.seq,
    at: fields.at,
    operator: fields.operator,
    role: fields.role,
    action: fields.action,
    target: fields.target,
    outcome: fields.outcome,
    details: fields.details,
    prevHash,
  });
  // One call, not a Hash object per entry: ingest writes one entry per file.
  return hash('sha256', body, 'hex');
}

export function chainEntry(fields: AuditFields, prevHash: string): AuditEntry {
  return { ...fields, prevHash, hash: entryHash(fields, prevHash) };
}

export type ChainProblem =
  | { kind: 'gap'; seq: number; expectedSeq: number; detail: string }
  | { kind: 'broken-link'; seq: number; detail: string }
  | { kind: 'bad-hash'; seq: number; detail: string };

/** Check a run of entries in order; reports every problem, not only the first. */
export function verifyChain(entries: Iterable<AuditEntry>, startPrev = GENESIS_HASH, startSeq = 1): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev = startPrev;
  let expectedSeq = startSeq;
  for (const e of entries) {
    if (e.seq !== expectedSeq) {
      problems.push({ kind: 'gap', seq: e.seq, expectedSeq, detail: say('en', m.gap, { seq: e.seq, expectedSeq }) });
    }
    if (e.prevHash !== prev) {
      problems.push({ kind: 'broken-link', seq: e.seq, detail: say('en', m.brokenLink, { seq: e.seq }) });
    }
    if (entryHash(e, e.prevHash) !== e.hash) {
      problems.push({ kind: 'bad-hash', seq: e.seq, detail: say('en', m.badHash, { seq: e.seq }) });
    }
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  return problems;
}
