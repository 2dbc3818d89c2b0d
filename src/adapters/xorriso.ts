/**
 * The one xorriso adapter: ISO 9660 level 3 + Rock Ridge + Joliet images with per-file MD5s, reading
 * them back, and burning. xorriso (libburnia) does all three and is in Debian; UDF is not needed.
 * `-md5 on` must come before -indev/-outdev, or the MD5 array is neither written nor loaded.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { errorMessage, UserError } from '../core/errors.js';
import { withOutputUmask } from './output-files.js';

export interface ImageEntry {
  /** A file on this machine. */
  source: string;
  /** Its path on the disc, forward slashes, no leading slash. */
  discPath: string;
}

export type Md5Check =
  | { ok: true }
  | { ok: false; reason: 'mismatch'; files: string[]; output: string }
  | { ok: false; reason: 'no-md5' | 'unreadable'; output: string };

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

const WRITE_OPTIONS = ['-compliance', 'iso_9660_level=3:joliet_long_names:joliet_long_paths', '-joliet', 'on', '-rockridge', 'on'];

/** xorriso quotes paths like a shell: 'a b/e'"'"'q.MP4'. */
export function unquoteXorriso(text: string): string {
  return unquoteWhole(text) ?? '';
}

/** As unquoteXorriso, but null unless `text` is quoted parts and nothing else (a name cut at a line break is not). */
function unquoteWhole(text: string): string | null {
  let out = '';
  const re = /'([^']*)'|"([^"]*)"/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    out += m[1] ?? m[2] ?? '';
    end = re.lastIndex;
  }
  return end === text.length && text.length > 0 ? out : null;
}

/**
 * A path on a disc this program reads as it is named: not empty, no empty, `.` or `..` part, no
 * control character (a line break in a name cuts xorriso's listing line in two).
 */
