/**
 * USB attach/detach: the narrow seam the dock daemon listens on, and its real adapter on the `usb`
 * package (v2: v3 throws where there is no bus). Descriptors are read from sysfs, which needs no
 * access to the device itself; the attach event only tells which port to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { descriptorFromSysfs, type SysfsAttributes, type UsbDescriptor } from '../core/usb-descriptor.js';
import type { Logger } from './logger.js';

export type UsbEvent = { kind: 'attach'; device: UsbDescriptor } | { kind: 'detach'; port: string };

export interface UsbEventSource {
  /** false when this machine has no USB bus to watch (said once by the caller, then ignored). */
  start(onEvent: (e: UsbEvent) => void): { available: true } | { available: false; reason: string };
  stop(): void;
}

const ATTRIBUTES = ['idVendor', 'idProduct', 'serial', 'manufacturer', 'product'];

/** Read one sysfs USB device folder (e.g. /sys/bus/usb/devices/1-1.4). */
export function readSysfsUsbDevice(dir: string): UsbDescriptor | null {
  const attrs: Record<string, string | undefined> = {};
  for (const a of ATTRIBUTES) {
    try {
      attrs[a] = fs.readFileSync(path.join(dir, a), 'utf8');
    } catch {
      attrs[a] = undefined;
    }
  }
  return descriptorFromSysfs(path.basename(dir), attrs as SysfsAttributes);
}

/** Every device now on the bus (for the devices already plugged in when the daemon starts). */
export function listSysfsUsbDevices(sysRoot = '/sys/bus/usb/devices'): UsbDescriptor[] {
  let names: string[];
  try {
    names = fs.readdirSync(sysRoot);
  } catch {
    return [];
  }
  return names.filter((n) => !n.includes(':') && !n.startsWith('usb')).flatMap((n) => readSysfsUsbDevice(path.join(sysRoot, n)) ?? []);
}

/** sysfs names a device by bus and port chain: bus 1, ports [1, 4] → "1-1.4". */
export function sysfsPortName(busNumber: number, portNumbers: readonly number[]): string {
  return `${busNumber}-${portNumbers.join('.')}`;
}

interface LibusbDevice {
  busNumber: number;
  portNumbers: number[];
}
interface LibusbModule {
  usb: { on(e: 'attach' | 'detach', f: (d: LibusbDevice) => void): void; removeAllListeners(e: string): void };
}

export class LibusbEventSource implements UsbEventSource {
  private mod: LibusbModule | null = null;

  constructor(
    private readonly log: Logger,
    private readonly sysRoot = '/sys/bus/usb/devices',
  ) {}

  start(onEvent: (e: UsbEvent) => void): { available: true } | { available: false; reason: string } {
    if (!fs.existsSync(this.sysRoot)) return { available: false, reason: `${this.sysRoot} does not exist: this machine shows no USB bus` };
    void import('usb')
      .then((m) => {
        this.mod = m as unknown as LibusbModule;
        this.mod.usb.on('attach', (d) => {
          const port = sysfsPortName(d.busNumber, d.portNumbers ?? []);
          const desc = readSysfsUsbDevice(path.join(this.sysRoot, port));
          if (desc) onEvent({ kind: 'attach', device: desc });
          else this.log.warn({ port }, 'USB device attached but sysfs has no descriptor for it');
        });
        this.mod.usb.on('detach', (d) => onEvent({ kind: 'detach', port: sysfsPortName(d.busNumber, d.portNumbers ?? []) }));
      })
      .catch((err: unknown) => this.log.warn({ err: String(err) }, 'USB events unavailable (libusb failed to load); mount detection goes on'));
    return { available: true };
  }

  stop(): void {
    this.mod?.usb.removeAllListeners('attach');
    this.mod?.usb.removeAllListeners('detach');
  }
}
