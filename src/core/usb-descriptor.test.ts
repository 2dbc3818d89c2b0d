import { describe, expect, it } from 'vitest';
import { classifyUsbDevice, descriptorFromSysfs, parseUsbId } from './usb-descriptor.js';

// Attribute files recorded from sysfs: a body-worn recorder in mass-storage mode, a keyboard, an interface folder.
const RECORDER = { idVendor: '2b8a\n', idProduct: '0c01\n', serial: 'HK0001234\n', manufacturer: 'HIKVISION\n', product: 'DSJ-A8\n', busnum: '1\n', devnum: '5\n' };
const KEYBOARD = { idVendor: '046d\n', idProduct: 'C31C\n', manufacturer: 'Logitech\n', product: 'USB Keyboard\n' };
const INTERFACE = { bInterfaceClass: '08\n', bInterfaceSubClass: '06\n' };

const ids = new Set(['2b8a:0c01']);
const register = new Map([['HK0001234', '0001234']]);

describe('USB descriptors', () => {
  it('reads ids and serial from sysfs attributes', () => {
    expect(descriptorFromSysfs('1-1.4', RECORDER)).toEqual({ port: '1-1.4', vendorId: '2b8a', productId: '0c01', serial: 'HK0001234', manufacturer: 'HIKVISION', product: 'DSJ-A8' });
    expect(descriptorFromSysfs('1-2', KEYBOARD)!.productId).toBe('c31c');
    expect(descriptorFromSysfs('1-1.4:1.0', INTERFACE)).toBeNull();
  });

  it('tells a registered recorder, an unregistered one and a device that is no recorder', () => {
    const bySerial = (s: string) => register.get(s);
    expect(classifyUsbDevice(descriptorFromSysfs('1-1.4', RECORDER)!, ids, bySerial)).toEqual({ kind: 'recorder', number: '0001234' });
    const stranger = descriptorFromSysfs('1-1.5', { ...RECORDER, serial: 'HK9999999' })!;
    expect(classifyUsbDevice(stranger, ids, bySerial)).toEqual({ kind: 'unregistered-recorder', reason: 'serial HK9999999 is not in the register' });
    expect(classifyUsbDevice(descriptorFromSysfs('1-2', KEYBOARD)!, ids, bySerial)).toEqual({ kind: 'not-a-recorder' });
  });

  it('accepts only vvvv:pppp ids', () => {
    expect(parseUsbId('2B8A:0C01')).toBe('2b8a:0c01');
    expect(parseUsbId('2b8a-0c01')).toBeNull();
    expect(parseUsbId('2b8a:0c0')).toBeNull();
  });
});
