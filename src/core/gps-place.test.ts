import { describe, expect, it } from 'vitest';
import { gpsPlaceText, parseIso6709 } from './gps-place.js';

describe('ISO 6709 location tags', () => {
  it('reads latitude and longitude, with or without altitude', () => {
    expect(parseIso6709('+39.9042+116.4074/')).toEqual({ latitude: 39.9042, longitude: 116.4074 });
    expect(parseIso6709('+41.1087+122.9946+012.500/')).toEqual({ latitude: 41.1087, longitude: 122.9946 });
    expect(parseIso6709('-33.86+151.21/')).toEqual({ latitude: -33.86, longitude: 151.21 });
  });
  it('refuses what is not a location', () => {
    expect(parseIso6709('鞍山市')).toBeNull();
    expect(parseIso6709('+99.0+10.0/')).toBeNull();
    expect(parseIso6709('')).toBeNull();
  });
  it('prints hemispheres in Chinese', () => {
    expect(gpsPlaceText({ latitude: 41.1087, longitude: 122.9946 })).toBe('北纬41.10870° 东经122.99460°（GPS）');
    expect(gpsPlaceText({ latitude: -1, longitude: -2 })).toBe('南纬1.00000° 西经2.00000°（GPS）');
  });
});
