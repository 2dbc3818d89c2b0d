/**
 * Which registered recorder a docked volume is (R8, R11). Strongest evidence first: the USB serial
 * read from sysfs, then the volume UUID or label a recorder's register entry names, then the device
 * number the recorder writes into its file names (for recorders registered with that rule).
 * No match is an unknown recorder: its footage is still kept, in quarantine (R17, invariant 5).
 */

/** A per-recorder rule for telling its volume apart when no USB serial is to be had. */
export type VolumeRule = { kind: 'label'; value: string } | { kind: 'uuid'; value: string } | { kind: 'file-names' };

export function parseVolumeRule(text: string): VolumeRule | null {
  if (text === 'file-names') return { kind: 'file-names' };
  const m = /^(label|uuid):(.+)$/.exec(text);
  if (!m) return null;
  return m[1] === 'label' ? { kind: 'label', value: m[2]! } : { kind: 'uuid', value: m[2]!.toUpperCase() };
}

export function formatVolumeRule(rule: VolumeRule): string {
  return rule.kind === 'file-names' ? 'file-names' : `${rule.kind}:${rule.value}`;
}

export interface VolumeEvidence {
  usbSerial: string | null;
  label: string | null;
  uuid: string | null;
  /** Device numbers found in the volume's file names (parsed with the configured patterns). */
  fileDeviceNumbers: readonly string[];
}

export interface RecorderCandidate {
  number: string;
  serial: string | null;
  volumeRule: VolumeRule | null;
}

export type MatchedBy = 'usb-serial' | 'volume-uuid' | 'volume-label' | 'file-names';

export type VolumeMatch =
  | { kind: 'recorder'; number: string; by: MatchedBy }
  | { kind: 'unknown'; reason: string };

export function matchVolume(ev: VolumeEvidence, recorders: readonly RecorderCandidate[]): VolumeMatch {
  const one = (hits: RecorderCandidate[], by: MatchedBy): VolumeMatch | null => {
    if (hits.length === 1) return { kind: 'recorder', number: hits[0]!.number, by };
    if (hits.length > 1) return { kind: 'unknown', reason: `${by} fits several recorders (${hits.map((h) => h.number).join(', ')}): fix the register` };
    return null;
  };
  if (ev.usbSerial) {
    const m = one(recorders.filter((r) => r.serial === ev.usbSerial), 'usb-serial');
    if (m) return m;
  }
  if (ev.uuid) {
    const uuid = ev.uuid.toUpperCase();
    const m = one(recorders.filter((r) => r.volumeRule?.kind === 'uuid' && r.volumeRule.value === uuid), 'volume-uuid');
    if (m) return m;
  }
  if (ev.label) {
    const m = one(recorders.filter((r) => r.volumeRule?.kind === 'label' && r.volumeRule.value === ev.label), 'volume-label');
    if (m) return m;
  }
  const named = [...new Set(ev.fileDeviceNumbers)];
  if (named.length === 1) {
    const m = one(recorders.filter((r) => r.volumeRule?.kind === 'file-names' && r.number === named[0]), 'file-names');
    if (m) return m;
  }
  if (named.length > 1) return { kind: 'unknown', reason: `file names name several recorders (${named.slice(0, 5).join(', ')})` };
  const seen = [ev.usbSerial && `USB serial ${ev.usbSerial}`, ev.uuid && `UUID ${ev.uuid}`, ev.label && `label ${ev.label}`, named[0] && `file names say ${named[0]}`]
    .filter(Boolean)
    .join(', ');
  return { kind: 'unknown', reason: `no registered recorder matches (${seen || 'no serial, label or device number to go by'})` };
}
