/**
 * Evidence discs (R12(2)): recordings of a case → one or more ISO images, each with its own
 * synchronized recording register (HTML, PDF, CSV, JSON), SHA256SUMS and a note for the recipient.
 * Every image is read back and checked against the catalogue before it is numbered into it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { type RegisterForm, type RegisterCase, type RegisterSource } from '../core/register-form.js';
import { DISC_RESERVE_BYTES, MEDIUM_CAPACITY, planDiscs, type Medium } from '../core/disc-plan.js';
import { errorMessage, UserError } from '../core/errors.js';
import { gpsPlaceText, parseIso6709 } from '../core/gps-place.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CaseRecordings } from '../adapters/catalog/case-recordings-sql.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { ChromiumPrinter } from '../adapters/chromium-print.js';
import type { MediaProbe } from '../adapters/media-probe.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { Scratch } from '../adapters/local-files.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import type { Progress } from '../core/progress.js';
import type { Xorriso } from '../adapters/xorriso.js';
import type { AuditTrail } from './audit-trail.js';
import { buildDiscImage, type DiscImageTools } from './disc-image.js';
import type { DiscProblem } from './disc-readback.js';

/**
 * Puts the evidence-use hold (R12(3)) on a disc's recordings. Called inside the transaction that
 * catalogues the disc, so the hold and the disc commit together.
 */
export interface HoldPlacer {
  placeEvidenceHolds(recordingIds: readonly number[], note: string): { placed: number };
}

export type DiscSelection = { recordingIds: readonly number[] } | { caseNumber: string };

export interface DiscBuildRequest {
  selection: DiscSelection;
  /** Header for a selection by id (a case brings its own). */
  caseNumber?: string;
  caseTitle?: string;
  /** --place ID=TEXT */
  places?: ReadonlyMap<number, string>;
  /** --officers ID=NAME,NAME (id 0: every recording) */
  officers?: ReadonlyMap<number, readonly string[]>;
  outDir: string;
  medium: Medium;
  /** Overrides the medium's capacity (tests, odd media). */
  capacityBytes?: number;
  progress?: Progress;
}

export interface BuiltDisc {
  number: string;
  registerNumber: string;
  volumeId: string;
  part: number;
  parts: number;
  image: string;
  imageSize: number;
  imageSha256: string;
  folder: string;
  files: { register: { html: string; pdf: string; csv: string; json: string }; sums: string; readme: string };
  recordings: number[];
  missing: RegisterForm['missing'];
  readBack: { md5: string; checked: number; problems: DiscProblem[] };
}

export interface DiscBuildResult {
  buildId: string;
  case: RegisterCase;
  medium: Medium;
  capacityBytes: number;
  discs: BuiltDisc[];
  holds: { placed: number };
}

export interface DiscBuildSettings {
  vaultRoot: string;
  unitName: string | null;
  /** The vault and catalogue folders: an image is never written into (or around) them. */
  protectedPaths: ProtectedPaths;
}

export interface DiscBuildDeps {
  recordings: RecordingStore;
  registers: RegisterStore;
  discs: DiscStore;
  cases: CaseRecordings;
  holds: HoldPlacer;
  probe: MediaProbe;
  xorriso: Xorriso;
  printer: ChromiumPrinter;
  audit: AuditTrail;
  clock: UnitClock;
  hashFile: (file: string) => Promise<HashResult>;
  /** Where outputs of an act done in `role` get their mode and group. */
  outputsFor: (role: string | null) => OutputFiles;
  files: { scratch: (prefix: string) => Scratch; sizeOf: (file: string) => number };
}

export class DiscBuildService {
  private readonly recordings: RecordingStore;
  private readonly registers: RegisterStore;
  private readonly discs: DiscStore;
  private readonly cases: CaseRecordings;
  private readonly holds: HoldPlacer;
  private readonly probe: MediaProbe;
  private readonly xorriso: Xorriso;
  private readonly printer: ChromiumPrinter;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly hashFile: (file: string) => Promise<HashResult>;
  private readonly outputsFor: (role: string | null) => OutputFiles;
  private readonly files: { scratch: (prefix: string) => Scratch; sizeOf: (file: string) => number };

