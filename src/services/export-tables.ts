/**
 * The catalogue's rows that travel with a bag, as tag files (CSV and JSON) under catalogue/.
 * Each table is one small exporter; a new table is one more entry in TABLE_EXPORTERS.
 */
import type { Recording } from '../core/types.js';
import type { TagRow } from '../core/tag-table.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { RetentionStore } from '../adapters/catalog/retention-store.js';

/** What one bag is about. */
export interface BagScope {
  setId: string;
  quarter: string;
  /** The recordings this bag holds. */
  members: readonly Recording[];
  /** The quarter's span as ISO instants with the unit's offset, end exclusive. */
  fromIso: string;
  untilIso: string;
}

/** The stores exporters read from (the catalogue; SQL stays in the stores). */
export interface TableSources {
  registers: RegisterStore;
  audit: AuditStore;
  cases: CaseStore;
  retention: RetentionStore;
}

export interface TableExporter {
  /** File name stem: catalogue/<name>.csv and catalogue/<name>.json */
  name: string;
  columns: readonly string[];
  rows(scope: BagScope, from: TableSources): TagRow[];
}

export const TAG_TABLE_FOLDER = 'catalogue';

const recordings: TableExporter = {
  name: 'recordings',
  columns: ['id', 'vaultPath', 'bagPath', 'sha256', 'size', 'originalName', 'sourcePath', 'deviceNumber', 'officerId', 'startedAt', 'startedAtSource', 'localDate', 'durationSeconds', 'format', 'videoCodec', 'audioCodec', 'width', 'height', 'probeError', 'ingestedAt', 'sessionId', 'flags'],
  rows: (scope) => scope.members.map((r) => ({ ...r, bagPath: `data/${r.vaultPath}` })),
};

const officers: TableExporter = {
  name: 'officers',
  columns: ['id', 'name', 'unit', 'createdAt'],
  rows: (scope, from) => {
    const ids = [...new Set(scope.members.map((r) => r.officerId).filter((id): id is string => id !== null))].sort();
    // An officer id from a file name that the register lacks is still listed, with no name.
    return ids.map((id) => ({ ...(from.registers.officer(id) ?? { id, name: null, unit: null, createdAt: null }) }));
  },
};

const devices: TableExporter = {
  name: 'devices',
  columns: ['number', 'brand', 'model', 'serial', 'createdAt'],
  rows: (scope, from) => {
    const numbers = [...new Set(scope.members.map((r) => r.deviceNumber).filter((n): n is string => n !== null))].sort();
    return numbers.map((number) => ({ ...(from.registers.device(number) ?? { number, brand: null, model: null, serial: null, createdAt: null }) }));
  },
};

const audit: TableExporter = {
  name: 'audit-trail',
  columns: ['seq', 'at', 'operator', 'role', 'action', 'target', 'outcome', 'details', 'prevHash', 'hash'],
  // With prevHash and hash, anyone can re-check this run of the chain from the bag alone.
  rows: (scope, from) => [...from.audit.iterate({ fromIso: scope.fromIso, toIso: scope.untilIso })].map((e) => ({ ...e })),
};

const cases: TableExporter = {
  name: 'cases',
  columns: ['id', 'number', 'title', 'category', 'status', 'place', 'notes', 'createdAt', 'createdBy'],
  rows: (scope, from) => from.cases.casesOfRecordings(scope.members.map((r) => r.id)).map((c) => ({ ...c })),
};

/** Which of the bag's recordings belong to which case (P5: records linked to each other). */
const caseLinks: TableExporter = {
  name: 'case-recordings',
  columns: ['caseNumber', 'recordingId'],
  rows: (scope, from) => {
    const members = new Set(scope.members.map((r) => r.id));
    return from.cases
      .casesOfRecordings([...members])
      .flatMap((c) => from.cases.recordingIds(c.id).filter((id) => members.has(id)).map((recordingId) => ({ caseNumber: c.number, recordingId })));
  },
};

/** The holds in force on the bag's recordings when it was made, their own and their cases'. */
const holds: TableExporter = {
  name: 'holds',
  columns: ['id', 'recordingId', 'caseId', 'reason', 'note', 'placedAt', 'placedBy', 'releasedAt'],
  rows: (scope, from) => {
    const byId = new Map<number, TagRow>();
    for (const r of scope.members) for (const h of from.retention.holdsKeeping(r.id)) byId.set(h.id, { ...h });
    return [...byId.entries()].sort(([a], [b]) => a - b).map(([, row]) => row);
  },
};

export const TABLE_EXPORTERS: readonly TableExporter[] = [recordings, officers, devices, cases, caseLinks, holds, audit];
