/**
 * The process runs in the unit's timezone (issue 15, start-up). Reading a zone's wall clock through
 * Intl costs every command ~13 ms at its first DateTimeFormat (ICU gathers its locales before it
 * builds one); with `process.env.TZ` set to the zone, `Date`'s own local fields show the same wall
 * clock from the same ICU zone data, at no cost (Node tells V8 and ICU of the change).
 *
 * Only a canonical zone name is set (as `Intl.supportedValuesOf` lists it; ICU would read another
 * spelling, or one with digits, as a POSIX rule, not a zone): any other stays read through Intl.
 * What it changes beyond the program's own dates: the tools it starts (xorriso, Chromium, ffprobe)
 * inherit the zone, so what they date in local time (an image's file times, a PDF's creation time)
 * is in the unit's zone, the instants unchanged. No code of the program reads `Date`'s local fields
 * but through here (process-zone.test.ts checks they agree with Intl's in every canonical zone).
 */
import { readZoneWith, type WallClock } from '../core/zoned-time.js';

const localFields = (d: Date): WallClock => ({
  year: d.getFullYear(),
  month: d.getMonth() + 1,
  day: d.getDate(),
  hour: d.getHours(),
  minute: d.getMinutes(),
  second: d.getSeconds(),
});

/** A zone name that TZ names exactly as Intl does. */
export function settableZone(zone: string): boolean {
  return !/[\d,]/.test(zone) && Intl.supportedValuesOf('timeZone').includes(zone);
}

/** Run this process (and what it starts) in `zone`, and read its wall clock from `Date`; false when the name cannot be set. */
export function runProcessInZone(zone: string): boolean {
  if (!settableZone(zone)) return false;
  if (process.env.TZ !== zone) process.env.TZ = zone;
  readZoneWith(zone, localFields);
  return true;
}
