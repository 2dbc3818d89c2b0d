/**
 * A recorder's file, once opened, is the one its name names, reached through no link. The scan lists a
 * volume without following links, and the open refuses a link in the file's own place (O_NOFOLLOW);
 * but a folder on the way, swapped for a link since the scan, would be followed anywhere on the PC
 * the service may read, and that file stored as the recorder's. The kernel says where the open went
 * (/proc/self/fd): anywhere but the name itself is refused.
 */
import fs from 'node:fs';
import path from 'node:path';

export function openedAsNamed(fd: number, name: string): void {
  let real: string;
  try {
    real = fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return; // no /proc to ask (not Linux): the open's own O_NOFOLLOW is all there is
  }
  if (real !== path.resolve(name)) {
    throw Object.assign(new Error(`${name} leads through a link to ${real} (a folder swapped since the scan?): not copied`), { code: 'ELOOP' });
  }
}
