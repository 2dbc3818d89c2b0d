import { describe, expect, it } from 'vitest';
import { sourceIdentityOf } from './source-identity.js';

describe('sourceIdentityOf', () => {
  it('knows a FAT volume by its serial, id and label wherever it is mounted, and tags it by label', () => {
    const a = sourceIdentityOf({ realPath: '/media/a', mountPoint: '/media/a', usbSerial: 'SN1', label: 'REC_0001234', uuid: '1A2B-3C4D' });
    const b = sourceIdentityOf({ realPath: '/mnt/x/DCIM', mountPoint: '/mnt/x', usbSerial: 'SN1', label: 'REC_0001234', uuid: '1A2B-3C4D' });
    expect(a).toEqual(b);
    expect(a.tag).toBe('REC_0001234');
  });
  it('tags a volume without a label by its id', () => {
    expect(sourceIdentityOf({ realPath: '/m', mountPoint: '/m', usbSerial: null, label: null, uuid: '1A2B-3C4D' }).tag).toBe('1A2B-3C4D');
  });
  it('knows a folder on the PC\'s own disk by its real path, even on a USB-attached system disk', () => {
    const a = sourceIdentityOf({ realPath: '/srv/drop/A', mountPoint: '/', usbSerial: 'SYS', label: null, uuid: null });
    const b = sourceIdentityOf({ realPath: '/srv/drop/B', mountPoint: '/', usbSerial: 'SYS', label: null, uuid: null });
    expect(a.key).not.toBe(b.key);
    expect([a.tag, b.tag]).toEqual(['A', 'B']);
  });
  it('never makes a tag that could escape the quarantine folder', () => {
    expect(sourceIdentityOf({ realPath: '/', mountPoint: '/', usbSerial: null, label: null, uuid: null }).tag).toBe('unknown');
    expect(sourceIdentityOf({ realPath: '/m', mountPoint: '/m', usbSerial: null, label: '..', uuid: 'AB-CD' }).tag).toBe('AB-CD');
  });
});
