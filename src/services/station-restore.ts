/**
 * `evidence-vault restore-station`: a station whose disk was replaced rebuilt from the object store,
 * on a vault just made with `init` whose config names the same station. Three steps: the store read
 * and its trail checked (station-restore-read.ts), the catalogue rebuilt in one transaction
 * (station-restore-commit.ts), then every recording's bytes fetched by their key into their vault path
 * through repair's placement path (staging, fsync, link never over a file, read back, read-only),
 * each SHA-256 checked. Killed or cut short after the catalogue stands, it is run again: the next run
 * sees the catalogue's entry and fetches what is still missing; a file already placed is left alone.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../core/audit-chain.js';
import { UserError, type Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { recoveryMessages as m } from '../core/i18n/recovery-messages.js';
import { CATALOGUE_ACTION, isSetUpEntry, listed, NOT_CARRIED, PLACE_ACTION, RESTORE_ACTION } from '../core/station-restore.js';
import { ASIDE_ROOT, restoreOne, type RestoreRun } from './repair-restore.js';
import { connectStore, storeError, StoreSource } from './store-source.js';
import { commitCatalogue, NoLongerFresh, type CatalogueCounts } from './station-restore-commit.js';
import { readStation } from './station-restore-read.js';
import type { RestoreReport, RestoreRequest, RestoreStationDeps, StationSettings } from './station-restore-ports.js';

export type { RestoreReport, RestorePhase } from './station-restore-ports.js';

/** sysexits EX_NOPERM: not done, and not to be tried again as it is. */
const EXIT_REFUSED = 77;

export class StationRestoreService {
  constructor(
    private readonly s: StationSettings,
    private readonly deps: RestoreStationDeps,
  ) {}

  async restore(req: RestoreRequest = {}): Promise<RestoreReport> {
    const { audit } = this.deps;
    const base = { action: RESTORE_ACTION, target: this.s.station, details: { endpoint: this.s.endpoint, bucket: this.s.bucket } };
    return audit.act(base, async () => {
      const resumed = await this.startingPoint();
      const { copies } = this.deps;
      const source = new StoreSource(copies, await connectStore(copies), this.deps.log);
      try {
        const counts = resumed ? this.countsOf(resumed) : await this.rebuildCatalogue(req);
        if (resumed) req.onPhase?.({ phase: 'resume', since: resumed.at });
        const report = await this.placeAll(source, counts, resumed !== null, req);
        audit.record({
          ...base,
          outcome: report.notRestored.length ? 'failed' : 'ok',
          details: {
            ...base.details,
            station: this.s.station,
            resumed: report.resumed,
            recordings: report.recordings,
            trailHead: report.trail.head,
            notRestored: listed(report.notRestored),
            laterVersions: listed(report.laterVersions),
            notOnTrail: listed(report.notOnTrail),
            onlyInTrail: listed(report.onlyInTrail),
            storeUnreachable: report.storeUnreachable,
          },
        });
        return report;
      } finally {
        source.close();
      }
    });
  }

