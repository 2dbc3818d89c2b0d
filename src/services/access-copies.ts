/**
 * The copies a grant gives (R13, P27): a working copy in the vault's access folder (view, public use)
 * or a copy onto removable media (copy), both from verified originals with a manifest naming the
 * grant. Their withdrawal and the end of a grant are access-ending.ts's.
 */
import path from 'node:path';
import { accessState, accessTarget, purposeWithZh, copyFolderName, copyName, manifestJson, sha256sums, type AccessRequest, type ManifestFile } from '../core/access-request.js';
import { errorMessage, UserError, type Said } from '../core/errors.js';
import { EXIT_DISK_FULL, isDiskFull } from '../core/disk-full.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AccessStore, LiveGrant } from '../adapters/catalog/access-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { CopyFolder } from '../adapters/working-copy.js';
import type { AuditTrail } from './audit-trail.js';
import { EXIT_REFUSED } from './command-session.js';
import { changedMeanwhile, copyBeingMade, endedMeanwhile, mediumFull } from '../core/i18n/access-copy-messages.js';

/** Busy: another command is making the same working copy (as sysexits' EX_TEMPFAIL: try again later). */
const EXIT_BUSY = 75;

export interface AccessCopySettings {
  vaultRoot: string;
  /** Where working copies go: chosen by the configuration, never by the caller. */
  copiesRoot: string;
}

export interface AccessCopyFiles {
  /** A fresh copy folder; `workingCopy`: under the copies' root (which others may pass, not list), not on media. */
  start(parent: string, name: string, workingCopy: boolean): Promise<CopyFolder>;
  remove(dir: string): Promise<boolean>;
  exists(dir: string): boolean;
  /** Whether a folder is the mount point of removable media (not the vault's file system). */
  media(dir: string): { ok: true; real: string; fsType: string } | { ok: false; problem: Said };
  /** A copy whose source did not match the catalogue. */
  isSourceMismatch(err: unknown): err is Error & { source: string };
  /** Give a finished working copy to the group of `role` (its files 0440, the folder 0750). */
  handTo(folder: string, role: string | null): Promise<void>;
  /** Give it to one account alone (secret footage, R14): the service's own group, the account by ACL. */
  handToAccount(folder: string, osUser: string): Promise<void>;
}

export interface AccessCopyDeps {
  store: AccessStore;
  recordings: RecordingStore;
  files: AccessCopyFiles;
  audit: AuditTrail;
  clock: UnitClock;
  /** One catalogue write transaction: a grant's end and its entry commit together, once. */
  transaction: <T>(fn: () => T) => T;
  /** The role whose group may read a requester's working copies (null: none; the service account's alone). */
  readerRole(operator: string): string | null;
  /** Whether `who` is cleared for every recording now (the operator making a copy). */
  clearedFor(who: string, recordingIds: readonly number[]): boolean;
  /** Whether any of the recordings is secret now (commercial or state): its copy is the requester's alone. */
  secret(recordingIds: readonly number[]): boolean;
  /** This process, as the catalogue knows it while it makes a working copy (process-identity.ts). */
  runner: { token: string; alive: (token: string) => boolean };
  /** Of a grant's recordings, those above its approver's or requester's clearance now (classified, or a clearance lowered, since: R14). */
  uncovered(grant: LiveGrant): number[];
}

export class AccessCopies {
  constructor(
    private readonly settings: AccessCopySettings,
    private readonly deps: AccessCopyDeps,
  ) {}

  exists(dir: string): boolean {
    return this.deps.files.exists(dir);
  }

  /** Whether any of the recordings is secret now: a working copy of them is its requester's alone. */
  secret(recordingIds: readonly number[]): boolean {
    return this.deps.secret(recordingIds);
  }

  /**
   * The grant's working copy under copiesRoot: made once; a leftover of an interrupted attempt is
   * replaced. One command at a time makes it: a second (an approval and an `access copy`, or two
   * custodians) is refused while the first is at it, rather than removing its folder half-made.
   */
  async makeWorkingCopy(r: AccessRequest): Promise<string> {
    if (r.copyPath && this.exists(r.copyPath)) return r.copyPath;
    const { token, alive } = this.deps.runner;
    const holder = this.deps.store.claimCopy(r.id, token, alive);
    if (holder) {
      const { message, hint } = copyBeingMade(r.id, holder.split(':')[0]!);
      this.deps.audit.refuse({ action: 'access.copy', target: accessTarget(r.id), details: { recordings: r.recordingIds, purpose: r.purpose, heldBy: holder } }, message, hint, EXIT_BUSY);
    }
    try {
      // Made by the holder before us while we waited for the claim.
      const now = this.deps.store.get(r.id);
      if (now?.copyPath && this.exists(now.copyPath)) return now.copyPath;
      return await this.makeClaimed(r);
    } finally {
      this.deps.store.releaseCopy(r.id, token);
    }
  }

