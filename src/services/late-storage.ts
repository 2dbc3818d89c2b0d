/**
 * Storage later than 24 hours (P25): listed from the catalogue (start, length, ingest time) and
 * explained by a person, on the record. Remote work carries the officer's return: such a recording
 * is late only when stored more than 24 hours after it (core/late-storage.ts).
 */
import { isLateReason, LATE_AFTER_HOURS, LATE_REASONS, lateness, type LateExplanation, type LateReason } from '../core/late-storage.js';
import type { Recording } from '../core/types.js';
import { isoFormatter } from '../core/zoned-iso.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CheckWindow, LateCandidate } from '../adapters/catalog/recording-checks-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { hints } from '../core/i18n/hint-messages.js';

export interface LateExplanationView {
  reason: string;
  text: string;
  returnedAt: string | null;
  by: string;
  at: string;
}

/** A late store as people and scripts see it (`late list --json`). */
export interface LateView {
  recordingId: number;
  deviceNumber: string | null;
  officerId: string | null;
  endedAt: string;
  storedAt: string;
  hoursLate: number;
  /** Late with no explanation that excuses it (a remote-work return more than 24 h before storage does not). */
  unexplained: boolean;
  explanation: LateExplanationView | null;
}

export interface LateFilter extends CheckWindow {
  unexplained?: boolean;
}

export interface LateStore {
  lateCandidates(w: CheckWindow, minHours: number): Iterable<LateCandidate>;
  lateExplanations(): Map<number, LateExplanation>;
  addLateExplanation(e: { recordingId: number; reason: LateReason; text: string; returnedAt: string | null; returnedAtMs: number | null; by: string; at: string }): void;
}

export class LateStorageService {
  /** Formats a list's many times fast (core/zoned-iso.ts). */
  private iso: ((ms: number) => string) | undefined;

  constructor(private readonly deps: { store: LateStore; recordings: { get(id: number): Recording | undefined }; audit: AuditTrail; clock: UnitClock }) {}

  /** Recordings (started in the window) stored more than 24 hours after they ended, oldest first. */
  *list(f: LateFilter = {}): Generator<LateView> {
    const explained = this.deps.store.lateExplanations();
    for (const c of this.deps.store.lateCandidates(f, LATE_AFTER_HOURS)) {
      const e = explained.get(c.id) ?? null;
      const v = this.view(c, e);
      if (v && (!f.unexplained || v.unexplained)) yield v;
    }
  }

  explain(idText: string, reasonText: string, text: string, returnedAtText?: string): LateView {
    const input: AuditInput = { action: 'late.explain', target: idText, details: { reason: reasonText, text, returnedAt: returnedAtText ?? null } };
    const refuse = (message: Said | string, hint?: Said | string): never => this.deps.audit.refuse(input, message, hint);
    const id = Number(idText);
    const r = Number.isInteger(id) && id > 0 ? this.deps.recordings.get(id) : undefined;
    if (!r) refuse({ zh: `无编号为 ${idText} 的影像`, en: `no recording with id ${idText}` }, said(hints.seeLate));
    if (!isLateReason(reasonText)) refuse({ zh: `“${reasonText}”不是迟延原因`, en: `"${reasonText}" is not a reason for late storage` }, said(hints.useOneOfRule, { list: LATE_REASONS.join(', '), rule: 'P25' }));
    if (!text.trim()) refuse({ zh: '须填写情况说明', en: 'an explanation needs its text (--text)' }, said(hints.lateText));
    const rec = r!;
    const reason = reasonText as LateReason;
    const startedAtMs = Date.parse(rec.startedAt);
    const storedAtMs = Date.parse(rec.ingestedAt);
    let returned: Date | null = null;
    if (returnedAtText !== undefined) {
      returned = this.deps.clock.parse(returnedAtText);
      if (!returned) refuse({ zh: `"${returnedAtText}" 不是时间`, en: `"${returnedAtText}" is not a time` }, said(hints.useTimeInZone));
    }
    if (reason === 'remote-work' && !returned) refuse({ zh: '异地执法须填写返回时间', en: 'remote work needs the officer\'s return (--returned-at)' }, said(hints.returnedAt));
    if (returned && (returned.getTime() < startedAtMs || returned.getTime() > storedAtMs)) {
      refuse({ zh: `返回时间 ${this.deps.clock.iso(returned)} 须在录制开始（${rec.startedAt}）与存储（${rec.ingestedAt}）之间`, en: `the return ${this.deps.clock.iso(returned)} is not between the recording's start (${rec.startedAt}) and its storage (${rec.ingestedAt})` }, said(hints.returnTime));
    }
    const measured = lateness({ startedAtMs, durationSeconds: rec.durationSeconds, storedAtMs }, null);
    if (!measured.late) refuse({ zh: `影像 ${id} 在结束后 ${measured.hoursLate} 小时存储：未超过 24 小时，无需说明`, en: `recording ${id} was stored ${measured.hoursLate} hours after it ended: not late, nothing to explain` }, said(hints.seeLate));
    const e = { reason, text: text.trim(), returnedAt: returned && this.deps.clock.iso(returned), returnedAtMs: returned?.getTime() ?? null, by: this.deps.audit.who.operator, at: this.deps.clock.nowIso() };
    const after = lateness({ startedAtMs, durationSeconds: rec.durationSeconds, storedAtMs }, e);
    this.deps.audit.run({ ...input, details: { ...input.details, returnedAt: e.returnedAt, hoursLate: measured.hoursLate, stillLate: after.unexplained } }, () =>
      this.deps.store.addLateExplanation({ recordingId: id, ...e }),
    );
    return this.view({ id, deviceNumber: rec.deviceNumber, officerId: rec.officerId, startedAtMs, durationSeconds: rec.durationSeconds, ingestedAt: rec.ingestedAt }, e)!;
  }

  private view(c: LateCandidate, e: (LateExplanation & { returnedAt?: string | null }) | null): LateView | null {
    const l = lateness({ startedAtMs: c.startedAtMs, durationSeconds: c.durationSeconds, storedAtMs: Date.parse(c.ingestedAt) }, e);
    if (!l.late) return null;
    const iso = (this.iso ??= isoFormatter(this.deps.clock.zone));
    return {
      recordingId: c.id,
      deviceNumber: c.deviceNumber,
      officerId: c.officerId,
      endedAt: iso(l.endedAtMs),
      storedAt: c.ingestedAt,
      hoursLate: l.hoursLate,
      unexplained: l.unexplained,
      explanation: e && { reason: e.reason, text: e.text, returnedAt: e.returnedAt ?? (e.returnedAtMs === null ? null : iso(e.returnedAtMs)), by: e.by, at: e.at },
    };
  }
}