  /** Where this run starts: the catalogue entry of an earlier run to continue, or null on a fresh vault; anything else is refused. */
  private async startingPoint(): Promise<AuditEntry | null> {
    const { catalog, audit, files } = this.deps;
    const refuse = (details: Record<string, unknown>, message: Said, hint: Said): never =>
      audit.refuse({ action: RESTORE_ACTION, target: this.s.station, details: { endpoint: this.s.endpoint, bucket: this.s.bucket, ...details } }, message, hint, EXIT_REFUSED);
    const catalogued = catalog.lastOk(CATALOGUE_ACTION);
    if (catalogued) {
      const finished = catalog.lastOk(RESTORE_ACTION);
      if (finished && finished.seq > catalogued.seq) return refuse({ restoredAt: finished.at }, said(m.alreadyRestored, { at: finished.at, seq: finished.seq }), m.alreadyRestoredHint);
      const d = catalogued.details;
      if (d.station !== this.s.station || d.bucket !== this.s.bucket) {
        return refuse({ restoring: { station: d.station, bucket: d.bucket } }, said(m.otherRestore, { station: String(d.station), bucket: String(d.bucket) }), m.otherRestoreHint);
      }
      return catalogued;
    }
    const counts = catalog.counts();
    if (counts.recordings || counts.tombstones) return refuse({ recordings: counts.recordings }, said(m.notEmpty, { recordings: counts.recordings + counts.tombstones }), m.notEmptyHint);
    // The refusal is written after the walk: the trail cannot take an entry while it is being read.
    let used: AuditEntry | null = null;
    for (const e of audit.store.iterate({})) {
      if (!isSetUpEntry(e)) {
        used = e;
        break;
      }
    }
    if (used) return refuse({ usedAt: used.seq }, said(m.usedSinceInit, { seq: used.seq, action: used.action, at: used.at }), m.notEmptyHint);
    const file = await files.firstFootageFile(this.s.vaultRoot);
    if (file) return refuse({ file }, said(m.footageThere, { path: file }), m.notEmptyHint);
    return null;
  }

  private async rebuildCatalogue(req: RestoreRequest): Promise<CatalogueCounts> {
    const { audit } = this.deps;
    const scratch = this.deps.scratch();
    scratch.open();
    const s3 = await this.deps.connect();
    try {
      const read = await readStation(s3, this.s.station, scratch, this.s.concurrency, req.onPhase).catch((err: unknown) => {
        throw storeError(this.deps.copies, err);
      });
      if (!read.ok) {
        return audit.refuse(
          { action: RESTORE_ACTION, target: this.s.station, details: { endpoint: this.s.endpoint, bucket: this.s.bucket, brokenAt: read.seq, detail: read.detail } },
          said(m.trailBroken, { station: this.s.station, seq: read.seq, detail: read.detail }),
          m.trailBrokenHint,
          EXIT_REFUSED,
        );
      }
      const { reading } = read;
      if (!reading.segments.length && !reading.recordings && !reading.unusable.length) {
        return audit.refuse({ action: RESTORE_ACTION, target: this.s.station, details: { endpoint: this.s.endpoint, bucket: this.s.bucket } }, said(m.storeEmpty, { station: this.s.station, bucket: this.s.bucket }), m.storeEmptyHint, EXIT_REFUSED);
      }
      try {
        const counts = commitCatalogue(this.deps, this.s, reading, scratch);
        req.onPhase?.({ phase: 'catalogue', recordings: counts.catalogued, disposed: counts.disposed });
        return counts;
      } catch (err) {
        if (err instanceof NoLongerFresh) throw new UserError(m.changedMeanwhile, m.changedMeanwhileHint, 75);
        throw err;
      }
    } finally {
      s3.close();
      scratch.close();
    }
  }

  /** What an earlier run's catalogue entry said, for a run that continues it. */
  private countsOf(e: { details: Record<string, unknown> }): CatalogueCounts {
    const d = e.details as Partial<CatalogueCounts> & {
      recordings?: number;
      onlyInTrail?: { first: CatalogueCounts['onlyInTrail'] };
      notRestored?: { first: CatalogueCounts['notRestored'] };
      laterVersions?: { first: CatalogueCounts['laterVersions'] };
      notOnTrail?: { first: CatalogueCounts['notOnTrail'] };
    };
    return {
      trail: d.trail ?? { segments: 0, entries: 0, head: null, replacedEntries: 0 },
      // A catalogue entry of an earlier release has no levels count: 0.
      registers: { officers: 0, devices: 0, cases: 0, caseLinks: 0, holds: 0, levels: 0, ...d.registers },
      recordersNotInRegister: d.recordersNotInRegister ?? [],
      onlyInTrail: d.onlyInTrail?.first ?? [],
      laterVersions: d.laterVersions?.first ?? [],
      notOnTrail: d.notOnTrail?.first ?? [],
      catalogued: d.recordings ?? 0,
      disposed: d.disposed ?? 0,
      // Those without bytes in the store are found again below; unusable metadata stays as it was said.
      notRestored: (d.notRestored?.first ?? []).filter((n) => n.key !== undefined && n.vaultPath === null),
    };
  }

