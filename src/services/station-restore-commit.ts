/**
 * `restore-station`, second step: the catalogue rebuilt in one transaction from what was read. The
 * station's trail replaces the few entries this disk's `init` wrote (kept whole in the restore's own
 * entry, and the old trail file kept beside the new one), so the chain runs on from the station's last
 * segment; then every recording with its original id, each with an entry of its own (the row's entry,
 * as ingest's is), the registers as far as the store carries them, the replicas and trail segments
 * (so nothing is sent again), and the restore's entry. A crash before the commit leaves the vault as
 * `init` made it; the trail file is written before the commit and made again by the next run.
 */
import { randomUUID } from 'node:crypto';
import { CATALOGUE_ACTION, isSetUpEntry, listed, NOT_CARRIED, RECORDING_ACTION, RESTORE_ACTION } from '../core/station-restore.js';
import { caseFrom, holdRows, officerFrom, recordingRow } from '../core/station-restore-rows.js';
import type { AuditEntry } from '../core/audit-chain.js';
import type { NotRestored, RestoreReport, RestoreScratch, RestoreStationDeps, StationSettings } from './station-restore-ports.js';
import { METADATA_LINES, TRAIL_LINES, type ReadRecording, type StoreReading } from './station-restore-read.js';

export type CatalogueCounts = Pick<RestoreReport, 'trail' | 'registers' | 'recordersNotInRegister' | 'onlyInTrail' | 'laterVersions' | 'notOnTrail'> & {
  catalogued: number;
  disposed: number;
  notRestored: NotRestored[];
};

/** Thrown inside the transaction when the vault stopped being fresh meanwhile (another run restored it): nothing is kept. */
export class NoLongerFresh extends Error {}