  constructor(
    private readonly settings: DiscBuildSettings,
    deps: DiscBuildDeps,
  ) {
    ({ recordings: this.recordings, registers: this.registers, discs: this.discs, cases: this.cases, holds: this.holds, probe: this.probe } = deps);
    ({ xorriso: this.xorriso, printer: this.printer, audit: this.audit, clock: this.clock, hashFile: this.hashFile, outputsFor: this.outputsFor, files: this.files } = deps);
  }

  async build(req: DiscBuildRequest): Promise<DiscBuildResult> {
    const target = 'caseNumber' in req.selection ? `case ${req.selection.caseNumber}` : `recordings ${req.selection.recordingIds.join(',')}`;
    // Bad input is a refusal on the record; anything else a failure; each once.
    return this.audit.act({ action: 'disc.build', target, details: { outDir: req.outDir } }, () => this.buildAudited(req), { userErrorsAre: 'refused' });
  }

  private async buildAudited(request: DiscBuildRequest): Promise<DiscBuildResult> {
    // --out is resolved once: never the vault's own folders, and on an installed PC nowhere a person could swap.
    const place = this.settings.protectedPaths.output(request.outDir);
    if (!place.ok) {
      throw new UserError(`--out ${request.outDir} ${place.problem} / 输出位置不安全`, 'Write the disc image where only the service account can write (see README). The attempt is recorded.', 77);
    }
    const req = { ...request, outDir: place.real };
    const { caseInfo, recordings } = this.select(req);
    this.checkVaultFiles(recordings);
    const capacity = req.capacityBytes ?? MEDIUM_CAPACITY[req.medium];
    const plan = planDiscs(recordings.map((r) => ({ id: r.id, size: r.size })), capacity);
    if (!plan.ok) {
      throw new UserError(
        plan.tooLarge.length
          ? `recording(s) ${plan.tooLarge.map((i) => `${i.id} (${i.size} bytes)`).join(', ')} do not fit on one ${req.medium} disc (${plan.room} bytes of room)`
          : `a capacity of ${capacity} bytes leaves no room beside the register and file system (${DISC_RESERVE_BYTES} bytes)`,
        'Choose a larger medium: --medium dvd-dl, bd or bd-dl. A recording is never cut.',
      );
    }
    // What the disc build writes is readable by the service user and the group of the role it is done in, no one else.
    const outputs = this.outputsFor(this.audit.who.role);
    await outputs.mkdirp(req.outDir);
    const now = this.clock.now();
    const issuedAt = this.clock.iso(now);
    const year = this.clock.localDate(now).slice(0, 4);
    const seqs = this.discs.nextSequence(year, plan.discs.length);
    const buildId = randomUUID();
    const auditHead = this.audit.head();
    const byId = new Map(recordings.map((r) => [r.id, r]));
    const sources = new Map<number, RegisterSource>();
    for (const r of recordings) sources.set(r.id, await this.source(r, req));

    const totalBytes = recordings.reduce((n, r) => n + r.size, 0);
    // Each disc adds its register, note and sums to the files read back.
    req.progress?.start(recordings.length + 4 * plan.discs.length, totalBytes * 2);
    const built: BuiltDisc[] = [];
    let holds: DiscBuildResult['holds'] = { placed: 0 };
    try {
      for (const [i, items] of plan.discs.entries()) {
        const seq = String(seqs[i]).padStart(4, '0');
        const disc = await buildDiscImage(this.tools(outputs), {
          number: `GP${year}-${seq}`,
          registerNumber: `JL${year}-${seq}`,
          volumeId: `EV_GP${year}_${seq}`,
          part: i + 1,
          parts: plan.discs.length,
          caseInfo,
          issuedAt,
          auditHead,
          recordings: items.map((it) => byId.get(it.id)!),
          sources: items.map((it) => sources.get(it.id)!),
          outDir: req.outDir,
          capacity,
          progress: req.progress,
        });
        if (disc.readBack.problems.length) {
          throw new Error(`disc ${disc.number} did not read back as written: ${disc.readBack.problems.map((p) => `${p.kind} ${p.path}`).join('; ')}`);
        }
        const files = disc.fileRows;
        const register = disc.register;
        const h = this.audit.run(
          {
            action: 'disc.build',
            target: disc.number,
            details: {
              buildId,
              registerNumber: disc.registerNumber,
              part: disc.part,
              parts: disc.parts,
              case: caseInfo.number,
              medium: req.medium,
              image: disc.image,
              imageSha256: disc.imageSha256,
              recordings: disc.recordings,
              missing: register.missing.length,
            },
          },
          () => {
            this.discs.insert(
              {
                number: disc.number,
                registerNumber: disc.registerNumber,
                volumeId: disc.volumeId,
                buildId,
                part: disc.part,
                parts: disc.parts,
                caseNumber: caseInfo.number,
                caseTitle: caseInfo.title,
                medium: req.medium,
                capacityBytes: capacity,
                imagePath: disc.image,
                imageSize: disc.imageSize,
                imageSha256: disc.imageSha256,
                auditHeadSeq: auditHead.seq,
                auditHeadHash: auditHead.hash,
                register: JSON.stringify(register),
                missingCount: register.missing.length,
                createdAt: issuedAt,
                createdBy: this.audit.who.operator,
              },
              files,
            );
            return this.holds.placeEvidenceHolds(disc.recordings, `evidence disc ${disc.number}${caseInfo.number ? ` for case ${caseInfo.number}` : ''}`);
          },
          (r) => ({ holdsPlaced: r.placed }),
        );
        holds = { placed: holds.placed + h.placed };
        const { fileRows: _f, register: _r, ...publicDisc } = disc;
        built.push(publicDisc);
      }
    } finally {
      req.progress?.stop();
    }
    return { buildId, case: caseInfo, medium: req.medium, capacityBytes: capacity, discs: built, holds };
  }

