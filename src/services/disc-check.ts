/**
 * After a disc leaves the builder: read it back against the catalogue (`disc verify`) and burn an
 * image to a writable disc (`disc burn`). Both audited, refusals and failures too.
 */
import { findAnchorInText, type AnchorResult, type ChainHead } from '../core/audit-anchor.js';
import { README_FILE, REGISTER_HTML } from '../core/disc-contents.js';
import { errorMessage, isRecorded, UserError } from '../core/errors.js';
import type { SightCheck } from './access-clearance.js';
import type { DiscRecord, DiscStore } from '../adapters/catalog/disc-store.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { Scratch } from '../adapters/local-files.js';
import type { Progress } from '../core/progress.js';
import type { Xorriso } from '../adapters/xorriso.js';
import type { AuditTrail } from './audit-trail.js';
import { checkAnchors } from './anchor-check.js';
import { readBackDisc, type DiscProblem } from './disc-readback.js';

export interface DiscVerifyReport {
  source: string;
  disc: string;
  registerNumber: string;
  ok: boolean;
  md5: string;
  files: number;
  checked: number;
  bytes: number;
  problems: DiscProblem[];
  /** The chain head the disc carries (its README.txt), null when it carries none. */
  chainHead: ChainHead | null;
  /** That head against this PC's live audit trail (empty when the disc carries none). */
  anchors: AnchorResult[];
}

export class DiscCheckService {
  constructor(
    private readonly discs: DiscStore,
    private readonly xorriso: Xorriso,
    private readonly audit: AuditTrail,
    private readonly hashFile: (file: string) => Promise<HashResult>,
    private readonly files: { scratch: (prefix: string) => Scratch; exists: (file: string) => boolean },
    /** R14: who burns a disc sees its footage (access-clearance.ts). */
    private readonly sight?: SightCheck,
  ) {}

  async verify(source: string, progress?: Progress): Promise<DiscVerifyReport> {
    let disc: DiscRecord | undefined;
    try {
      const volumeId = await this.xorriso.volumeId(source);
      disc = volumeId ? this.discs.byVolumeId(volumeId) : undefined;
      if (!disc) throw new UserError(
          { zh: `${source} 不是本音像资料库制作的光盘（卷标 ${volumeId ?? '无'}）`, en: `${source} is not a disc this vault made (volume id ${volumeId ?? 'none'})` },
          { zh: '查看本处制作的光盘：evidence-vault disc list', en: 'See the discs made here: evidence-vault disc list' },
        );
      const expected = this.discs.files(disc.id);
      const r = await readBackDisc({ xorriso: this.xorriso, hashFile: this.hashFile, scratch: this.files.scratch }, source, expected, progress);
      const chainHead = await this.chainHead(source);
      const anchors = chainHead ? checkAnchors(this.audit.store, [{ ...chainHead, source }]) : [];
      const report: DiscVerifyReport = {
        source,
        disc: disc.number,
        registerNumber: disc.registerNumber,
        ok: r.problems.length === 0 && anchors.every((a) => a.ok),
        md5: r.md5,
        files: expected.length,
        checked: r.checked,
        bytes: r.bytes,
        problems: r.problems,
        chainHead,
        anchors,
      };
      this.audit.record({
        action: 'disc.verify',
        target: disc.number,
        outcome: 'ok',
        details: { source, ok: report.ok, md5: r.md5, checked: r.checked, problems: r.problems.map((p) => ({ path: p.path, kind: p.kind })), anchors },
      });
      return report;
    } catch (err) {
      this.audit.record({ action: 'disc.verify', target: disc?.number ?? source, outcome: err instanceof UserError ? 'refused' : 'failed', details: { source, error: errorMessage(err) } });
      throw err;
    }
  }

  /** The audit chain head a disc carries: from its note (README.txt), else its register page. */
  async chainHead(dev: string): Promise<ChainHead | null> {
    const work = this.files.scratch('ev-disc-head-');
    try {
      for (const name of [README_FILE, REGISTER_HTML]) {
        const target = work.path(name);
        try {
          await this.xorriso.extract(dev, name, target);
        } catch {
          continue; // not on this disc, or not a disc: try the next place
        }
        const head = findAnchorInText(work.readText(name));
        if (head) return head;
      }
      return null;
    } finally {
      work.close();
    }
  }

  /** Burn a catalogued disc's image (checked against its recorded hash first). */
  async burn(device: string, discNumber: string, progress?: Progress): Promise<{ disc: string; device: string; image: string }> {
    try {
      const disc = this.discs.byNumber(discNumber);
      if (!disc) throw new UserError({ zh: `没有编号为 ${discNumber} 的光盘`, en: `no disc numbered ${discNumber}` }, { zh: '查看光盘：evidence-vault disc list', en: 'See: evidence-vault disc list' });
      const recordings = [...new Set(this.discs.files(disc.id).flatMap((f) => (f.recordingId === null ? [] : [f.recordingId])))];
      this.sight?.({ action: 'disc.burn', target: disc.number, details: { device, recordings } }, recordings);
      if (!this.files.exists(disc.imagePath)) throw new UserError({ zh: `光盘 ${disc.number} 的映像已不存在：${disc.imagePath}`, en: `the image of disc ${disc.number} is gone: ${disc.imagePath}` }, { zh: '请重新制作光盘：evidence-vault disc build …', en: 'Build the disc again: evidence-vault disc build …' });
      const h = await this.hashFile(disc.imagePath);
      if (h.sha256 !== disc.imageSha256) throw new UserError({ zh: `光盘 ${disc.number} 制作后其映像 ${disc.imagePath} 已被改变`, en: `the image ${disc.imagePath} has changed since disc ${disc.number} was built` }, { zh: '请勿刻录；重新制作光盘。', en: 'Do not burn it; build the disc again.' });
      progress?.start(1, disc.imageSize);
      let done = 0;
      await this.xorriso.burn(device, disc.imagePath, (f) => {
        const now = Math.floor(f * disc.imageSize);
        if (now > done) progress?.bytes(now - done);
        done = Math.max(done, now);
      });
      progress?.stop();
      this.audit.record({ action: 'disc.burn', target: disc.number, details: { device, image: disc.imagePath, imageSha256: disc.imageSha256 } });
      return { disc: disc.number, device, image: disc.imagePath };
    } catch (err) {
      progress?.stop();
      if (!isRecorded(err)) this.audit.record({ action: 'disc.burn', target: discNumber, outcome: err instanceof UserError ? 'refused' : 'failed', details: { device, error: errorMessage(err) } });
      throw err;
    }
  }

  list(): DiscRecord[] {
    return this.discs.list();
  }
}