export function commitCatalogue(deps: RestoreStationDeps, s: StationSettings, reading: StoreReading, scratch: RestoreScratch): CatalogueCounts {
  const { catalog, replicas, audit, clock } = deps;
  return audit.runMany(() => {
    const now = clock.nowIso();
    const by = audit.who.operator;
    const before = [...audit.store.iterate({})];
    const counts = catalog.counts();
    if (counts.recordings || counts.tombstones || before.some((e) => !isSetUpEntry(e) || e.action === CATALOGUE_ACTION)) throw new NoLongerFresh('the vault changed while the store was read');
    if (reading.segments.length) catalog.replaceTrail(scratch.read<AuditEntry>(TRAIL_LINES));

    const { facts } = reading;
    for (const o of facts.officers.values()) catalog.saveOfficer(o);
    for (const d of facts.devices.values()) catalog.saveDevice(d);
    const caseIds = new Map<string, number>();
    for (const c of facts.cases.values()) caseIds.set(c.number, catalog.saveCase(c));
    const out: CatalogueCounts = {
      trail: { segments: reading.segments.length, entries: reading.entries, head: reading.head, replacedEntries: before.length },
      registers: { officers: facts.officers.size, devices: facts.devices.size, cases: caseIds.size, caseLinks: 0, holds: 0, levels: 0 },
      recordersNotInRegister: [],
      onlyInTrail: [],
      catalogued: 0,
      disposed: 0,
      notRestored: [...reading.unusable],
      laterVersions: reading.laterVersions,
      notOnTrail: [],
    };
    const seenPaths = new Set<string>();
    const seenIds = new Set<number>();
    const recorders = new Set<string>();
    const keepDisposals = new Set<number>();
    for (const { key, m, bytes, metadataVersionId } of scratch.read<ReadRecording>(METADATA_LINES)) {
      if (seenPaths.has(m.vaultPath) || seenIds.has(m.recordingId)) {
        out.notRestored.push({ id: m.recordingId, vaultPath: m.vaultPath, key, reason: 'another metadata object names the same recording id or vault path' });
        continue;
      }
      seenPaths.add(m.vaultPath);
      seenIds.add(m.recordingId);
      catalog.saveRecording(recordingRow(m, facts));
      out.catalogued++;
      if (!facts.metadataVersion.has(m.recordingId)) out.notOnTrail.push({ id: m.recordingId, vaultPath: m.vaultPath, key });
      if (m.recorder) recorders.add(m.recorder);
      const officer = officerFrom(m, facts, now);
      if (officer) catalog.saveOfficer(officer);
      // Secret footage stays secret on the rebuilt station (R14): the level is set on the recording, whether
      // it was its own or its case's, so nobody without clearance sees it until someone classifies it anew.
      if (m.classification && m.classification !== 'ordinary') {
        catalog.saveLevel(m.recordingId, m.classification, now, by);
        out.registers.levels++;
      }
      for (const c of m.cases) {
        const id = caseIds.get(c.number) ?? catalog.saveCase(caseFrom(c, facts, now, by));
        caseIds.set(c.number, id);
        catalog.linkCase(id, m.recordingId, m.writtenAt, by);
        out.registers.caseLinks++;
      }
      // The lock's date as the station meant it (the latest metadata carries every extension): some stores misread far dates.
      const replica = bytes && { recordingId: m.recordingId, objectKey: m.objectKey, versionId: bytes.versionId, md5: bytes.etag, retainUntil: new Date(m.retainUntil).toISOString(), metadataVersionId, replicatedAt: m.writtenAt };
      if (m.disposed) {
        out.disposed++;
        // Bytes still in the store (a lock not yet run out, or twins): the disposal goes on from here.
        if (replica) {
          replicas.saveReplica(replica);
          keepDisposals.add(m.recordingId);
        }
        const { recordingId, sha256, size, vaultPath, localDate } = m;
        catalog.saveTombstone({ recordingId, sha256, size, vaultPath, localDate, metadata: { ...m, restoredFrom: 'object store' }, approvedBy: m.disposed.approvedBy, reason: m.disposed.reason, disposedAt: m.disposed.at, storeRemovedAt: replica ? null : m.writtenAt });
      } else {
        for (const h of holdRows(m, s.station)) {
          catalog.saveHold(h, now, by);
          out.registers.holds++;
        }
        if (replica) replicas.saveReplica(replica);
        else out.notRestored.push({ id: m.recordingId, vaultPath: m.vaultPath, reason: `its bytes (${m.objectKey}) are not in the store` });
      }
      audit.insertInTransaction({
        action: RECORDING_ACTION,
        target: m.vaultPath,
        details: { recordingId: m.recordingId, sha256: m.sha256, size: m.size, key: m.objectKey, versionId: bytes?.versionId ?? null, metadataKey: key, metadataVersionId, metadataWrittenAt: m.writtenAt, disposed: m.disposed !== null },
      });
    }
    for (const seg of reading.segments) {
      const sentAt = facts.segmentSent.get(seg.key) ?? now;
      replicas.saveSegment({ firstSeq: seg.firstSeq, lastSeq: seg.lastSeq, head: seg.head, objectKey: seg.key, versionId: seg.versionId, retainUntil: seg.retainUntil ?? '', sentAt });
    }
    catalog.clearOutbox(keepDisposals);
    out.registers.cases = caseIds.size;
    out.recordersNotInRegister = [...recorders].filter((r) => !facts.devices.has(r)).sort();
    const unusable = new Set(reading.unusable.map((u) => u.id));
    for (const [id, at] of facts.ingested) if (!seenIds.has(id) && !unusable.has(id) && !facts.disposed.has(id)) out.onlyInTrail.push({ id, ...at });
    const keptAs = reading.segments.length ? `audit-trail.before-restore-${now.slice(0, 19).replace(/[-:]/g, '')}-${randomUUID().slice(0, 8)}.jsonl` : null;
    audit.insertInTransaction({
      action: CATALOGUE_ACTION,
      target: s.station,
      details: {
        endpoint: s.endpoint,
        bucket: s.bucket,
        station: s.station,
        trail: out.trail,
        recordings: out.catalogued,
        disposed: out.disposed,
        registers: out.registers,
        recordersNotInRegister: out.recordersNotInRegister,
        onlyInTrail: listed(out.onlyInTrail),
        notRestored: listed(out.notRestored),
        laterVersions: listed(out.laterVersions),
        notOnTrail: listed(out.notOnTrail),
        notCarried: NOT_CARRIED,
        // What this disk held before: the entries `init` wrote here, kept whole (the file too, beside the new one).
        replacedEntries: keptAs ? before : [],
        replacedTrailFileKeptAs: keptAs,
      },
    });
    if (keptAs) {
      deps.trailFile.rewrite(audit.store.iterate({}), keptAs);
      audit.store.setFileMark(audit.head().seq);
    }
    return out;
  }, { action: RESTORE_ACTION, target: s.station, details: { endpoint: s.endpoint, bucket: s.bucket, step: 'catalogue' } });
}