  /** Every live recording's bytes into its vault path; one already placed is left as it is. */
  private async placeAll(source: StoreSource, counts: CatalogueCounts, resumed: boolean, req: RestoreRequest): Promise<RestoreReport> {
    const { repair, files, replicas } = this.deps;
    const all = repair.recordings.list({ live: true });
    const notRestored = [...counts.notRestored];
    const items = all.filter((r) => {
      const rep = replicas.replica(r.id);
      if (rep && !rep.removedAt) return true;
      notRestored.push({ id: r.id, vaultPath: r.vaultPath, reason: 'its bytes are not in the store: restore it from an archive set or disc (evidence-vault repair ID --from PATH)' });
      return false;
    });
    const staging = repair.staging();
    staging.open();
    const run: RestoreRun = {
      vaultRoot: this.s.vaultRoot,
      sources: [source],
      staging,
      asideFolder: `${ASIDE_ROOT}/restore-${this.deps.clock.nowIso().slice(0, 19).replace(/[-:]/g, '')}-${randomUUID().slice(0, 8)}`,
      vaultPathNow: (id) => repair.recordings.list({ ids: [id], live: true })[0]?.vaultPath ?? null,
      action: PLACE_ACTION,
    };
    const totals = { placed: 0, alreadyPlaced: 0, bytes: 0 };
    req.onPhase?.({ phase: 'bytes', recordings: items.length, bytes: items.reduce((n, r) => n + r.size, 0) });
    req.progress?.start(items.length, items.reduce((n, r) => n + r.size, 0));
    let next = 0;
    const lane = async () => {
      while (next < items.length && !run.stopped && !source.unreachable) {
        const r = items[next++]!;
        const item = { id: r.id, vaultPath: r.vaultPath, sha256: r.sha256, size: r.size };
        const state = await files.placedState(this.s.vaultRoot, r.vaultPath, r.size);
        if (state === 'sealed') {
          totals.alreadyPlaced++;
        } else {
          const outcome = await restoreOne(repair, run, item, state === 'absent' ? 'missing' : 'mismatch');
          if (outcome.kind === 'restored') {
            totals.placed++;
            totals.bytes += r.size;
          } else if (outcome.kind === 'ok') {
            // Whole already (a run that died before sealing it): read-only now, as every original.
            await files.sealPlaced(this.s.vaultRoot, outcome.vaultPath);
            totals.alreadyPlaced++;
          } else {
            notRestored.push({ id: r.id, vaultPath: r.vaultPath, reason: outcome.reason });
          }
        }
        req.progress?.advance(1, r.size);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, this.s.concurrency) }, lane));
    } finally {
      req.progress?.stop();
      staging.close();
    }
    for (const r of items.slice(next)) notRestored.push({ id: r.id, vaultPath: r.vaultPath, reason: `not tried: ${run.stopped?.en ?? source.unreachable}` });
    return {
      station: this.s.station,
      endpoint: this.s.endpoint,
      bucket: this.s.bucket,
      resumed,
      trail: counts.trail,
      recordings: { catalogued: counts.catalogued, disposed: counts.disposed, ...totals },
      registers: counts.registers,
      recordersNotInRegister: counts.recordersNotInRegister,
      notRestored,
      onlyInTrail: counts.onlyInTrail,
      laterVersions: counts.laterVersions,
      notOnTrail: counts.notOnTrail,
      notCarried: [...NOT_CARRIED],
      storeUnreachable: source.unreachable,
    };
  }
}
