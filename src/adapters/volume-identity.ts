/**
 * What a mounted volume says about which recorder it is: the USB serial of the device behind its
 * block device (through /sys/class/block), and the FAT label and volume id (the "UUID" blkid shows)
 * read from the boot sector. Any of them may be missing (a FUSE mount has no block device): null.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The USB serial behind /dev/sdX1, walking up sysfs from the partition to its USB device. */
export function usbSerialOfBlockDevice(source: string, sysClassBlock = '/sys/class/block'): string | null {
  if (!source.startsWith('/dev/')) return null;
  try {
    return usbSerialOfBlockName(path.basename(fs.realpathSync(source)), sysClassBlock);
  } catch {
    return null;
  }
}

/** Same, from the kernel's name for the partition ("sdb1"). */
export function usbSerialOfBlockName(name: string, sysClassBlock = '/sys/class/block'): string | null {
  let dir: string;
  try {
    dir = fs.realpathSync(path.join(sysClassBlock, name));
  } catch {
    return null;
  }
  for (; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'idVendor'))) {
      try {
        return fs.readFileSync(path.join(dir, 'serial'), 'utf8').trim() || null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

export interface FatIdentity {
  label: string | null;
  /** Volume serial as XXXX-XXXX, the way blkid and /dev/disk/by-uuid print it. */
  uuid: string | null;
}

/** Parse a FAT12/16/32 boot sector (first 512 bytes). */
export function parseFatBootSector(b: Buffer): FatIdentity | null {
  if (b.length < 512 || b[510] !== 0x55 || b[511] !== 0xaa) return null;
  const isFat32 = b.readUInt16LE(0x16) === 0; // sectors per FAT (16-bit) is 0 on FAT32
  const base = isFat32 ? 0x40 : 0x24;
  if (b[base + 2] !== 0x29) return { label: null, uuid: null }; // no extended boot signature
  const id = b.readUInt32LE(base + 3);
  const hex = id.toString(16).toUpperCase().padStart(8, '0');
  const label = b.subarray(base + 7, base + 18).toString('latin1').trimEnd();
  return { label: label && label !== 'NO NAME' ? label : null, uuid: `${hex.slice(0, 4)}-${hex.slice(4)}` };
}

export function readFatIdentity(deviceOrImage: string): FatIdentity | null {
  let fd: number | undefined;
  try {
    fd = fs.openSync(deviceOrImage, 'r');
    const b = Buffer.alloc(512);
    fs.readSync(fd, b, 0, 512, 0);
    return parseFatBootSector(b);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
