/**
 * Resource limits this process inherited. A caller can lower them before sudo (sudo lifts soft limits,
 * not a lowered hard one), and a file-size limit would cut the catalogue or the audit file mid-write.
 */
import fs from 'node:fs';

/** The soft file-size limit in bytes, null when unlimited or unknown (no /proc). */
export function fileSizeLimit(): number | null {
  const soft = softLimit('Max file size');
  return soft === undefined || soft === 'unlimited' ? null : Number(soft);
}

/**
 * Whether an address-space limit is set (`ulimit -v`, LimitAS=); true when it cannot be told (no
 * /proc): the caller then keeps to what needs no large reservation (io-rings.ts).
 */
export function addressSpaceLimited(): boolean {
  return softLimit('Max address space') !== 'unlimited';
}

/** The soft column of one line of /proc/self/limits ("unlimited" or a number); undefined when unknown. */
function softLimit(label: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
  const line = text.split('\n').find((l) => l.startsWith(label));
  return line?.slice(label.length).trim().split(/\s+/)[0];
}