  private tools(outputs: OutputFiles): DiscImageTools {
    return { ...this.settings, zone: this.clock.zone, xorriso: this.xorriso, printer: this.printer, files: outputs, hashFile: this.hashFile, scratch: this.files.scratch, sizeOf: this.files.sizeOf };
  }

  private select(req: DiscBuildRequest): { caseInfo: RegisterCase; recordings: Recording[] } {
    if ('caseNumber' in req.selection) {
      const found = this.cases.recordingsOfCase(req.selection.caseNumber);
      if (!found.recordings.length) throw new UserError(`case ${req.selection.caseNumber} has no recordings linked`, 'Link the recordings to the case first.');
      return { caseInfo: found.case, recordings: found.recordings };
    }
    const ids = [...new Set(req.selection.recordingIds)];
    if (!ids.length) throw new UserError('no recordings chosen', 'Give --case NUMBER or --recording ID …');
    const recordings = this.recordings.list({ ids });
    const unknown = ids.filter((id) => !recordings.some((r) => r.id === id));
    if (unknown.length) throw new UserError(`no recording with id ${unknown.join(', ')}`, 'See: evidence-vault recordings list');
    return { caseInfo: { number: req.caseNumber ?? null, title: req.caseTitle ?? null, place: null }, recordings };
  }

  /** Refuse before writing anything if an original is gone or has changed size. */
  private checkVaultFiles(recordings: readonly Recording[]): void {
    const bad: string[] = [];
    for (const r of recordings) {
      try {
        const size = this.files.sizeOf(path.join(this.settings.vaultRoot, r.vaultPath));
        if (size !== r.size) bad.push(`${r.id} ${r.vaultPath} (size ${size}, catalogue ${r.size})`);
      } catch (err) {
        bad.push(`${r.id} ${r.vaultPath} (${errorMessage(err)})`);
      }
    }
    if (bad.length) throw new UserError(`the vault copy of recording(s) is missing or changed: ${bad.join('; ')}`, 'Run: evidence-vault verify, and report the finding; no disc is made from a damaged original.');
  }

  private async source(r: Recording, req: DiscBuildRequest): Promise<RegisterSource> {
    let metadataPlace: string | null = null;
    const probed = await this.probe.probe(path.join(this.settings.vaultRoot, r.vaultPath));
    const point = probed.ok && probed.info.location ? parseIso6709(probed.info.location) : null;
    if (point) metadataPlace = gpsPlaceText(point);
    const wearer = r.officerId ? (this.registers.officer(r.officerId) ?? null) : null;
    return {
      recording: r,
      discPath: r.vaultPath,
      device: r.deviceNumber ? (this.registers.device(r.deviceNumber) ?? null) : null,
      wearer,
      otherOfficers: [...(req.officers?.get(0) ?? []), ...(req.officers?.get(r.id) ?? [])],
      metadataPlace,
      givenPlace: req.places?.get(r.id) ?? null,
    };
  }
}
