/**
 * What a disc is made from: each recording's vault file, proved against the catalogue (size and
 * SHA-256) before anything is written, and the register's row source for it. A vault file that no
 * longer matches stops the build: the damage is the vault's, never the disc's, and the way back is
 * `evidence-vault repair` from a good copy (issue 12).
 */
import path from 'node:path';
import { errorCode, errorMessage, type Said } from '../core/errors.js';
import { gpsPlaceText, parseIso6709 } from '../core/gps-place.js';
import { fileProgress, type Progress } from '../core/progress.js';
import type { RegisterSource } from '../core/register-form.js';
import type { Recording } from '../core/types.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { MediaProbe } from '../adapters/media-probe.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';

export interface SourceFinding {
  id: number;
  vaultPath: string;
  problem: 'missing' | 'changed' | 'unreadable';
  detail: string;
}

/**
 * Hash every recording's vault file and compare it with the catalogue. Links are not followed (the
 * hash opens with O_NOFOLLOW): a link where a stored file was is damage too. Nothing is written.
 */
export async function checkSources(
  recordings: readonly Recording[],
  vaultRoot: string,
  hashFile: (file: string, onBytes?: (n: number) => void) => Promise<HashResult>,
  progress?: Progress,
): Promise<SourceFinding[]> {
  const findings: SourceFinding[] = [];
  for (const r of recordings) {
    const p = fileProgress(progress, r.size);
    try {
      const got = await hashFile(path.join(vaultRoot, r.vaultPath), p.onBytes);
      if (got.size !== r.size) findings.push({ id: r.id, vaultPath: r.vaultPath, problem: 'changed', detail: `${got.size} bytes, catalogue ${r.size} bytes` });
      else if (got.sha256 !== r.sha256) findings.push({ id: r.id, vaultPath: r.vaultPath, problem: 'changed', detail: `SHA-256 ${got.sha256}, catalogue ${r.sha256}` });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT') findings.push({ id: r.id, vaultPath: r.vaultPath, problem: 'missing', detail: 'no file at this path' });
      else if (code === 'ELOOP') findings.push({ id: r.id, vaultPath: r.vaultPath, problem: 'changed', detail: 'a link stands where the stored file was' });
      else findings.push({ id: r.id, vaultPath: r.vaultPath, problem: 'unreadable', detail: errorMessage(err) });
    } finally {
      p.done();
    }
  }
  return findings;
}

/** A finding's detail in Chinese: the sentences checkSources writes; a system error's text stays as it is. */
function detailZh(detail: string): string {
  if (detail === 'no file at this path') return '该路径下无文件';
  if (detail === 'a link stands where the stored file was') return '原文件处是一个链接';
  const size = /^(\d+) bytes, catalogue (\d+) bytes$/.exec(detail);
  if (size) return `${size[1]} 字节，目录记录 ${size[2]} 字节`;
  const hash = /^SHA-256 ([0-9a-f]+), catalogue ([0-9a-f]+)$/.exec(detail);
  if (hash) return `SHA-256 ${hash[1]}，目录记录 ${hash[2]}`;
  return detail;
}

/** The person's message for damaged sources: which recordings, where, and the commands that restore them. */
export function damagedSourcesText(findings: readonly SourceFinding[]): { message: Said; hint: Said } {
  const ids = findings.map((f) => f.id);
  const what = findings.map((f) => `recording ${f.id}: ${f.vaultPath} (${f.problem === 'missing' ? 'missing' : f.problem === 'changed' ? 'changed' : 'cannot be read'}: ${f.detail})`);
  const whatZh = findings.map((f) => `影像 ${f.id}：${f.vaultPath}（${f.problem === 'missing' ? '缺失' : f.problem === 'changed' ? '已改变' : '无法读取'}：${detailZh(f.detail)}）`);
  return {
    message: {
      zh: `影像 ${ids.join('、')} 的库内原始文件与目录记录不符——${whatZh.join('；')}。未制作光盘，--out 中未写入任何内容`,
      en:
        `the vault copy of ${ids.length === 1 ? 'recording' : 'recordings'} ${ids.join(', ')} no longer matches the catalogue — ${what.join('; ')}. ` +
        'No disc was made and nothing was written to --out',
    },
    hint: {
      zh: `不是光盘制作的问题：库内文件已损坏或缺失。先从完好副本（归档集或以前的光盘）恢复：evidence-vault repair ${ids.join(' ')}；再检查整个音像资料库：evidence-vault verify；然后重新制作光盘`,
      en:
        `The disc build is not at fault: the vault file is damaged or gone. Restore it from a good copy (an archive set or an earlier disc): evidence-vault repair ${ids.join(' ')}; ` +
        'then check the whole vault: evidence-vault verify; then build the disc again',
    },
  };
}

/** Extra register fields given on the command line. */
export interface SourceExtras {
  places?: ReadonlyMap<number, string>;
  officers?: ReadonlyMap<number, readonly string[]>;
  /** --operator NAME: the camera operator of every recording. */
  operator?: string;
}

/** One register row's facts: the catalogue, the file's own GPS tag, the registers, what was given. */
export async function registerSource(r: Recording, extras: SourceExtras, vaultRoot: string, deps: { probe: MediaProbe; registers: RegisterStore; cameraOperators?: { of(recordingId: number): string | null } }): Promise<RegisterSource> {
  const probed = await deps.probe.probe(path.join(vaultRoot, r.vaultPath));
  const point = probed.ok && probed.info.location ? parseIso6709(probed.info.location) : null;
  const wearer = r.officerId ? (deps.registers.officer(r.officerId) ?? null) : null;
  return {
    recording: r,
    discPath: r.vaultPath,
    device: r.deviceNumber ? (deps.registers.device(r.deviceNumber) ?? null) : null,
    wearer,
    otherOfficers: [...(extras.officers?.get(0) ?? []), ...(extras.officers?.get(r.id) ?? [])],
    metadataPlace: point ? gpsPlaceText(point) : null,
    givenPlace: extras.places?.get(r.id) ?? null,
    cameraOperator: extras.operator ?? deps.cameraOperators?.of(r.id) ?? null,
  };
}