function plainDiscPath(p: string): boolean {
  // eslint-disable-next-line no-control-regex
  return p.length > 0 && !/[\u0000-\u001f\u007f\u2028\u2029]/.test(p) && p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** A file listed on a disc; `garbled`: its name is not one this program can read back or extract by (`path`: as much of it as xorriso's line held). */
export interface DiscFile {
  path: string;
  size: number;
  garbled?: true;
}

export class Xorriso {
  constructor(private readonly bin = 'xorriso') {}

  /** Write an image file holding `entries`; `onFraction` gets 0…1 as xorriso reports progress. */
  async buildImage(image: string, volumeId: string, entries: readonly ImageEntry[], onFraction?: (f: number) => void): Promise<void> {
    fs.rmSync(image, { force: true }); // a stale image would be appended to, not replaced
    const maps = entries.flatMap((e) => ['-map', e.source, '/' + e.discPath]);
    // On the disc every file is readable by whoever holds it (Rock Ridge modes), whatever the mode of
    // its source here (registers are 0640 on this PC); the image file itself is made under umask 0027.
    const modes = ['-chmod_r', 'a+r', '/', '--', '-find', '/', '-type', 'd', '-exec', 'chmod', 'a+x', '--'];
    const r = await this.run(['-report_about', 'UPDATE', '-md5', 'on', '-local_charset', 'UTF-8', '-outdev', image, '-volid', volumeId, ...WRITE_OPTIONS, ...maps, ...modes, '-commit'], (line) => {
      const m = /([\d.]+)%/.exec(line);
      if (m && /Writing|done/.test(line)) onFraction?.(Math.min(Number(m[1]) / 100, 1));
    });
    if (r.code !== 0) throw new Error(`xorriso could not write ${image}: ${lastLines(r.stderr)}`);
  }

  /** Compare every file with the MD5 recorded in the image (and the image's own tree checksums). */
  async checkMd5(dev: string): Promise<Md5Check> {
    const r = await this.run(['-md5', 'on', '-indev', dev, '-check_md5_r', 'sorry', '/', '--']);
    const output = r.stdout + r.stderr;
    if (/Not a single file with MD5 checksum was found/.test(output)) return { ok: false, reason: 'no-md5', output };
    if (r.code === 0 && /File contents and their MD5 checksums match/.test(output)) return { ok: true };
    const files = [...output.matchAll(/^MD5 MISMATCH: (.*)$/gm)].map((m) => unquoteXorriso(m[1]!).replace(/^\//, ''));
    return files.length ? { ok: false, reason: 'mismatch', files, output } : { ok: false, reason: 'unreadable', output };
  }

  async volumeId(dev: string): Promise<string | null> {
    requireDiscImage(dev);
    const r = await this.run(['-indev', dev, '-pvd_info']);
    if (r.code !== 0) throw new UserError({ zh: `无法将 ${dev} 作为光盘映像读取：${lastLines(r.stderr)}`, en: `cannot read ${dev} as a disc image: ${lastLines(r.stderr)}` }, { zh: '请核对路径，或确认光驱中有光盘。', en: 'Check the path, or that a disc is in the drive.' });
    return /^Volume Id\s*:\s*(.*)$/m.exec(r.stdout)?.[1]?.trim() || null;
  }

  /** Every file on the disc with its size, paths without the leading slash. */
  async listFiles(dev: string): Promise<DiscFile[]> {
    const r = await this.run(['-md5', 'on', '-indev', dev, '-find', '/', '-type', 'f', '-exec', 'report_lba', '--']);
    if (r.code !== 0) throw new Error(`xorriso could not list ${dev}: ${lastLines(r.stderr)}`);
    return [...r.stdout.matchAll(/^File data lba:\s*\d+\s*,\s*\d+\s*,\s*\d+\s*,\s*(\d+)\s*,\s*(.*)$/gm)].map((m) => {
      const text = m[2]!.trim();
      const path = unquoteWhole(text)?.replace(/^\//, '');
      return path !== undefined && plainDiscPath(path) ? { size: Number(m[1]), path } : { size: Number(m[1]), path: text.replace(/^['"]|['"]$/g, '').replace(/^\//, ''), garbled: true as const };
    });
  }

  /** Copy one file off the disc (osirrox); only a plain path (listFiles), never the disc's root or a folder by a `..`. */
  async extract(dev: string, discPath: string, target: string): Promise<void> {
    if (!plainDiscPath(discPath)) throw Object.assign(new Error(`${JSON.stringify(discPath)} is no file name this program extracts`), { code: 'EINVAL' });
    // -extract_single: a folder found at the path (a disc swapped since the listing) is made empty, its tree not unpacked.
    const r = await this.run(['-osirrox', 'on', '-indev', dev, '-extract_single', '/' + discPath, target]);
    if (r.code !== 0) throw new Error(`xorriso could not extract ${discPath} from ${dev}: ${lastLines(r.stderr)}`);
  }

  /** Burn an image file to the writable medium in `device`, then eject. */
  async burn(device: string, image: string, onFraction?: (f: number) => void): Promise<void> {
    let st: fs.Stats;
    try {
      st = fs.statSync(device);
    } catch {
      throw new UserError(
        { zh: `${device} 处没有光驱`, en: `no optical drive at ${device}` },
        { zh: '请接上刻录机并给出其设备，例如 --device /dev/sr0（查看：ls /dev/sr*）。', en: 'Plug in a disc burner and give its device, e.g. --device /dev/sr0 (see: ls /dev/sr*).' },
      );
    }
    if (!st.isBlockDevice()) throw new UserError({ zh: `${device} 不是光驱（不是块设备）`, en: `${device} is not a drive (not a block device)` }, { zh: '请给出刻录机的设备，例如 --device /dev/sr0。', en: 'Give the burner\'s device, e.g. --device /dev/sr0.' });
    const probe = await this.run(['-outdev', device, '-toc']);
    if (probe.code !== 0) throw new UserError(
        { zh: `${device} 不是可用的刻录机：${lastLines(probe.stderr)}`, en: `${device} is not a usable burner: ${lastLines(probe.stderr)}` },
        { zh: '请确认光驱可写，且放有空白或可擦写光盘。', en: 'Check that the drive can write and holds a blank or rewritable disc.' },
      );
    const r = await this.run(['-as', 'cdrecord', '-v', `dev=${device}`, 'blank=as_needed', '-eject', image], (line) => {
      const m = /([\d.]+)%/.exec(line);
      if (m) onFraction?.(Math.min(Number(m[1]) / 100, 1));
    });
    if (r.code !== 0) throw new UserError(
        { zh: `将 ${image} 刻录到 ${device} 失败：${lastLines(r.stderr)}`, en: `burning ${image} to ${device} failed: ${lastLines(r.stderr)}` },
        { zh: `请换一张空白光盘；然后运行：evidence-vault disc verify ${device}`, en: 'Try another blank disc; then run: evidence-vault disc verify ' + device },
      );
  }

  private run(args: string[], onLine?: (line: string) => void): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      // Images and extracted files are created without world bits (umask at least 0027).
      const child = withOutputUmask(() => spawn(this.bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C.UTF-8' } }));
      let stdout = '';
      let stderr = '';
      let partial = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr = (stderr + d).slice(-64 * 1024);
        if (!onLine) return;
        const lines = (partial + d).split(/\r?\n|\r/);
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      });
      child.on('error', (err) =>
        reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new UserError({ zh: '未安装 xorriso', en: 'xorriso is not installed' }, { zh: '请安装：apt-get install xorriso', en: 'Install it: apt-get install xorriso' }) : new Error(`xorriso: ${errorMessage(err)}`)),
      );
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }
}

function lastLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /FAILURE|SORRY|ERROR|FATAL|Cannot|cannot/.test(l))
    .slice(-3)
    .join(' | ') || text.trim().split('\n').slice(-2).join(' | ');
}

/** ISO 9660's standard identifier, at byte 1 of its first volume descriptor (sector 16). */
const ISO_MAGIC = { at: 16 * 2048 + 1, text: 'CD001' };

/**
 * Refuse, before xorriso reads it, a path that is no disc: nothing there (xorriso would answer with
 * the empty image it starts from, volume id ISOIMAGE), or a file that is not an ISO 9660 image. A
 * drive (a block device) is left to xorriso: with no disc in it, it says so.
 */
function requireDiscImage(dev: string): void {
  const checkPath = { zh: '请核对路径：光盘映像（.iso）或光驱（如 /dev/sr0）。', en: 'Check the path: a disc image (.iso) or a drive (such as /dev/sr0).' };
  let st: fs.Stats;
  try {
    st = fs.statSync(dev);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError({ zh: `${dev} 不存在`, en: `${dev} does not exist` }, checkPath);
    throw new UserError({ zh: `无法读取 ${dev}：${errorMessage(err)}`, en: `cannot read ${dev}: ${errorMessage(err)}` }, checkPath);
  }
  if (st.isBlockDevice()) return;
  const head = Buffer.alloc(ISO_MAGIC.text.length);
  let read = 0;
  if (st.isFile()) {
    const fd = fs.openSync(dev, 'r');
    try {
      read = fs.readSync(fd, head, 0, head.length, ISO_MAGIC.at);
    } finally {
      fs.closeSync(fd);
    }
  }
  if (read < head.length || head.toString('latin1') !== ISO_MAGIC.text) {
    throw new UserError({ zh: `${dev} 不是光盘映像（无 ISO 9660 标识）`, en: `${dev} is not a disc image (no ISO 9660 signature)` }, checkPath);
  }
}
