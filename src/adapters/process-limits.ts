/**
 * Resource limits this process inherited. A caller can lower them before sudo (sudo lifts soft limits,
 * not a lowered hard one), and a file-size limit would cut the catalogue or the audit file mid-write.
 */
import fs from 'node:fs';

/** The soft file-size limit in bytes, null when unlimited or unknown (no /proc). */
export function fileSizeLimit(): number | null {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return null;
  }
  const line = text.split('\n').find((l) => l.startsWith('Max file size'));
  const soft = line?.slice('Max file size'.length).trim().split(/\s+/)[0];
  return soft === undefined || soft === 'unlimited' ? null : Number(soft);
}
