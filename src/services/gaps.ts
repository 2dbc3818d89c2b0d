/**
 * Gaps in recording (R5, P16): listed from one ordered pass over the catalogue (core/gaps.ts), and
 * explained by a person (P16(3)'s causes), on the record. A gap is named by the recordings around it
 * ("812-813"): nothing is stored until it is explained, so the list is always the catalogue's truth;
 * if a later ingest fills the hole, the gap and its explanation simply no longer show.
 */
import { findGaps, parseGapId, type FoundGap, type GapSettings, type SegmentFacts } from '../core/gaps.js';
import type { Recording } from '../core/types.js';
import type { RegisterGap } from '../core/register-gaps.js';
import { isoFormatter } from '../core/zoned-iso.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CheckWindow, GapExplanationRow, NewGapExplanation } from '../adapters/catalog/recording-checks-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { hints } from '../core/i18n/hint-messages.js';

export const GAP_REASONS = ['obstruction', 'weather', 'device-fault', 'storage-full', 'battery', 'other'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Segments longer than this are not expected: a window looks back this far for the segment before. */
const LOOKBACK_MS = 24 * 3600_000;

export interface GapExplanationView {
  reason: string;
  text: string;
  by: string;
  at: string;
}

/** A gap as people and scripts see it (`gap list --json`). */
export interface GapView {
  id: string;
  deviceNumber: string;
  officerId: string | null;
  beforeId: number;
  afterId: number;
  startedAt: string;
  endedAt: string;
  seconds: number;
  explanation: GapExplanationView | null;
}

export interface GapFilter extends CheckWindow {
  unexplained?: boolean;
}

export interface GapStore {
  segments(w: CheckWindow): Iterable<SegmentFacts>;
  /** The officers of these recordings (one query for a batch of gaps). */
  officersOf(recordingIds: readonly number[]): Map<number, string | null>;
  gapExplanations(): Map<string, GapExplanationRow>;
  addGapExplanation(e: NewGapExplanation): void;
}

/** Gaps whose officers are looked up in one query. */
const OFFICER_BATCH = 5000;

export class GapService {
  /** Formats a list's many times fast (core/zoned-iso.ts). */
  private iso: ((ms: number) => string) | undefined;

  constructor(
    private readonly settings: GapSettings,
    private readonly deps: { store: GapStore; recordings: { get(id: number): Recording | undefined }; audit: AuditTrail; clock: UnitClock },
  ) {}

  /**
   * Gaps overlapping [fromMs, toMs) (all when open), oldest recorder first. The read reaches back a day
   * and on by a session break so the segments around the window's edges are seen.
   */
  *list(f: GapFilter = {}): Generator<GapView> {
    const explained = this.deps.store.gapExplanations();
    for (const g of this.found(f)) {
      const e = explained.get(g.id);
      if (f.unexplained && e) continue;
      yield this.view(g, e ?? null);
    }
  }

  /** The raw gaps of a window (for the inspection report's counts), without views; each with its officer. */
  *found(w: CheckWindow): Generator<FoundGap & { officerId: string | null }> {
    const read: CheckWindow = {
      deviceNumber: w.deviceNumber,
      fromMs: w.fromMs === undefined ? undefined : w.fromMs - LOOKBACK_MS,
      toMs: w.toMs === undefined ? undefined : w.toMs + this.settings.sessionBreakSeconds * 1000,
    };
    // Officers are looked up a batch of gaps at a time: one query per thousands, not two per gap.
    let batch: FoundGap[] = [];
    const withOfficers = (gaps: FoundGap[]) => {
      const officers = this.deps.store.officersOf(gaps.flatMap((g) => (g.officerId ? [] : [g.beforeId, g.afterId])));
      return gaps.map((g) => ({ ...g, officerId: g.officerId ?? officers.get(g.beforeId) ?? officers.get(g.afterId) ?? null }));
    };
    for (const g of findGaps(this.deps.store.segments(read), this.settings)) {
      if (w.fromMs !== undefined && g.endedAtMs <= w.fromMs) continue;
      if (w.toMs !== undefined && g.startedAtMs >= w.toMs) continue;
      batch.push(g);
      if (batch.length === OFFICER_BATCH) {
        yield* withOfficers(batch);
        batch = [];
      }
    }
    if (batch.length) yield* withOfficers(batch);
  }

  /** Which gaps are explained: "<before>-<after>" → explanation. */
  explanations(): Map<string, GapExplanationView> {
    return this.deps.store.gapExplanations();
  }

  /** The gaps just before and after each of `recordings` (a disc's register shows them). */
  around(recordings: readonly Recording[]): Map<number, GapView[]> {
    const explained = this.deps.store.gapExplanations();
    const out = new Map<number, GapView[]>();
    for (const r of recordings) {
      if (r.deviceNumber === null) continue;
      const startMs = Date.parse(r.startedAt);
      const endMs = startMs + Math.round((r.durationSeconds ?? 0) * 1000);
      const gaps = [...this.found({ deviceNumber: r.deviceNumber, fromMs: startMs - 1, toMs: endMs + 1 })].filter((g) => g.beforeId === r.id || g.afterId === r.id);
      if (gaps.length) out.set(r.id, gaps.map((g) => this.view(g, explained.get(g.id) ?? null)));
    }
    return out;
  }

  /** The same, as a disc's register prints them (core/register-gaps.ts). */
  registerGaps(recordings: readonly Recording[]): Map<number, RegisterGap[]> {
    const out = new Map<number, RegisterGap[]>();
    for (const [id, gaps] of this.around(recordings)) {
      out.set(
        id,
        gaps.map((g) => ({ id: g.id, position: g.afterId === id ? 'before' : 'after', startedAt: g.startedAt, endedAt: g.endedAt, seconds: g.seconds, explanation: g.explanation && { reason: g.explanation.reason, text: g.explanation.text } })),
      );
    }
    return out;
  }

  explain(idText: string, reasonText: string, text: string): GapView {
    const input: AuditInput = { action: 'gap.explain', target: idText, details: { reason: reasonText, text } };
    const refuse = (message: Said | string, hint?: Said | string): never => this.deps.audit.refuse(input, message, hint);
    const pair = parseGapId(idText);
    if (!pair) refuse({ zh: `“${idText}”不是中断编号`, en: `"${idText}" is not a gap id` }, said(hints.gapIdForm));
    if (!(GAP_REASONS as readonly string[]).includes(reasonText)) refuse({ zh: `“${reasonText}”不是中断原因`, en: `"${reasonText}" is not a reason for a gap` }, said(hints.useOneOfRule, { list: GAP_REASONS.join(', '), rule: 'P16(3)' }));
    if (!text.trim()) refuse({ zh: '须填写情况说明', en: 'an explanation needs its text (--text)' }, said(hints.gapText));
    const [beforeId, afterId] = pair!;
    const before = this.deps.recordings.get(beforeId);
    const after = this.deps.recordings.get(afterId);
    const gap =
      before && after && before.deviceNumber !== null && before.deviceNumber === after.deviceNumber
        ? [...this.found({ deviceNumber: before.deviceNumber, fromMs: Date.parse(after.startedAt) - 1, toMs: Date.parse(after.startedAt) + 1 })].find((g) => g.beforeId === beforeId && g.afterId === afterId)
        : undefined;
    if (!gap) refuse({ zh: `影像 ${beforeId} 与 ${afterId} 之间不存在中断 ${idText}`, en: `there is no gap ${idText} between recordings ${beforeId} and ${afterId}` }, said(hints.seeGaps));
    const g = gap!;
    const at = this.deps.clock.nowIso();
    const by = this.deps.audit.who.operator;
    this.deps.audit.run({ ...input, details: { ...input.details, deviceNumber: g.deviceNumber, officerId: g.officerId, seconds: g.seconds } }, () =>
      this.deps.store.addGapExplanation({ beforeId, afterId, deviceNumber: g.deviceNumber, gapStartedMs: g.startedAtMs, gapEndedMs: g.endedAtMs, reason: reasonText, text: text.trim(), by, at }),
    );
    return this.view(g, { reason: reasonText, text: text.trim(), by, at });
  }

  private view(g: FoundGap & { officerId: string | null }, e: GapExplanationView | null): GapView {
    const iso = (this.iso ??= isoFormatter(this.deps.clock.zone));
    return {
      id: g.id,
      deviceNumber: g.deviceNumber,
      officerId: g.officerId,
      beforeId: g.beforeId,
      afterId: g.afterId,
      startedAt: iso(g.startedAtMs),
      endedAt: iso(g.endedAtMs),
      seconds: g.seconds,
      explanation: e && { reason: e.reason, text: e.text, by: e.by, at: e.at },
    };
  }
}
