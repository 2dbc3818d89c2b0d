import { describe, expect, it } from 'vitest';
import { diffMounts, mountOfDevice, mountsUnder, parseMountInfo } from './mount-table.js';

// Recorded from a machine with a USB recorder and a FUSE-mounted image docked under /media/recorders.
const RECORDED = `22 1 253:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
43 22 0:40 / /media/recorders/DSJ\\040A8 ro,nosuid,nodev,relatime shared:30 - fuse.fusefat fusefat ro,user_id=0,group_id=0
51 22 8:17 / /media/recorders/0001234 rw,nosuid,nodev,relatime shared:31 - vfat /dev/sdb1 rw,fmask=0022,dmask=0022
60 22 8:33 / /media/recorders-other/x rw,relatime - vfat /dev/sdc1 rw
61 22 8:49 / /media/recorders rw,relatime - tmpfs tmpfs rw
`;

describe('mount table', () => {
  it('parses mountinfo lines, undoing octal escapes', () => {
    const e = parseMountInfo(RECORDED);
    expect(e).toHaveLength(5);
    expect(e[1]).toEqual({ mountId: 43, mountPoint: '/media/recorders/DSJ A8', fsType: 'fuse.fusefat', source: 'fusefat', readOnly: true });
    expect(e[2]!.source).toBe('/dev/sdb1');
    expect(e[2]!.readOnly).toBe(false);
  });

  it('keeps only mounts below a media root, not the root or a look-alike sibling', () => {
    const under = mountsUnder(parseMountInfo(RECORDED), ['/media/recorders/']);
    expect(under.map((m) => m.mountPoint)).toEqual(['/media/recorders/DSJ A8', '/media/recorders/0001234']);
  });

  it('sees a remount of the same point as a new dock', () => {
    const before = parseMountInfo(RECORDED);
    const after = parseMountInfo(RECORDED.replace('51 22 8:17', '77 22 8:17').replace(/^43 .*\n/m, ''));
    const d = diffMounts(before, after);
    expect(d.added.map((m) => m.mountId)).toEqual([77]);
    expect(d.removed.map((m) => m.mountId).sort()).toEqual([43, 51]);
  });

  it('finds the mount of a device number, with its file system\'s own options; the last one wins', () => {
    const text = [
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '95 27 0:61 / /tmp/disk rw,nosuid,nodev,relatime - fuse.fusefat fusefat rw,user_id=0,group_id=0,allow_other',
      '96 27 8:17 / /media/usb rw,relatime - vfat /dev/sdb1 rw,fmask=0022,dmask=0022,codepage=437,iocharset=utf8',
      '97 27 8:17 / /media/again rw,relatime - vfat /dev/sdb1 rw,fmask=0177,dmask=0077',
    ].join('\n');
    expect(mountOfDevice(text, 0, 61)).toEqual({ fsType: 'fuse.fusefat', superOptions: ['rw', 'user_id=0', 'group_id=0', 'allow_other'] });
    expect(mountOfDevice(text, 8, 17)?.superOptions).toContain('fmask=0177');
    expect(mountOfDevice(text, 254, 0)?.fsType).toBe('ext4');
    expect(mountOfDevice(text, 8, 1)).toBeNull();
  });
});
