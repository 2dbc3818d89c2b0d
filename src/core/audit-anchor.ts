/**
 * Outside anchors for the audit chain, pure. A chain head copied off the PC (the line printed by
 * `audit verify`, on registers and receipts; an archive set's bag-info.txt; a disc's note) pins entry N
 * to one hash. Recomputing the live chain from entry 1 to N must give that hash again: a consistent
 * rewrite of the trail (both copies re-hashed) changes entry N's hash, and so disagrees.
 */
import { bagInfoValue, parseBagInfo } from './bagit.js';
import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import type { IntegrityFinding } from './integrity-findings.js';
import { say, type Lang, type Message } from './i18n/messages.js';
import { said } from './i18n/said.js';
import type { Said } from './errors.js';
import { integrityMessages as m } from './i18n/integrity-messages.js';

export interface ChainHead {
  seq: number;
  hash: string;
  /** The entry's time where the source gives it (the printed line's suffix), else null. */
  at: string | null;
}

/** An anchor and where it came from: the pasted line, a bag folder, a disc image. */
export interface SourcedAnchor extends ChainHead {
  source: string;
}

export interface AnchorResult {
  source: string;
  seq: number;
  expectedHash: string;
  /** Entry N's hash recomputed from entry 1 on; null when the live trail has no entry N. */
  foundHash: string | null;
  ok: boolean;
  /** The time of the live trail's entry N, when there is one. */
  foundAt: string | null;
  /** The live trail's last entry when the check ran. */
  liveHeadSeq: number;
}

/** What `--anchor` takes, for error hints. */
export const ANCHOR_FORMS = [
  'a chain-head line as printed, e.g. "Audit chain head: entry 123, <64 hex digits>" (the time in brackets may follow) or "审计链头：第 123 条，<64 hex digits>"',
  'an archive set folder (export quarter)',
  'a disc image or drive (disc build)',
];

/** A refused line's problem in both languages (`problem` is its English). */
export type AnchorParse = { ok: true; head: ChainHead } | { ok: false; problem: string; said: Said };

const refused = <P>(msg: Message<P>, ...params: [P] extends [void] ? [] : [P]): AnchorParse => {
  const s = said(msg, ...params);
  return { ok: false, problem: s.en, said: s };
};

const LABEL = /(?:audit[\s_-]*chain[\s_-]*head|审计链头)\s*[:：]?\s*/giu;
const BODY = /^(?:entry|no\.?|第|#)?\s*(\d+)(?:\s*条\s*[,，、;；:：]?\s*|\s*[,，、;；:：]\s*|\s+)([0-9a-f]+)(?![0-9a-z])\s*(?:[(（]([^)）]*)[)）])?/iu;

/**
 * One chain-head line, as printed or pasted: English (`Audit chain head: entry N, HASH (time)`),
 * Chinese (`审计链头：第 N 条，HASH`), the disc note (`审计链头 Audit chain head: #N HASH`), the
 * receipt (`audit chain head #N HASH`), or just `entry N, HASH`. HTML tags and whitespace around it
 * are ignored; the hash must be exactly 64 hexadecimal digits.
 */
export function parseAnchorLine(text: string): AnchorParse {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  if (!plain) return refused(m.lineEmpty);
  // The text after a label ("审计链头 Audit chain head: #N …" carries two; the one followed by the entry counts).
  const afterLabels = [...plain.matchAll(LABEL)].map((l) => plain.slice(l.index + l[0].length));
  const labelled = afterLabels.length > 0;
  const rest = afterLabels.find((r) => BODY.test(r)) ?? afterLabels[0] ?? plain;
  const found = BODY.exec(rest);
  if (!found) {
    if (!/\d/.test(rest)) return refused(m.lineNoEntry);
    if (!/[0-9a-f]{8,}/i.test(rest)) return refused(m.lineNoHash);
    return refused(m.lineShape);
  }
  if (!labelled && rest.slice(found[0].length).trim()) return refused(m.lineTrailing, { text: rest.slice(found[0].length).trim() });
  const hash = found[2]!.toLowerCase();
  if (hash.length !== 64) return refused(m.lineHashLength, { digits: hash.length });
  const seq = Number(found[1]);
  if (!Number.isSafeInteger(seq)) return refused(m.lineBadSeq, { text: found[1]! });
  return { ok: true, head: { seq, hash, at: found[3]?.trim() || null } };
}

/** The first chain-head line in a longer text (a disc's README.txt, a register page), or null. */
export function findAnchorInText(text: string): ChainHead | null {
  for (const line of text.replace(/<[^>]*>/g, ' ').split(/\r?\n/)) {
    if (!/audit\s*chain\s*head|审计链头/i.test(line)) continue;
    const p = parseAnchorLine(line);
    if (p.ok) return p.head;
  }
  return null;
}

export type BagHead = { kind: 'head'; head: ChainHead } | { kind: 'none' } | { kind: 'malformed'; problem: string };

/** bag-info.txt's Audit-Chain-Head-Seq and Audit-Chain-Head-SHA256 (bags made before they existed have none). */
export function chainHeadFromBagInfo(text: string): BagHead {
  const info = parseBagInfo(text);
  const seqText = bagInfoValue(info, 'Audit-Chain-Head-Seq');
  const hashText = bagInfoValue(info, 'Audit-Chain-Head-SHA256');
  if (seqText === undefined && hashText === undefined) return { kind: 'none' };
  if (seqText === undefined || !/^\d+$/.test(seqText.trim())) return { kind: 'malformed', problem: `Audit-Chain-Head-Seq "${seqText ?? ''}" is not an entry number` };
  if (hashText === undefined || !/^[0-9a-fA-F]{64}$/.test(hashText.trim())) return { kind: 'malformed', problem: `Audit-Chain-Head-SHA256 "${hashText ?? ''}" is not 64 hexadecimal digits` };
  return { kind: 'head', head: { seq: Number(seqText.trim()), hash: hashText.trim().toLowerCase(), at: null } };
}

/**
 * Check one anchor against the live trail, read in sequence order: entry N's hash is recomputed from
 * entry 1 on (never taken from the stored column), so an entry before N that was altered, removed or
 * inserted shows even where the stored hashes were all rewritten to agree. Reads no further than N.
 */
export function checkAnchor(entries: Iterable<AuditEntry>, anchor: SourcedAnchor, liveHeadSeq: number): AnchorResult {
  const base = { source: anchor.source, seq: anchor.seq, expectedHash: anchor.hash, liveHeadSeq };
  if (anchor.seq === 0) return { ...base, foundHash: GENESIS_HASH, foundAt: null, ok: anchor.hash === GENESIS_HASH };
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (e.seq > anchor.seq) break;
    prev = entryHash(e, prev);
    if (e.seq === anchor.seq) return { ...base, foundHash: prev, foundAt: e.at, ok: prev === anchor.hash };
  }
  return { ...base, foundHash: null, foundAt: null, ok: false };
}