  private async makeClaimed(r: AccessRequest): Promise<string> {
    const name = copyFolderName(r.id);
    const final = path.join(this.settings.copiesRoot, name);
    // The requester reads it with their own account: through their role's group, or, where the footage
    // is secret (R14), alone, since others of that group may hold no clearance for it.
    const alone = this.deps.secret(r.recordingIds);
    const readers = alone ? `account:${r.requestedBy}` : this.deps.readerRole(r.requestedBy);
    const details = { recordings: r.recordingIds, purpose: r.purpose, folder: final, readers };
    return this.deps.audit.act({ action: 'access.copy', target: accessTarget(r.id), details }, async () => {
      // Published but never catalogued (a crash between the two): not trusted, made again.
      if (this.exists(final)) await this.deps.files.remove(final);
      const files = await this.write(r, this.settings.copiesRoot, name, true);
      try {
        if (alone) await this.deps.files.handToAccount(files.folder, r.requestedBy);
        else await this.deps.files.handTo(files.folder, this.deps.readerRole(r.requestedBy));
      } catch (err) {
        await this.deps.files.remove(files.folder).catch(() => undefined);
        throw err;
      }
      try {
        this.deps.audit.run({ action: 'access.copy', target: accessTarget(r.id), details: { ...details, files: files.made } }, () => {
          this.stillCovered(r, alone);
          this.deps.store.setCopy(r.id, files.folder);
        });
      } catch (err) {
        await this.deps.files.remove(files.folder).catch(() => undefined);
        throw err;
      }
      return files.folder;
    });
  }

  /** `access copy ID --to DIR` (purpose copy, P27): the copy and manifest onto removable media. */
  async copyToMedia(r: AccessRequest, to: string): Promise<{ folder: string; files: ManifestFile[] }> {
    const base = { recordings: r.recordingIds, purpose: r.purpose, to };
    if (r.purpose !== 'copy') {
      this.deps.audit.refuse(
        { action: 'access.copy', target: accessTarget(r.id), details: base },
        {
          zh: `拒绝：授权 ${r.id} 的用途为 ${purposeWithZh(r.purpose)}，而非 ${purposeWithZh('copy')}：该授权不允许复制到介质`,
          en: `refused: access ${r.id} is for purpose ${r.purpose}, not copy: it does not allow a copy onto media`,
        },
        { zh: '请以 --purpose copy 重新申请。', en: 'File a request with --purpose copy.' },
        EXIT_REFUSED,
      );
    }
    const media = this.deps.files.media(to);
    if (!media.ok) {
      this.deps.audit.refuse(
        { action: 'access.copy', target: accessTarget(r.id), details: { ...base, problem: media.problem.en } },
        { zh: `拒绝：--to ${to} ${media.problem.zh}`, en: `refused: --to ${to} ${media.problem.en}` },
        {
          zh: '请挂载移动介质（U 盘、SD 卡），并给出其挂载点本身，例如 --to /media/usb0。',
          en: 'Mount the removable medium (USB disk, SD card) and give its mount point itself, e.g. --to /media/usb0.',
        },
        EXIT_REFUSED,
      );
    }
    const name = `access-grant-${r.id}`;
    return this.deps.audit.act({ action: 'access.copy', target: accessTarget(r.id), details: base }, async () => {
      if (this.exists(path.join(media.real, name))) {
        throw new UserError(
          { zh: `${path.join(media.real, name)} 已在该介质上：介质上已有该授权的副本`, en: `${path.join(media.real, name)} is already on this medium` },
          { zh: '一项授权在一个介质上只复制一次；请换一个介质，或先删除该介质上的旧副本。', en: 'A grant is copied once onto a medium; use another medium, or remove the old copy there first.' },
        );
      }
      const files = await this.write(r, media.real, name, false).catch((err: unknown) => {
        // The medium's disk, not the vault's: the general "disk full" names the vault and the catalogue.
        if (!isDiskFull(err)) throw err;
        const { message, hint } = mediumFull(media.real);
        throw new UserError(message, hint, EXIT_DISK_FULL);
      });
      try {
        this.deps.audit.run({ action: 'access.copy', target: accessTarget(r.id), details: { ...base, folder: files.folder, fsType: media.fsType, files: files.made } }, () => {
          this.stillCovered(r, null);
          this.deps.store.addMediaCopy(r.id, files.folder, this.deps.clock.nowIso(), this.deps.audit.who.operator);
        });
      } catch (err) {
        await this.deps.files.remove(files.folder).catch(() => undefined);
        throw err;
      }
      return { folder: files.folder, files: files.made };
    });
  }

