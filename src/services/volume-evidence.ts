/** What a docked volume says about which recorder it is: USB serial, FAT label and id, device numbers in its file names. */
import type { MountEntry } from '../core/mount-table.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import type { VolumeEvidence } from '../core/recorder-match.js';
import { scanVolume } from '../adapters/volume-scanner.js';
import { readFatIdentity, usbSerialOfBlockDevice } from '../adapters/volume-identity.js';

export async function volumeEvidence(mount: MountEntry, media: { extensions: ReadonlySet<string>; fileNamePatterns: readonly RegExp[] }): Promise<VolumeEvidence> {
  const block = mount.source.startsWith('/dev/');
  const fat = block ? readFatIdentity(mount.source) : null;
  const scan = await scanVolume(mount.mountPoint, media.extensions);
  const fileDeviceNumbers = scan.files.flatMap((f) => parseRecorderFileName(f.name, media.fileNamePatterns).deviceNumber ?? []);
  return { usbSerial: block ? usbSerialOfBlockDevice(mount.source) : null, label: fat?.label ?? null, uuid: fat?.uuid ?? null, fileDeviceNumbers };
}
