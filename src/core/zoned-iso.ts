/**
 * isoInZone for many instants: a list of a million gaps spends its time formatting times. The zone's
 * offset is looked up once per twelve UTC hours (Intl is slow) and reused when the span starts and
 * ends on the same offset — no zone changes its offset twice within twelve hours, so that is exact;
 * a span holding a change is looked up instant by instant. Pure.
 */
import { formatOffset, offsetMinutesAt } from './zoned-time.js';

const SPAN_MS = 12 * 3600_000;

export function isoFormatter(timeZone: string): (ms: number) => string {
  const bySpan = new Map<number, number | null>();
  return (ms) => {
    const span = Math.floor(ms / SPAN_MS);
    let offset = bySpan.get(span);
    if (offset === undefined) {
      const start = offsetMinutesAt(new Date(span * SPAN_MS), timeZone);
      offset = start === offsetMinutesAt(new Date(span * SPAN_MS + SPAN_MS - 1), timeZone) ? start : null;
      if (bySpan.size > 100_000) bySpan.clear();
      bySpan.set(span, offset);
    }
    const minutes = offset ?? offsetMinutesAt(new Date(ms), timeZone);
    return new Date(Math.floor(ms / 1000) * 1000 + minutes * 60_000).toISOString().slice(0, 19) + formatOffset(minutes);
  };
}
