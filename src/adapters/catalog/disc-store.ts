/** SQL for issued evidence discs and the files on them (migration 5). */
import type { Db } from './database.js';

export interface DiscFile {
  path: string;
  sha256: string;
  size: number;
  recordingId: number | null;
}

export interface DiscRecord {
  id: number;
  number: string;
  registerNumber: string;
  volumeId: string;
  buildId: string;
  part: number;
  parts: number;
  caseNumber: string | null;
  caseTitle: string | null;
  medium: string;
  capacityBytes: number;
  imagePath: string;
  imageSize: number;
  imageSha256: string;
  auditHeadSeq: number;
  auditHeadHash: string;
  /** The register as issued (JSON text). */
  register: string;
  missingCount: number;
  createdAt: string;
  createdBy: string;
}

export type NewDisc = Omit<DiscRecord, 'id'>;

interface DiscRow {
  id: number;
  number: string;
  register_number: string;
  volume_id: string;
  build_id: string;
  part: number;
  parts: number;
  case_number: string | null;
  case_title: string | null;
  medium: string;
  capacity_bytes: number;
  image_path: string;
  image_size: number;
  image_sha256: string;
  audit_head_seq: number;
  audit_head_hash: string;
  register: string;
  missing_count: number;
  created_at: string;
  created_by: string;
}

const toDisc = (r: DiscRow): DiscRecord => ({
  id: r.id,
  number: r.number,
  registerNumber: r.register_number,
  volumeId: r.volume_id,
  buildId: r.build_id,
  part: r.part,
  parts: r.parts,
  caseNumber: r.case_number,
  caseTitle: r.case_title,
  medium: r.medium,
  capacityBytes: r.capacity_bytes,
  imagePath: r.image_path,
  imageSize: r.image_size,
  imageSha256: r.image_sha256,
  auditHeadSeq: r.audit_head_seq,
  auditHeadHash: r.audit_head_hash,
  register: r.register,
  missingCount: r.missing_count,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export class DiscStore {
  constructor(private readonly db: Db) {}

  /** The next `count` sequence numbers of the year (discs are numbered YYYY-NNNN per year). */
  nextSequence(year: string, count: number): number[] {
    const row = this.db.prepare("SELECT max(CAST(substr(number, 8) AS INTEGER)) AS n FROM discs WHERE substr(number, 3, 4) = ?").get(year) as { n: number | null };
    const first = (row.n ?? 0) + 1;
    return Array.from({ length: count }, (_, i) => first + i);
  }

  insert(d: NewDisc, files: readonly DiscFile[]): number {
    const info = this.db
      .prepare(
        `INSERT INTO discs (number, register_number, volume_id, build_id, part, parts, case_number, case_title, medium, capacity_bytes,
           image_path, image_size, image_sha256, audit_head_seq, audit_head_hash, register, missing_count, created_at, created_by)
         VALUES (@number, @registerNumber, @volumeId, @buildId, @part, @parts, @caseNumber, @caseTitle, @medium, @capacityBytes,
           @imagePath, @imageSize, @imageSha256, @auditHeadSeq, @auditHeadHash, @register, @missingCount, @createdAt, @createdBy)`,
      )
      .run(d);
    const id = Number(info.lastInsertRowid);
    const add = this.db.prepare('INSERT INTO disc_files (disc_id, path, sha256, size, recording_id) VALUES (?, ?, ?, ?, ?)');
    for (const f of files) add.run(id, f.path, f.sha256, f.size, f.recordingId);
    return id;
  }

  byNumber(number: string): DiscRecord | undefined {
    const r = this.db.prepare('SELECT * FROM discs WHERE number = ?').get(number) as DiscRow | undefined;
    return r && toDisc(r);
  }

  byVolumeId(volumeId: string): DiscRecord | undefined {
    const r = this.db.prepare('SELECT * FROM discs WHERE volume_id = ?').get(volumeId) as DiscRow | undefined;
    return r && toDisc(r);
  }

  list(): DiscRecord[] {
    return (this.db.prepare('SELECT * FROM discs ORDER BY id').all() as DiscRow[]).map(toDisc);
  }

  files(discId: number): DiscFile[] {
    return (
      this.db.prepare('SELECT path, sha256, size, recording_id FROM disc_files WHERE disc_id = ? ORDER BY path').all(discId) as {
        path: string;
        sha256: string;
        size: number;
        recording_id: number | null;
      }[]
    ).map((f) => ({ path: f.path, sha256: f.sha256, size: f.size, recordingId: f.recording_id }));
  }
}
