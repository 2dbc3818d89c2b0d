import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibusbEventSource, listSysfsUsbDevices, sysfsPortName } from './usb-events.js';
import { silentLogger } from './logger.js';

describe('sysfs USB devices', () => {
  it('lists devices from a recorded /sys/bus/usb/devices tree, skipping hubs and interfaces', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-usb-'));
    try {
      const put = (dir: string, files: Record<string, string>) => {
        fs.mkdirSync(path.join(root, dir));
        for (const [k, v] of Object.entries(files)) fs.writeFileSync(path.join(root, dir, k), v);
      };
      put('usb1', { idVendor: '1d6b\n', idProduct: '0002\n' });
      put('1-1.4', { idVendor: '2b8a\n', idProduct: '0c01\n', serial: 'HK0001234\n', product: 'DSJ-A8\n' });
      put('1-1.4:1.0', { bInterfaceClass: '08\n' });
      expect(listSysfsUsbDevices(root)).toEqual([
        { port: '1-1.4', vendorId: '2b8a', productId: '0c01', serial: 'HK0001234', manufacturer: null, product: 'DSJ-A8' },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('names ports the way sysfs does', () => {
    expect(sysfsPortName(1, [1, 4])).toBe('1-1.4');
  });

  it('says when there is no USB bus instead of failing', () => {
    const r = new LibusbEventSource(silentLogger(), '/nonexistent/sys/bus/usb/devices').start(() => {});
    expect(r).toEqual({ available: false, reason: '/nonexistent/sys/bus/usb/devices does not exist: this machine shows no USB bus' });
  });
});
