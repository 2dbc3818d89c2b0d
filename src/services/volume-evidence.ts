/** What a docked volume says about which recorder it is: USB serial, FAT label and id, device numbers in its file names. */
import type { MountEntry } from '../core/mount-table.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import type { VolumeEvidence } from '../core/recorder-match.js';
import type { DockedVolumes } from './dock-ports.js';

export async function volumeEvidence(volumes: DockedVolumes, mount: MountEntry, media: { extensions: ReadonlySet<string>; fileNamePatterns: readonly RegExp[] }): Promise<VolumeEvidence> {
  const block = mount.source.startsWith('/dev/');
  const fat = block ? volumes.fatIdentity(mount.source) : null;
  const scan = await volumes.scan(mount.mountPoint, media.extensions);
  const fileDeviceNumbers = scan.files.flatMap((f) => parseRecorderFileName(f.name, media.fileNamePatterns).deviceNumber ?? []);
  return { usbSerial: block ? volumes.usbSerial(mount.source) : null, label: fat?.label ?? null, uuid: fat?.uuid ?? null, fileDeviceNumbers };
}
