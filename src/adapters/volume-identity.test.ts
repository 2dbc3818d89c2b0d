import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFatIdentity, usbSerialOfBlockDevice, usbSerialOfBlockName } from './volume-identity.js';

describe('volume identity', () => {
  it('reads the label and volume id of a real FAT32 image, as blkid shows them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-fat-'));
    try {
      const img = path.join(dir, 'v.img');
      execFileSync('truncate', ['-s', '40M', img]);
      execFileSync('mkfs.vfat', ['-F', '32', '-n', 'DSJ_A8', '-i', '4d818427', img], { stdio: 'ignore' });
      expect(readFatIdentity(img)).toEqual({ label: 'DSJ_A8', uuid: '4D81-8427' });
      fs.writeFileSync(path.join(dir, 'not-fat'), Buffer.alloc(1024));
      expect(readFatIdentity(path.join(dir, 'not-fat'))).toBeNull();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('walks sysfs from a partition up to its USB device serial', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-sys-'));
    try {
      // Recorded layout: /sys/class/block/sdb1 → …/usb1/1-1/1-1:1.0/host2/…/block/sdb/sdb1
      const usbDev = path.join(root, 'devices/pci0000:00/usb1/1-1');
      const part = path.join(usbDev, '1-1:1.0/host2/target2:0:0/2:0:0:0/block/sdb/sdb1');
      fs.mkdirSync(part, { recursive: true });
      fs.writeFileSync(path.join(usbDev, 'idVendor'), '2b8a\n');
      fs.writeFileSync(path.join(usbDev, 'serial'), 'HK0001234\n');
      fs.mkdirSync(path.join(root, 'class/block'), { recursive: true });
      fs.symlinkSync(part, path.join(root, 'class/block/sdb1'));
      expect(usbSerialOfBlockName('sdb1', path.join(root, 'class/block'))).toBe('HK0001234');
      expect(usbSerialOfBlockName('sdc1', path.join(root, 'class/block'))).toBeNull();
      expect(usbSerialOfBlockDevice('fusefat', path.join(root, 'class/block'))).toBeNull();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