/**
 * Every anchor in one pass over the trail (a store holding a segment a day gives hundreds of anchors:
 * one pass each would read the trail hundreds of times). Same verdicts as `checkAnchor`, in the anchors' order.
 */
export function checkAnchorsOnePass(entries: Iterable<AuditEntry>, anchors: readonly SourcedAnchor[], liveHeadSeq: number): AnchorResult[] {
  const results = new Map<SourcedAnchor, AnchorResult>();
  const pending = anchors.filter((a) => a.seq !== 0).sort((a, b) => a.seq - b.seq);
  for (const a of anchors) if (a.seq === 0) results.set(a, checkAnchor([], a, liveHeadSeq));
  let next = 0;
  let prev = GENESIS_HASH;
  for (const e of entries) {
    if (next >= pending.length) break;
    prev = entryHash(e, prev);
    while (next < pending.length && pending[next]!.seq <= e.seq) {
      const a = pending[next++]!;
      const base = { source: a.source, seq: a.seq, expectedHash: a.hash, liveHeadSeq };
      results.set(a, a.seq === e.seq ? { ...base, foundHash: prev, foundAt: e.at, ok: prev === a.hash } : { ...base, foundHash: null, foundAt: null, ok: false });
    }
  }
  for (const a of pending.slice(next)) results.set(a, { source: a.source, seq: a.seq, expectedHash: a.hash, liveHeadSeq, foundHash: null, foundAt: null, ok: false });
  return anchors.map((a) => results.get(a)!);
}

/** What an anchor's check means, in one sentence (English for the trail and --json). */
export function anchorVerdict(r: AnchorResult, lang: Lang = 'en'): string {
  if (r.ok) return say(lang, m.anchorHeld, { seq: r.seq });
  if (r.foundHash === null) return say(lang, m.anchorMissing, { seq: r.seq, head: r.liveHeadSeq });
  return say(lang, m.anchorMismatch, { seq: r.seq, found: r.foundHash, expected: r.expectedHash });
}

/** A failed anchor as a finding of `audit verify` (null when it held). */
export function anchorFinding(r: AnchorResult): IntegrityFinding | null {
  if (r.ok) return null;
  return {
    check: 'anchor',
    kind: r.foundHash === null ? 'anchor-missing' : 'anchor-mismatch',
    source: r.source,
    seq: r.seq,
    expectedHash: r.expectedHash,
    foundHash: r.foundHash,
    at: r.foundAt,
    detail: anchorVerdict(r),
    liveHeadSeq: r.liveHeadSeq,
  };
}
