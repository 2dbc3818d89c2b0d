/**
 * Attribution (R8, R10, R17): a recording moved out of quarantine, or its recorder or officer
 * corrected, by a keeper of the registers with a reason. The bytes are never copied: the file gets
 * its new name in the right day and recorder folder (link, fsync, read back), the catalogue row and
 * its history change in one audited transaction, then the old name goes. Registers and case views
 * read the catalogue, so they show the correction from then on.
 */
import path from 'node:path';
import { errorCode, markRecorded, UserError, type Said } from '../core/errors.js';
import type { Recording, RecordingFlag } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import { checkFileName, recordingFolder, suffixedName } from '../core/vault-layout.js';
import type { Attribution } from '../adapters/catalog/attribution-store.js';
import type { LinkResult } from '../adapters/vault-relink.js';
import type { AuditTrail } from './audit-trail.js';

export interface AttributionDeps {
  recordings: { get(id: number): Recording | undefined };
  /** Refuses (77, on the record) a recording the operator may not see (R14): it is not theirs to change. */
  requireSight(action: string, recordingId: number): void;
  store: { apply(a: Attribution): void; history(id: number): Attribution[]; nameFree(vaultPath: string): boolean; disposed(id: number): boolean };
  registers: { device(number: string): unknown; officer(id: string): unknown };
  officers: { officerAt(deviceNumber: string, atMs: number): string | null };
  files: {
    /** Mark the file as work in flight while it has two names; the returned function ends that. */
    hold(vaultRoot: string, rel: string): Promise<() => void>;
    link(vaultRoot: string, fromRel: string, toRel: string): Promise<LinkResult>;
    unlinkOld(vaultRoot: string, oldRel: string, currentRel: string): Promise<boolean>;
  };
  caseViews: { refreshViewsOf(ids: readonly number[]): void };
  audit: Pick<AuditTrail, 'run' | 'refuse' | 'who'>;
  clock: UnitClock;
}

export interface AttributeRequest {
  ids: readonly number[];
  device: string;
  /** Else the officer the assignment register names for the recording's time, else the one it had. */
  officer?: string;
  reason: string;
}

export interface Attributed {
  id: number;
  from: { deviceNumber: string | null; officerId: string | null; vaultPath: string };
  to: { deviceNumber: string; officerId: string | null; vaultPath: string };
}

/** Flags attribution settles: the recorder is now known and registered. */
const SETTLED: readonly RecordingFlag[] = ['quarantined', 'unregistered-device'];

export class AttributionService {
  constructor(
    private readonly vaultRoot: string,
    private readonly deps: AttributionDeps,
  ) {}

  async attribute(req: AttributeRequest): Promise<{ attributed: Attributed[]; unchanged: number[] }> {
    const recordings = this.check(req);
    const attributed: Attributed[] = [];
    const unchanged: number[] = [];
    try {
      for (const r of recordings) {
        const done = await this.one(r, req);
        if (done) attributed.push(done);
        else unchanged.push(r.id);
      }
    } finally {
      if (attributed.length) this.deps.caseViews.refreshViewsOf(attributed.map((a) => a.id));
    }
    return { attributed, unchanged };
  }

  history(id: number): Attribution[] {
    return this.deps.store.history(id);
  }

  /** Everything is checked before anything moves: a typo refuses the whole request. */
  private check(req: AttributeRequest): Recording[] {
    const { audit, registers, store } = this.deps;
    const refuse = (message: Said, hint: Said) =>
      audit.refuse({ action: 'recordings.attribute', target: req.ids.join(','), details: { ids: req.ids, deviceNumber: req.device, officerId: req.officer ?? null, reason: req.reason } }, message, hint);
    if (!req.reason.trim()) refuse(
        { zh: '必须用 --reason 说明更正理由：为什么该影像属于这台执法记录仪', en: '--reason is required: say why the recording belongs to this recorder' },
        { zh: '例如 --reason "记录仪 0001234 电池更换后卷标丢失，经保管员核对"', en: 'e.g. --reason "记录仪 0001234 电池更换后卷标丢失，经保管员核对"' },
      );
    const folder = checkFileName(req.device);
    if (!folder.ok || folder.sanitized || !registers.device(req.device)) {
      refuse(
        { zh: `执法记录仪 ${req.device} 未登记`, en: `recorder ${req.device} is not in the register` },
        { zh: '请先登记（evidence-vault device add --number …），或核对编号：evidence-vault device list', en: 'Register it first (evidence-vault device add --number …), or check the number: evidence-vault device list' },
      );
    }
    if (req.officer !== undefined && !registers.officer(req.officer)) {
      refuse(
        { zh: `警号 ${req.officer} 未登记`, en: `officer ${req.officer} is not in the register` },
        { zh: '请先登记该民警（evidence-vault officer add），或核对警号：evidence-vault officer list', en: 'Add the officer first (evidence-vault officer add), or check the number: evidence-vault officer list' },
      );
    }
    return req.ids.map((id) => {
      const r = this.deps.recordings.get(id);
      if (!r) return refuse({ zh: `目录中无编号为 ${id} 的影像`, en: `no recording with id ${id}` }, { zh: '查找编号：evidence-vault recordings list --flag quarantined', en: 'Find ids with: evidence-vault recordings list --flag quarantined' });
      if (store.disposed(id)) return refuse(
          { zh: `影像 ${id} 已删除/销毁，其归属不能再更改`, en: `recording ${id} was disposed of; its attribution can no longer change` },
          { zh: `其销毁记录保留原貌：evidence-vault recordings show ${id}`, en: 'Its tombstone keeps what it was: evidence-vault recordings show ' + id },
        );
      this.deps.requireSight('recordings.attribute', id);
      return r;
    });
  }

