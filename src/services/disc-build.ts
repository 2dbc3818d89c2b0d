/**
 * Evidence discs (R12(2)): recordings of a case → one or more ISO images, each with its own
 * synchronized recording register (HTML, PDF, CSV, JSON), SHA256SUMS and a note for the recipient.
 * Every image is read back and checked against the catalogue before it is numbered into it.
 */
import { classifiedMeanwhile } from '../core/i18n/access-copy-messages.js';
import { NO_GRANT_USED } from './access-gate.js';
import { randomUUID } from 'node:crypto';
import type { RegisterForm, RegisterCase, RegisterSource } from '../core/register-form.js';
import { bytesOnDisc, DISC_RESERVE_BYTES, MEDIUM_CAPACITY, planDiscs, type Medium } from '../core/disc-plan.js';
import { formatBytes } from '../core/progress.js';
import { UserError } from '../core/errors.js';
import { evidenceHoldNote } from '../core/evidence-hold-note.js';
import type { Recording } from '../core/types.js';
import type { DiscFile } from '../adapters/catalog/disc-store.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { AuditTrail } from './audit-trail.js';
import type { BuildPlan, BuiltDisc, DiscBuildDeps, DiscBuildRequest, DiscBuildResult, DiscBuildSettings } from './disc-build-types.js';
import { buildDiscImage, type DiscImageTools } from './disc-image.js';
import { discFailure } from './disc-failure.js';
import { discPlace, publishDisc, removeOrphanedParts, takenFinalNames, type DiscPlace } from './disc-names.js';
import { checkSources, damagedSourcesText, registerSource } from './disc-sources.js';
import { cameraOperatorName } from './camera-operators.js';

export type { BuiltDisc, DiscBuildDeps, DiscBuildRequest, DiscBuildResult, DiscBuildSettings, DiscSelection, HoldPlacer } from './disc-build-types.js';

export class DiscBuildService {
  constructor(
    private readonly settings: DiscBuildSettings,
    private readonly deps: DiscBuildDeps,
  ) {}

  private get audit(): AuditTrail {
    return this.deps.audit;
  }

  async build(req: DiscBuildRequest): Promise<DiscBuildResult> {
    const target = 'caseNumber' in req.selection ? `case ${req.selection.caseNumber}` : `recordings ${req.selection.recordingIds.join(',')}`;
    // Bad input is a refusal on the record; anything else a failure; each once.
    return this.audit.act({ action: 'disc.build', target, details: { outDir: req.outDir } }, () => this.buildAudited(req, target), { userErrorsAre: 'refused' });
  }

