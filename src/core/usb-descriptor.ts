/**
 * What a USB device says about itself, as sysfs shows it (/sys/bus/usb/devices/<port>/idVendor,
 * idProduct, serial, …): read without opening the device. Pure: the adapter reads the attribute
 * files, this decides whether it is a recorder and which one.
 */
export interface UsbDescriptor {
  /** sysfs port name, e.g. "1-1.4". */
  port: string;
  vendorId: string; // 4 lower-case hex digits
  productId: string;
  serial: string | null;
  manufacturer: string | null;
  product: string | null;
}

/** Attribute files of one sysfs USB device folder, by file name. */
export type SysfsAttributes = Readonly<Record<string, string | undefined>>;

export function descriptorFromSysfs(port: string, attrs: SysfsAttributes): UsbDescriptor | null {
  const vendorId = attrs.idVendor?.trim().toLowerCase();
  const productId = attrs.idProduct?.trim().toLowerCase();
  // Interfaces (1-1.4:1.0) and root hubs' children without ids are not devices.
  if (!vendorId || !productId || !/^[0-9a-f]{4}$/.test(vendorId) || !/^[0-9a-f]{4}$/.test(productId)) return null;
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
  return { port, vendorId, productId, serial: text(attrs.serial), manufacturer: text(attrs.manufacturer), product: text(attrs.product) };
}

/** "vvvv:pppp" pairs from the config; refuses anything else so a typo is caught at start. */
export function parseUsbId(s: string): string | null {
  const m = /^([0-9a-fA-F]{4}):([0-9a-fA-F]{4})$/.exec(s.trim());
  return m ? `${m[1]!.toLowerCase()}:${m[2]!.toLowerCase()}` : null;
}

export type UsbVerdict =
  | { kind: 'recorder'; number: string }
  | { kind: 'unregistered-recorder'; reason: string }
  | { kind: 'not-a-recorder' };

/** A recorder model by its USB id; a registered recorder by its serial (R17: anything else is left alone). */
export function classifyUsbDevice(
  d: UsbDescriptor,
  recorderIds: ReadonlySet<string>,
  numberBySerial: (serial: string) => string | undefined,
): UsbVerdict {
  const registered = d.serial ? numberBySerial(d.serial) : undefined;
  if (registered) return { kind: 'recorder', number: registered };
  if (!recorderIds.has(`${d.vendorId}:${d.productId}`)) return { kind: 'not-a-recorder' };
  return { kind: 'unregistered-recorder', reason: d.serial ? `serial ${d.serial} is not in the register` : 'it reports no serial number' };
}
