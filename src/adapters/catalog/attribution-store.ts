/** The catalogue side of attribution: the recording's new recorder, officer, path and flags, and its history. */
import type { RecordingFlag } from '../../core/types.js';
import type { Db } from './database.js';

export interface Attribution {
  recordingId: number;
  at: string;
  by: string;
  reason: string;
  oldDeviceNumber: string | null;
  newDeviceNumber: string | null;
  oldOfficerId: string | null;
  newOfficerId: string | null;
  oldVaultPath: string;
  newVaultPath: string;
  oldFlags: readonly RecordingFlag[];
  newFlags: readonly RecordingFlag[];
}

interface AttributionRow {
  recording_id: number;
  at: string;
  by: string;
  reason: string;
  old_device_number: string | null;
  new_device_number: string | null;
  old_officer_id: string | null;
  new_officer_id: string | null;
  old_vault_path: string;
  new_vault_path: string;
  old_flags: string;
  new_flags: string;
}

export class AttributionStore {
  constructor(private readonly db: Db) {}

  /** Call inside the audited transaction: the row changes and its history is written, or neither. */
  apply(a: Attribution): void {
    const changed = this.db
      .prepare('UPDATE recordings SET device_number = ?, officer_id = ?, vault_path = ?, flags = ? WHERE id = ? AND vault_path = ?')
      .run(a.newDeviceNumber, a.newOfficerId, a.newVaultPath, JSON.stringify(a.newFlags), a.recordingId, a.oldVaultPath);
    if (changed.changes !== 1) throw new Error(`recording ${a.recordingId} changed meanwhile (its path is no longer ${a.oldVaultPath})`);
    this.db
      .prepare(
        `INSERT INTO recording_attributions (recording_id, at, by, reason, old_device_number, new_device_number, old_officer_id,
           new_officer_id, old_vault_path, new_vault_path, old_flags, new_flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.recordingId, a.at, a.by, a.reason, a.oldDeviceNumber, a.newDeviceNumber, a.oldOfficerId, a.newOfficerId, a.oldVaultPath, a.newVaultPath, JSON.stringify(a.oldFlags), JSON.stringify(a.newFlags));
  }

  history(recordingId: number): Attribution[] {
    const rows = this.db.prepare('SELECT * FROM recording_attributions WHERE recording_id = ? ORDER BY id').all(recordingId) as AttributionRow[];
    return rows.map((r) => ({
      recordingId: r.recording_id,
      at: r.at,
      by: r.by,
      reason: r.reason,
      oldDeviceNumber: r.old_device_number,
      newDeviceNumber: r.new_device_number,
      oldOfficerId: r.old_officer_id,
      newOfficerId: r.new_officer_id,
      oldVaultPath: r.old_vault_path,
      newVaultPath: r.new_vault_path,
      oldFlags: JSON.parse(r.old_flags) as RecordingFlag[],
      newFlags: JSON.parse(r.new_flags) as RecordingFlag[],
    }));
  }

  /** A vault name no recording uses and no copy in flight holds. */
  nameFree(vaultPath: string): boolean {
    return !this.db.prepare('SELECT 1 FROM recordings WHERE vault_path = ? UNION ALL SELECT 1 FROM placements WHERE vault_path = ?').get(vaultPath, vaultPath);
  }

  disposed(recordingId: number): boolean {
    return this.db.prepare('SELECT 1 FROM tombstones WHERE recording_id = ?').get(recordingId) !== undefined;
  }
}
