/**
 * A place from a recording's own metadata: the ISO 6709 location tag that recorders and phones write
 * (QuickTime/MP4 `©xyz`, shown by ffprobe as `location`), e.g. "+39.9042+116.4074/" or with altitude.
 */

export interface GpsPoint {
  latitude: number;
  longitude: number;
}

const ISO6709 = /^([+-]\d{1,2}(?:\.\d+)?)([+-]\d{1,3}(?:\.\d+)?)(?:[+-]\d+(?:\.\d+)?)?(?:CRS[^/]*)?\/?$/;

export function parseIso6709(tag: string): GpsPoint | null {
  const m = ISO6709.exec(tag.trim());
  if (!m) return null;
  const latitude = Number(m[1]);
  const longitude = Number(m[2]);
  if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return null;
  return { latitude, longitude };
}

/** How the register prints a GPS point: 北纬39.90420° 东经116.40740°（GPS）. */
export function gpsPlaceText(p: GpsPoint): string {
  const lat = `${p.latitude >= 0 ? '北纬' : '南纬'}${Math.abs(p.latitude).toFixed(5)}°`;
  const lon = `${p.longitude >= 0 ? '东经' : '西经'}${Math.abs(p.longitude).toFixed(5)}°`;
  return `${lat} ${lon}（GPS）`;
}