  /**
   * Decided again as a copy is named, under the catalogue's write lock (R14): footage classified, or a
   * clearance lowered, while it was made means it goes (a classification either came first and is
   * seen here, or withdraws the copy named now), and so does the grant's end (a sweep ending it
   * meanwhile found no copy named). `alone`: whether it was made for the requester alone.
   */
  private stillCovered(r: AccessRequest, alone: boolean | null): void {
    // Ended meanwhile (its requester deactivated, its last day passed): the sweep that ended it saw no copy to remove.
    const now = this.deps.store.get(r.id);
    if (!now || accessState(now, this.deps.clock.now().getTime()) !== 'live') throw new UserError(endedMeanwhile(r.id).message, endedMeanwhile(r.id).hint, 1);
    const grant = { id: r.id, decidedBy: r.decidedBy ?? '', requestedBy: r.requestedBy, recordingIds: new Set(r.recordingIds) };
    const changed = this.deps.uncovered(grant).length > 0 || !this.deps.clearedFor(this.deps.audit.who.operator, r.recordingIds) || (alone !== null && this.deps.secret(r.recordingIds) !== alone);
    if (changed) throw new UserError(changedMeanwhile(r.id).message, changedMeanwhile(r.id).hint, 1);
  }

  /** Copy every recording of the grant, verified against the catalogue, plus MANIFEST.json and SHA256SUMS; nothing is left on failure. */
  private async write(r: AccessRequest, parent: string, name: string, workingCopy: boolean): Promise<{ folder: string; made: ManifestFile[] }> {
    const folder = await this.deps.files.start(parent, name, workingCopy);
    try {
      const made: ManifestFile[] = [];
      for (const id of r.recordingIds) {
        const rec = this.deps.recordings.get(id);
        if (!rec) throw new UserError({ zh: `影像 ${id} 已不在目录中`, en: `recording ${id} is no longer in the catalogue` }, 'evidence-vault recordings show ' + id);
        const fileName = copyName(id, rec.vaultPath);
        try {
          const got = await folder.copyVerified(path.join(this.settings.vaultRoot, rec.vaultPath), fileName, rec.sha256);
          made.push({ recordingId: id, name: fileName, sha256: got.sha256, size: got.size });
        } catch (err) {
          if (!this.deps.files.isSourceMismatch(err) && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          throw new UserError(
            {
              zh: `影像 ${id} 的原始文件（${rec.vaultPath}）与目录不符或缺失：未复制（${errorMessage(err)}）`,
              en: `the original of recording ${id} (${rec.vaultPath}) does not match the catalogue or is missing: nothing was copied (${errorMessage(err)})`,
            },
            {
              zh: '请运行 evidence-vault verify，再对该影像运行 evidence-vault repair；之后重新申请复制。',
              en: 'Run evidence-vault verify, then evidence-vault repair for that recording; request the copy again after.',
            },
          );
        }
      }
      const header = {
        grantId: r.id,
        purpose: r.purpose,
        beneficiary: r.beneficiary,
        requestedBy: r.requestedBy,
        approvedBy: r.decidedBy ?? '',
        until: r.untilDate,
        endsAt: r.endsAt,
        madeAt: this.deps.clock.nowIso(),
      };
      await folder.writeText('MANIFEST.json', manifestJson(header, made));
      await folder.writeText('SHA256SUMS', sha256sums(made));
      return { folder: await folder.publish(), made };
    } catch (err) {
      await folder.discard().catch(() => undefined);
      throw err;
    }
  }
}