  private async one(r: Recording, req: AttributeRequest): Promise<Attributed | null> {
    const { officers } = this.deps;
    const officerId = req.officer ?? officers.officerAt(req.device, Date.parse(r.startedAt)) ?? r.officerId;
    const flags = r.flags.filter((f) => !SETTLED.includes(f) && !(req.officer !== undefined && f === 'officer-mismatch'));
    if (!flags.includes('attributed')) flags.push('attributed');
    const folder = recordingFolder(r.localDate, req.device);
    if (r.deviceNumber === req.device && r.officerId === officerId && path.posix.dirname(r.vaultPath) === folder) {
      await this.tidyOldNames(r);
      return null;
    }
    let release: () => void;
    try {
      release = await this.deps.files.hold(this.vaultRoot, r.vaultPath);
    } catch (err) {
      if (errorCode(err) === 'ENOENT' && this.deps.recordings.get(r.id)?.vaultPath !== r.vaultPath) this.changedMeanwhile(r);
      throw err;
    }
    try {
      return await this.move(r, req, { officerId, flags, folder });
    } finally {
      release();
    }
  }

  /**
   * A run killed after its commit leaves the old name beside the new one (one file, two names): a
   * rerun of the same attribution removes it, only while it is still another name of this very file
   * and no recording or copy in flight uses it.
   */
  private async tidyOldNames(r: Recording): Promise<void> {
    for (const a of this.deps.store.history(r.id)) {
      if (a.oldVaultPath === r.vaultPath || !this.deps.store.nameFree(a.oldVaultPath)) continue;
      await this.deps.files.unlinkOld(this.vaultRoot, a.oldVaultPath, r.vaultPath);
    }
  }

  /** Another command moved or changed the recording since it was read: refuse it, naming where it is now. */
  private changedMeanwhile(r: Recording): never {
    const now = this.deps.recordings.get(r.id);
    throw markRecorded(
      new UserError(
        {
          zh: `本命令运行期间，影像 ${r.id} 已被另一命令更改（现位于 ${now?.vaultPath ?? '?'}，执法记录仪 ${now?.deviceNumber ?? '?'}）；本次请求未更改它`,
          en: `recording ${r.id} was changed by another command while this one ran (now at ${now?.vaultPath ?? '?'}, recorder ${now?.deviceNumber ?? '?'}); this request did not change it`,
        },
        { zh: `请重新查看，如仍需要再运行：evidence-vault recordings show ${r.id}`, en: `Look at it again, then rerun if still needed: evidence-vault recordings show ${r.id}` },
        75,
      ),
    );
  }

  private async move(r: Recording, req: AttributeRequest, next: { officerId: string | null; flags: RecordingFlag[]; folder: string }): Promise<Attributed> {
    const { clock, audit } = this.deps;
    const { officerId, flags } = next;
    const vaultPath = await this.newName(r, next.folder);
    const change: Attribution = {
      recordingId: r.id,
      at: clock.nowIso(),
      by: audit.who.operator,
      reason: req.reason.trim(),
      oldDeviceNumber: r.deviceNumber,
      newDeviceNumber: req.device,
      oldOfficerId: r.officerId,
      newOfficerId: officerId,
      oldVaultPath: r.vaultPath,
      newVaultPath: vaultPath,
      oldFlags: r.flags,
      newFlags: flags,
    };
    const from = { deviceNumber: r.deviceNumber, officerId: r.officerId, vaultPath: r.vaultPath };
    const to = { deviceNumber: req.device, officerId, vaultPath };
    try {
      audit.run({ action: 'recordings.attribute', target: vaultPath, details: { recordingId: r.id, from, to, reason: change.reason } }, () => this.deps.store.apply(change));
    } catch (err) {
      // Another attribution committed first: the name just made must not stay behind uncatalogued.
      const now = this.deps.recordings.get(r.id);
      if (vaultPath !== r.vaultPath && now && now.vaultPath !== vaultPath) await this.deps.files.unlinkOld(this.vaultRoot, vaultPath, now.vaultPath);
      if (now && now.vaultPath !== r.vaultPath) this.changedMeanwhile(r);
      throw err;
    }
    if (vaultPath !== r.vaultPath) await this.deps.files.unlinkOld(this.vaultRoot, r.vaultPath, vaultPath);
    return { id: r.id, from, to };
  }

  /** The recording's name in its new folder (suffixed if taken), linked and read back. */
  private async newName(r: Recording, folder: string): Promise<string> {
    const name = path.posix.basename(r.vaultPath);
    for (let n = 1; ; n++) {
      const rel = `${folder}/${suffixedName(name, n)}`;
      if (rel === r.vaultPath) return rel;
      if (!this.deps.store.nameFree(rel)) continue;
      let linked: LinkResult;
      try {
        linked = await this.deps.files.link(this.vaultRoot, r.vaultPath, rel);
      } catch (err) {
        if (errorCode(err) === 'ENOENT' && this.deps.recordings.get(r.id)?.vaultPath !== r.vaultPath) this.changedMeanwhile(r);
        throw err;
      }
      if (!linked.linked) continue;
      if (linked.sha256 !== r.sha256 || linked.size !== r.size) {
        await this.deps.files.unlinkOld(this.vaultRoot, rel, r.vaultPath);
        throw new UserError(
          { zh: `影像 ${r.id}（${r.vaultPath}）与目录记录不符，未移动`, en: `recording ${r.id} at ${r.vaultPath} no longer matches the catalogue; it was not moved` },
          { zh: `请先从完好副本修复：evidence-vault repair ${r.id}`, en: `Repair it from a good copy first: evidence-vault repair ${r.id}` },
          1,
        );
      }
      return rel;
    }
  }
}
