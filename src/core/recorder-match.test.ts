import { describe, expect, it } from 'vitest';
import { matchVolume, parseVolumeRule, type RecorderCandidate } from './recorder-match.js';

const recorders: RecorderCandidate[] = [
  { number: 'A1', serial: 'HK0001', volumeRule: null },
  { number: 'A2', serial: null, volumeRule: { kind: 'uuid', value: '4D81-8427' } },
  { number: 'A3', serial: null, volumeRule: { kind: 'label', value: 'DSJ_A3' } },
  { number: '0001234', serial: null, volumeRule: { kind: 'file-names' } },
  { number: '0009999', serial: null, volumeRule: null },
];
const none = { usbSerial: null, label: null, uuid: null, fileDeviceNumbers: [] };

describe('matching a volume to a recorder', () => {
  it('goes by USB serial first', () => {
    expect(matchVolume({ ...none, usbSerial: 'HK0001', label: 'DSJ_A3' }, recorders)).toEqual({ kind: 'recorder', number: 'A1', by: 'usb-serial' });
  });
  it('then by UUID (any case) and label rules', () => {
    expect(matchVolume({ ...none, uuid: '4d81-8427' }, recorders)).toEqual({ kind: 'recorder', number: 'A2', by: 'volume-uuid' });
    expect(matchVolume({ ...none, label: 'DSJ_A3' }, recorders)).toEqual({ kind: 'recorder', number: 'A3', by: 'volume-label' });
  });
  it('trusts file names only for recorders registered with that rule', () => {
    expect(matchVolume({ ...none, fileDeviceNumbers: ['0001234', '0001234'] }, recorders)).toEqual({ kind: 'recorder', number: '0001234', by: 'file-names' });
    expect(matchVolume({ ...none, fileDeviceNumbers: ['0009999'] }, recorders).kind).toBe('unknown');
  });
  it('calls a volume unknown when nothing fits or the evidence disagrees', () => {
    const u = matchVolume({ ...none, usbSerial: 'XX', fileDeviceNumbers: ['7777777'] }, recorders);
    expect(u).toEqual({ kind: 'unknown', reason: 'no registered recorder matches (USB serial XX, file names say 7777777)' });
    expect(matchVolume({ ...none, fileDeviceNumbers: ['0001234', 'A1'] }, recorders).kind).toBe('unknown');
  });
  it('parses rules as the CLI takes them', () => {
    expect(parseVolumeRule('uuid:4d81-8427')).toEqual({ kind: 'uuid', value: '4D81-8427' });
    expect(parseVolumeRule('label:REC 1')).toEqual({ kind: 'label', value: 'REC 1' });
    expect(parseVolumeRule('file-names')).toEqual({ kind: 'file-names' });
    expect(parseVolumeRule('serial:x')).toBeNull();
  });
});