  private async buildAudited(request: DiscBuildRequest, target: string): Promise<DiscBuildResult> {
    // --out is resolved once: never the vault's own folders, and on an installed PC nowhere a person could swap.
    const place = this.settings.protectedPaths.output(request.outDir);
    if (!place.ok) {
      throw new UserError(
        { zh: `输出位置不安全：--out ${request.outDir} ${place.problemSaid.zh}`, en: `--out ${request.outDir} ${place.problem}` },
        { zh: '光盘映像应写在只有服务账户可写的位置（见 README）。本次尝试已记录。', en: 'Write the disc image where only the service account can write (see README). The attempt is recorded.' },
        77,
      );
    }
    const req = { ...request, outDir: place.real, ...(request.operator === undefined ? {} : { operator: cameraOperatorName(request.operator) }) };
    const { caseInfo, recordings } = this.select(req);
    const grant = this.deps.grants?.require('evidence', recordings.map((r) => r.id), { action: 'disc.build', target, details: { outDir: req.outDir } }) ?? NO_GRANT_USED;
    const { secret } = grant;
    const capacity = req.capacityBytes ?? MEDIUM_CAPACITY[req.medium];
    const plan = planDiscs(recordings.map((r) => ({ id: r.id, size: r.size })), capacity);
    if (!plan.ok) {
      throw new UserError(
        plan.tooLarge.length
          ? {
              zh: `影像 ${plan.tooLarge.map((i) => `${i.id}（${i.size} 字节）`).join('、')} 放不进一张 ${req.medium} 光盘（可用 ${plan.room} 字节）`,
              en: `recording(s) ${plan.tooLarge.map((i) => `${i.id} (${i.size} bytes)`).join(', ')} do not fit on one ${req.medium} disc (${plan.room} bytes of room)`,
            }
          : {
              zh: `容量 ${capacity} 字节，除去记录表和文件系统（${DISC_RESERVE_BYTES} 字节）后已无空间`,
              en: `a capacity of ${capacity} bytes leaves no room beside the register and file system (${DISC_RESERVE_BYTES} bytes)`,
            },
        { zh: '请选择更大的介质：--medium dvd-dl、bd 或 bd-dl。影像不会被拆分。', en: 'Choose a larger medium: --medium dvd-dl, bd or bd-dl. A recording is never cut.' },
      );
    }
    const now = this.deps.clock.now();
    const issuedAt = this.deps.clock.iso(now);
    const year = this.deps.clock.localDate(now).slice(0, 4);
    const buildId = randomUUID();
    const places = this.deps.discs.nextSequence(year, plan.discs.length).map((seq) => discPlace(req.outDir, `GP${year}-${String(seq).padStart(4, '0')}`, this.deps.publisher.pid, buildId.slice(0, 8)));
    const outKind = await this.deps.publisher.kind(req.outDir);
    if (outKind !== null && outKind !== 'folder') throw new UserError(
        { zh: `--out ${req.outDir} 是${outKind === 'file' ? '文件' : '特殊文件'}，不是文件夹`, en: `--out ${req.outDir} is a ${outKind === 'file' ? 'file' : 'special file'}, not a folder` },
        { zh: '请给出一个文件夹（不存在时会创建）。', en: 'Give a folder (it is made if it is not there).' },
      );
    // A final name already in --out is never overwritten (disc-names.ts says how one can be there).
    const taken = await takenFinalNames(this.deps.publisher, places);
    if (taken.length) {
      throw new UserError(
        {
          zh: `--out 中已有 ${taken.join('、')}，但目录中没有光盘 ${places.map((p) => p.number).join('、')}：它从未发出（某次制作在命名后、编目前中止，或是手工放入的文件）；未覆盖`,
          en: `${taken.join(', ')} already in --out, but the catalogue has no disc ${places.map((p) => p.number).join(', ')}: it was never issued (a build stopped after naming it, before cataloguing it, or a file put there by hand)`,
        },
        {
          zh: `未写入任何内容。请将其移开（例如 mv ${taken[0]} ${taken[0]}.uncatalogued），或另选 --out；然后重新制作。`,
          en: `Nothing was written. Move it out of the way (e.g. mv ${taken[0]} ${taken[0]}.uncatalogued), or choose another --out; then build again.`,
        },
      );
    }
    // Room for every image and its register folder, before anything is written.
    const need = plan.discs.reduce((n, items) => n + items.reduce((m, it) => m + bytesOnDisc(it.size), 0) + 2 * DISC_RESERVE_BYTES, 0);
    const free = this.deps.freeSpace(req.outDir);
    if (free.bytes < need) {
      throw new UserError(
        {
          zh: `输出位置空间不足：光盘映像约需 ${formatBytes(need)}（${need} 字节），但 ${free.checkedAt} 仅剩 ${formatBytes(free.bytes)}（${free.bytes} 字节）`,
          en: `the disc image(s) need about ${formatBytes(need)} (${need} bytes) but ${free.checkedAt} has ${formatBytes(free.bytes)} (${free.bytes} bytes) free`,
        },
        { zh: '请在该处腾出空间或另选 --out。未写入任何内容。', en: 'Free space there or choose another --out. Nothing was written.' },
      );
    }
    const totalBytes = recordings.reduce((n, r) => n + r.size, 0);
    // The check reads every source once; each disc adds its register, note and sums to the files read back.
    req.progress?.start(2 * recordings.length + 4 * plan.discs.length, totalBytes * 3);
    try {
      // Every source proved against the catalogue before a byte is written (issue 12).
      const damaged = await checkSources(recordings, this.settings.vaultRoot, this.deps.hashFile, req.progress);
      if (damaged.length) {
        const { message, hint } = damagedSourcesText(damaged);
        this.audit.refuse({ action: 'disc.build', target, details: { outDir: req.outDir, damaged } }, message, hint);
      }
      return await this.write(req, { caseInfo, recordings, plan: plan.discs, places, capacity, issuedAt, buildId, target, secret, recordUse: grant.recordUse });
    } finally {
      req.progress?.stop();
    }
  }

