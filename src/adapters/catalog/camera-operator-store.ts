/** SQL for the camera operator (摄录人员, R12(2)) named per recording; newest row wins, none = the wearer. */
import type { Db } from './database.js';

export interface CameraOperatorChange {
  name: string;
  reason: string;
  setAt: string;
  setBy: string;
}

export class CameraOperatorStore {
  constructor(private readonly db: Db) {}

  set(recordingId: number, change: CameraOperatorChange): void {
    this.db
      .prepare('INSERT INTO camera_operators (recording_id, name, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?)')
      .run(recordingId, change.name, change.reason, change.setAt, change.setBy);
  }

  /** The camera operator given for a recording; null when none was (the wearer filmed it). */
  of(recordingId: number): string | null {
    const r = this.db.prepare('SELECT name FROM camera_operators WHERE recording_id = ? ORDER BY id DESC LIMIT 1').get(recordingId) as { name: string } | undefined;
    return r?.name ?? null;
  }

  history(recordingId: number): (CameraOperatorChange & { recordingId: number })[] {
    return this.db
      .prepare('SELECT recording_id AS recordingId, name, reason, set_at AS setAt, set_by AS setBy FROM camera_operators WHERE recording_id = ? ORDER BY id')
      .all(recordingId) as (CameraOperatorChange & { recordingId: number })[];
  }
}
