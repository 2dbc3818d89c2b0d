/**
 * Wall-clock time in a named timezone, with no I/O. Recorders stamp local time without an offset;
 * the vault files each recording under its local date in the configured zone (Asia/Shanghai by default).
 */

export interface WallClock {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * True when the runtime knows this IANA zone name. Its canonical names are listed without building a
 * DateTimeFormat (whose first construction costs ~13 ms: ICU gathers its locales); another spelling
 * (an alias, another case) is tried on one.
 */
export function isValidTimeZone(timeZone: string): boolean {
  if (Intl.supportedValuesOf('timeZone').includes(timeZone)) return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The zone's offset over each hour asked about (ms, local minus UTC), when it is the same at the
 * hour's first and last second: no zone changes its clocks and back within one hour, so it holds
 * for every instant of that hour. An hour with a change in it is not kept (read each time).
 */
const hourOffsets = new Map<string, number | null>();
const HOUR = 3_600_000;
const EARLIEST = Date.UTC(1900, 0, 1);

function steadyOffsetMs(instant: Date, timeZone: string): number | null {
  const t = instant.getTime();
  // Not before 1900: Date.UTC reads years 0-99 as 1900-1999.
  if (!Number.isFinite(t) || t < EARLIEST) return null;
  const hour = Math.floor(t / HOUR) * HOUR;
  const key = `${timeZone} ${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const at = (ms: number) => {
      const w = readWallClock(new Date(ms), timeZone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - ms;
    };
    const first = at(hour);
    offset = first === at(hour + HOUR - 1000) ? first : null;
    if (hourOffsets.size > 10_000) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset;
}

export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const offset = steadyOffsetMs(instant, timeZone);
  if (offset === null) return readWallClock(instant, timeZone);
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offset);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
  };
}

/**
 * A reader of one zone's wall clock that gives what Intl gives, faster: wiring hands in `Date`'s
 * own local fields once the process runs in the unit's zone (adapters/process-zone.ts). Every
 * other zone, and this one until then, is read through Intl.
 */
let fastReader: { zone: string; read: (instant: Date) => WallClock } | null = null;

export function readZoneWith(zone: string, read: (instant: Date) => WallClock): void {
  fastReader = { zone, read };
  lastIso = { zone: '', second: NaN, iso: '' };
}

/** What the zone's clocks show at `instant` (to the second), as Intl reads it. */
function readWallClock(instant: Date, timeZone: string): WallClock {
  if (fastReader?.zone === timeZone) return fastReader.read(instant);
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of the zone from UTC at that instant, in minutes (+480 for Shanghai). */
export function offsetMinutesAt(instant: Date, timeZone: string): number {
  const w = wallClockAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60000);
}

/** The instant at which the zone's clocks show `w`. In a DST gap or overlap, the earlier reading wins. */
export function instantOf(w: WallClock, timeZone: string): Date {
  const naive = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  let guess = naive - offsetMinutesAt(new Date(naive), timeZone) * 60000;
  // A second pass settles instants next to a DST change.
  guess = naive - offsetMinutesAt(new Date(guess), timeZone) * 60000;
  return new Date(guess);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The last answer of isoInZone: an ingest asks for the same second's time for every row and trail entry. */
let lastIso = { zone: '', second: NaN, iso: '' };

/** ISO 8601 with the zone's offset, e.g. 2026-05-15T07:30:00+08:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  // Whole seconds: the text depends on nothing finer (an invalid date's NaN never matches).
  const second = Math.floor(instant.getTime() / 1000);
  if (second === lastIso.second && timeZone === lastIso.zone) return lastIso.iso;
  const w = wallClockAt(instant, timeZone);
  const iso = `${localDateOf(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(offsetMinutesAt(instant, timeZone))}`;
  lastIso = { zone: timeZone, second, iso };
  return iso;
}

export function localDateOf(w: Pick<WallClock, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** YYYY-MM-DD of the instant in the zone. */
export function localDateIn(instant: Date, timeZone: string): string {
  return localDateOf(wallClockAt(instant, timeZone));
}

/** A plain calendar check: 2026-02-30 is not a date. */
export function isRealDate(w: WallClock): boolean {
  if (w.month < 1 || w.month > 12 || w.day < 1 || w.hour > 23 || w.minute > 59 || w.second > 59) return false;
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day));
  return d.getUTCFullYear() === w.year && d.getUTCMonth() === w.month - 1 && d.getUTCDate() === w.day;
}

/**
 * Parse a date given on the command line ("2026-07-01", or a full ISO time) as an instant in the zone.
 * A bare date means that day's local midnight. Returns null when it is not a date.
 */
export function parseUserTime(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (m) {
    const w: WallClock = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
    };
    return isRealDate(w) ? instantOf(w, timeZone) : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text.trim())) {
    const d = new Date(text.trim());
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}