  private async write(req: DiscBuildRequest, b: BuildPlan): Promise<DiscBuildResult> {
    // What the disc build writes is readable by the service user and the group of the role it is done in,
    // no one else; of secret footage (R14), by the builder's own account alone (readableBy, once published).
    const outputs = this.deps.outputsFor(b.secret ? null : this.audit.who.role);
    const remove = (p: string) => outputs.remove(p);
    const auditHead = this.audit.head();
    const built: BuiltDisc[] = [];
    let holds: DiscBuildResult['holds'] = { placed: 0 };
    let current: DiscPlace | null = null;
    let published: string[] = [];
    try {
      // The folder itself is the role's (its members pass and list it) whatever the disc holds.
      await this.deps.outputsFor(this.audit.who.role).mkdirp(req.outDir);
      // Secret footage is the builder's own account's to read: they need one, and --out a file system
      // that keeps owners and ACLs, before any of it is written.
      if (b.secret) await this.deps.requireAccount?.(this.audit.who.operator, req.outDir);
      // Every check passed: the grants are used from here on (a build refused before used none).
      b.recordUse();
      const orphans = await removeOrphanedParts(this.deps.publisher, req.outDir, remove);
      if (orphans.length) this.deps.log.warn({ outDir: req.outDir, removed: orphans }, 'removed the temporary files of a disc build that did not finish');
      const byId = new Map(b.recordings.map((r) => [r.id, r]));
      const sources = new Map<number, RegisterSource>();
      const gaps = this.deps.gaps?.registerGaps(b.recordings);
      for (const r of b.recordings) sources.set(r.id, { ...(await registerSource(r, req, this.settings.vaultRoot, this.deps)), gaps: gaps?.get(r.id) ?? [] });
      for (const [i, items] of b.plan.entries()) {
        current = b.places[i]!;
        const seq = current.number.slice(7);
        const year = current.number.slice(2, 6);
        const disc = await buildDiscImage(this.tools(outputs), {
          number: current.number,
          registerNumber: `JL${year}-${seq}`,
          volumeId: `EV_GP${year}_${seq}`,
          part: i + 1,
          parts: b.plan.length,
          caseInfo: b.caseInfo,
          issuedAt: b.issuedAt,
          auditHead,
          recordings: items.map((it) => byId.get(it.id)!),
          sources: items.map((it) => sources.get(it.id)!),
          place: current,
          capacity: b.capacity,
          progress: req.progress,
        });
        if (disc.readBack.problems.length) await this.unproved(disc, byId);
        published = await publishDisc(this.deps.publisher, current, remove);
        if (b.secret) await this.deps.readableBy?.(published, this.audit.who.operator);
        const h = this.catalogue(disc, b, req.medium, auditHead, orphans, req.operator);
        published = [];
        holds = { placed: holds.placed + h.placed };
        const { fileRows: _f, register: _r, ...publicDisc } = disc;
        built.push(publicDisc);
      }
    } catch (err) {
      // Nothing of an unfinished disc stays: its temporary files, and its final names if the catalogue refused it.
      for (const p of [...published, ...(current ? [current.tempImage, current.tempFolder] : [])]) await remove(p).catch(() => undefined);
      throw discFailure(this.audit, err, { target: b.target, outDir: req.outDir, disc: current?.number ?? null, done: built.map((d) => d.number) });
    }
    return { buildId: b.buildId, case: b.caseInfo, medium: req.medium, capacityBytes: b.capacity, discs: built, holds };
  }

  /** The image did not read back as the catalogue says: a source changed meanwhile, or the writing went wrong. */
  private async unproved(disc: BuiltDisc, byId: Map<number, Recording>): Promise<never> {
    const again = await checkSources(disc.recordings.map((id) => byId.get(id)!), this.settings.vaultRoot, this.deps.hashFile);
    if (again.length) {
      const { message, hint } = damagedSourcesText(again);
      throw new UserError(message, hint, 1);
    }
    throw new Error(`disc ${disc.number} did not read back as written: ${disc.readBack.problems.map((p) => `${p.kind} ${p.path}`).join('; ')}`);
  }

