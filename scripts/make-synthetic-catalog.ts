/**
 * A synthetic catalogue for the retention benchmark: N recordings (default 1,000,000) over three
 * years, with ingest sessions, cases, links, holds and tombstones in realistic proportions. Only the
 * catalogue is made (no footage files): `retention status` and a dry `retention run` read only it.
 *
 *   node dist/scripts/make-synthetic-catalog.js --out /tmp/ev-bench [--rows 1000000]
 *   node dist/bundle/evidence-vault.cjs --config /tmp/ev-bench/config.json retention status
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openCatalog } from '../src/adapters/catalog/database.js';
import { recordingFolder } from '../src/core/vault-layout.js';
import { isoInZone } from '../src/core/zoned-time.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, rows: { type: 'string', default: '1000000' } } });
if (!values.out) {
  process.stderr.write('usage: make-synthetic-catalog --out DIR [--rows N]\n');
  process.exit(2);
}
const rows = Number(values.rows);
const out = path.resolve(values.out);
const zone = 'Asia/Shanghai';
fs.mkdirSync(path.join(out, 'vault'), { recursive: true });
const catalog = path.join(out, 'catalog.sqlite');
fs.rmSync(catalog, { force: true });
fs.writeFileSync(path.join(out, 'config.json'), JSON.stringify({ vaultRoot: 'vault', catalogPath: 'catalog.sqlite', timezone: zone }, null, 2));

const db = openCatalog(catalog, { create: true });
// Bulk load only: the benchmark measures reads, and a crash here just means "run it again".
db.pragma('synchronous = OFF');
const started = Date.now();
const end = Date.parse('2026-11-27T00:00:00+08:00');
const span = 3 * 365 * 86_400_000;
const devices = 40;
const hex = (n: number) => n.toString(16).padStart(64, '0');

db.transaction(() => {
  const session = db.prepare(
    "INSERT INTO ingest_sessions (started_at, finished_at, source_root, device_number, operator, status, files_stored, bytes_stored) VALUES (?, ?, '/media/recorder', ?, 'custodian', 'done', ?, ?)",
  );
  // One session per recorder per day, the last 60 days (enough for the ingest rate).
  for (let day = 60; day >= 1; day--) {
    const when = isoInZone(new Date(end - day * 86_400_000 + 18 * 3_600_000), zone);
    for (let d = 0; d < devices; d++) session.run(when, when, `${1000000 + d}`, 25, 25 * 180_000_000);
  }
  const insert = db.prepare(
    `INSERT INTO recordings (sha256, size, vault_path, original_name, source_path, device_number, officer_id, started_at, started_at_epoch_ms,
       started_at_source, local_date, duration_seconds, format, video_codec, audio_codec, width, height, ingested_at, flags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'file-name', ?, 600, 'mov,mp4', 'h264', 'aac', 1920, 1080, ?, '[]')`,
  );
  for (let i = 0; i < rows; i++) {
    const ms = end - span + Math.floor((i / rows) * span);
    const at = new Date(ms);
    const iso = isoInZone(at, zone);
    const localDate = iso.slice(0, 10);
    const device = `${1000000 + (i % devices)}`;
    const name = `${device}_110101_${localDate.replaceAll('-', '')}${iso.slice(11, 19).replaceAll(':', '')}_${i}.MP4`;
    insert.run(hex(i), 180_000_000, `${recordingFolder(localDate, device)}/${name}`, name, `DCIM/${name}`, device, `${110100 + (i % 30)}`, iso, ms, localDate, iso);
  }
  // 2,000 cases of 20 recordings each; every tenth of an R6 category (held), every fourth with a complaint.
  const kase = db.prepare("INSERT INTO cases (number, title, category, created_at, created_by) VALUES (?, 'synthetic', ?, '2026-01-01T00:00:00+08:00', 'archivist')");
  const link = db.prepare("INSERT OR IGNORE INTO case_recordings (case_id, recording_id, linked_at, linked_by) VALUES (?, ?, '2026-01-01T00:00:00+08:00', 'archivist')");
  const hold = db.prepare("INSERT INTO holds (recording_id, case_id, reason, note, placed_at, placed_by) VALUES (?, ?, ?, NULL, '2026-01-01T00:00:00+08:00', 'archivist')");
  for (let c = 0; c < 2000; c++) {
    const category = c % 10 === 0 ? 'coercive-measure' : 'general';
    const id = Number(kase.run(`鞍自然执〔2026〕${c + 1}号`, category).lastInsertRowid);
    for (let k = 0; k < 20; k++) link.run(id, 1 + ((c * 487 + k * 7919) % rows));
    if (category !== 'general') hold.run(null, id, category);
    else if (c % 4 === 0) hold.run(null, id, 'complaint');
  }
  // 5,000 recordings held one by one (litigation, evidence use …).
  const reasons = ['litigation', 'evidence-use', 'reconsideration', 'complaint'];
  for (let h = 0; h < 5000; h++) hold.run(1 + ((h * 104729) % rows), null, reasons[h % reasons.length]);
  // The oldest fifth was disposed of already.
  db.prepare(
    `INSERT INTO tombstones (recording_id, sha256, size, vault_path, local_date, metadata, approved_by, reason, disposed_at, file_removed_at)
     SELECT id, sha256, size, vault_path, local_date, '{}', 'approver', 'synthetic', '2026-06-01T00:00:00+08:00', '2026-06-01T00:00:00+08:00'
     FROM recordings WHERE id <= ? AND id NOT IN (SELECT recording_id FROM case_recordings) AND id NOT IN (SELECT recording_id FROM holds WHERE recording_id IS NOT NULL)`,
  ).run(Math.floor(rows / 5));
})();
db.pragma('optimize');
db.close();
process.stdout.write(`${rows} recordings in ${catalog} (${((Date.now() - started) / 1000).toFixed(1)} s); config: ${path.join(out, 'config.json')}\n`);
