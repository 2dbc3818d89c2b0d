/**
 * The period an R15 inspection looks at: half-years (2026H1, 2026H2) or any two dates. Pure: local
 * dates (YYYY-MM-DD) in the unit's zone, as recordings are filed.
 */
import { UserError } from './errors.js';

export interface Period {
  /** First local date, inclusive. */
  from: string;
  /** Last local date, inclusive. */
  to: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date typed as YYYY-MM-DD. */
export function isLocalDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** `--from` and `--to` as a person typed them: real dates, in order, at most ten years apart. */
export function periodOf(from: string, to: string): Period {
  for (const [name, v] of [['--from', from], ['--to', to]] as const) {
    if (!isLocalDate(v)) throw new UserError(
        { zh: `日期格式不对：${name} "${v}"`, en: `${name} "${v}" is not a date` },
        { zh: '日期请写作 YYYY-MM-DD，例如 --from 2026-01-01 --to 2026-06-30', en: 'Give dates as YYYY-MM-DD, e.g. --from 2026-01-01 --to 2026-06-30' },
      );
  }
  if (from > to) throw new UserError(
      { zh: `起始日期 --from ${from} 晚于截止日期 --to ${to}`, en: `--from ${from} is after --to ${to}` },
      { zh: '请对调：--from 为第一天，--to 为最后一天（均包含在内）。', en: 'Swap them: --from is the first day, --to the last day (both included).' },
    );
  if (daysBetween(from, to) > 3660) throw new UserError(
      { zh: `${from} 至 ${to} 期间超过十年`, en: `${from} to ${to} is more than ten years` },
      { zh: '一次检查覆盖半年（R15）；请给出较短的期间。', en: 'An inspection covers half a year (R15); give a shorter period.' },
    );
  return { from, to };
}

/** `2026H1` → 2026-01-01 to 2026-06-30; `2026H2` → 2026-07-01 to 2026-12-31. */
export function halfYear(label: string): Period & { label: string } {
  const m = /^(\d{4})H([12])$/i.exec(label.trim());
  if (!m) throw new UserError(
      { zh: `期间格式不对：“${label}”不是半年度`, en: `period "${label}" is not a half-year` },
      { zh: '请将所检查的半年写作 YYYYH1（1—6 月）或 YYYYH2（7—12 月），例如 --period 2026H1', en: 'Give the half-year inspected as YYYYH1 (January–June) or YYYYH2 (July–December), e.g. --period 2026H1' },
    );
  const y = m[1]!;
  const first = m[2] === '1';
  return { label: `${y}H${m[2]}`, from: `${y}-${first ? '01-01' : '07-01'}`, to: `${y}-${first ? '06-30' : '12-31'}` };
}

/** Days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Every local date of the period, in order. */
export function datesOf(p: Period): string[] {
  const out: string[] = [];
  const end = Date.parse(`${p.to}T00:00:00Z`);
  for (let t = Date.parse(`${p.from}T00:00:00Z`); t <= end; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