  /** The disc, its files and the evidence-use holds on its recordings, with the trail entry, in one transaction. */
  private catalogue(disc: BuiltDisc & { fileRows: DiscFile[]; register: RegisterForm }, b: BuildPlan, medium: Medium, auditHead: { seq: number; hash: string }, orphans: string[], operator?: string): { placed: number } {
    const register = disc.register;
    return this.audit.run(
      {
        action: 'disc.build',
        target: disc.number,
        details: {
          buildId: b.buildId,
          registerNumber: disc.registerNumber,
          part: disc.part,
          parts: disc.parts,
          case: b.caseInfo.number,
          medium,
          image: disc.image,
          imageSha256: disc.imageSha256,
          recordings: disc.recordings,
          missing: register.missing.length,
          ...(orphans.length ? { removedUnfinished: orphans } : {}),
          ...(operator ? { cameraOperator: operator } : {}),
        },
      },
      () => {
        // Classified while the disc was written: its files were made for the wrong readers (R14). Decided
        // again under the write lock; the caller removes what it published.
        if (this.deps.grants && this.deps.grants.secret(disc.recordings) !== b.secret) throw new UserError(...classifiedMeanwhile(disc.number));
        this.deps.discs.insert(
          {
            number: disc.number,
            registerNumber: disc.registerNumber,
            volumeId: disc.volumeId,
            buildId: b.buildId,
            part: disc.part,
            parts: disc.parts,
            caseNumber: b.caseInfo.number,
            caseTitle: b.caseInfo.title,
            medium,
            capacityBytes: b.capacity,
            imagePath: disc.image,
            imageSize: disc.imageSize,
            imageSha256: disc.imageSha256,
            auditHeadSeq: auditHead.seq,
            auditHeadHash: auditHead.hash,
            register: JSON.stringify(register),
            missingCount: register.missing.length,
            createdAt: b.issuedAt,
            createdBy: this.audit.who.operator,
          },
          disc.fileRows,
        );
        if (operator) this.deps.cameraOperators?.setInTransaction(disc.recordings, operator, `disc build ${disc.number}`);
        return this.deps.holds.placeEvidenceHolds(disc.recordings, evidenceHoldNote(disc.number, b.caseInfo.number));
      },
      (r) => ({ holdsPlaced: r.placed }),
    );
  }

  private tools(outputs: OutputFiles): DiscImageTools {
    return { ...this.settings, zone: this.deps.clock.zone, xorriso: this.deps.xorriso, printer: this.deps.printer, files: outputs, hashFile: this.deps.hashFile, scratch: this.deps.files.scratch, sizeOf: this.deps.files.sizeOf, publisher: this.deps.publisher };
  }

  private select(req: DiscBuildRequest): { caseInfo: RegisterCase; recordings: Recording[] } {
    if ('caseNumber' in req.selection) {
      const found = this.deps.cases.recordingsOfCase(req.selection.caseNumber);
      if (!found.recordings.length) throw new UserError({ zh: `案件 ${req.selection.caseNumber} 未关联影像`, en: `case ${req.selection.caseNumber} has no recordings linked` }, { zh: '请先把影像关联到该案件。', en: 'Link the recordings to the case first.' });
      return { caseInfo: found.case, recordings: found.recordings };
    }
    const ids = [...new Set(req.selection.recordingIds)];
    if (!ids.length) throw new UserError({ zh: '未选择影像', en: 'no recordings chosen' }, { zh: '请给出 --case 案号 或 --recording ID …', en: 'Give --case NUMBER or --recording ID …' });
    const recordings = this.deps.recordings.list({ ids });
    const unknown = ids.filter((id) => !recordings.some((r) => r.id === id));
    if (unknown.length) throw new UserError({ zh: `目录中无编号为 ${unknown.join('、')} 的影像`, en: `no recording with id ${unknown.join(', ')}` }, { zh: '查看影像：evidence-vault recordings list', en: 'See: evidence-vault recordings list' });
    return { caseInfo: { number: req.caseNumber ?? null, title: req.caseTitle ?? null, place: null }, recordings };
  }
}
