/**
 * One evidence disc in --out: its folder (register HTML, PDF, CSV, JSON; README.txt; SHA256SUMS) and
 * its ISO image, read back before anyone numbers it. Both are written under temporary names
 * (disc-names.ts) and fsynced; the caller gives them their final names once the read-back proved the
 * image. Every file and folder goes through OutputFiles: no world bits, the group of the role the
 * disc was built in.
 */
import path from 'node:path';
import { buildRegister, type RegisterForm, type RegisterCase, type RegisterSource } from '../core/register-form.js';
import { discReadme, README_FILE, REGISTER_HTML, REGISTER_PDF, sha256sums, SUMS_FILE } from '../core/disc-contents.js';
import { registerCsv } from '../core/register-csv.js';
import { registerHtml } from '../core/register-form-html.js';
import type { Recording } from '../core/types.js';
import type { DiscFile } from '../adapters/catalog/disc-store.js';
import type { ChromiumPrinter } from '../adapters/chromium-print.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { Scratch } from '../adapters/local-files.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { Progress } from '../core/progress.js';
import type { ImageEntry, Xorriso } from '../adapters/xorriso.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import type { BuiltDisc } from './disc-build.js';
import { readBackDisc } from './disc-readback.js';
import type { DiscPlace } from './disc-names.js';
import type { Lang } from '../core/i18n/messages.js';

export interface DiscImageTools {
  vaultRoot: string;
  /** The unit's timezone, for the register's local times. */
  zone: string;
  unitName: string | null;
  /** The vault's language, for the README.txt (Chinese unless configured). */
  language?: Lang;
  xorriso: Xorriso;
  printer: ChromiumPrinter;
  files: OutputFiles;
  hashFile: (file: string) => Promise<HashResult>;
  /** A private folder for files extracted while the image is read back. */
  scratch: (prefix: string) => Scratch;
  sizeOf: (file: string) => number;
  publisher: OutputPublisher;
}

export interface DiscSpec {
  number: string;
  registerNumber: string;
  volumeId: string;
  part: number;
  parts: number;
  caseInfo: RegisterCase;
  issuedAt: string;
  auditHead: { seq: number; hash: string };
  recordings: Recording[];
  sources: RegisterSource[];
  place: DiscPlace;
  capacity: number;
  progress?: Progress;
}

export async function buildDiscImage(t: DiscImageTools, d: DiscSpec): Promise<BuiltDisc & { fileRows: DiscFile[]; register: RegisterForm }> {
  const register = buildRegister(
    { registerNumber: d.registerNumber, discNumber: d.number, part: d.part, parts: d.parts, case: d.caseInfo, unitName: t.unitName, issuedAt: d.issuedAt, auditHead: d.auditHead },
    d.sources,
    t.zone,
  );
  const folder = d.place.folder;
  await t.files.mkdirp(d.place.tempFolder);
  // Written into the temporary folder, durably; `final` is where each file is once the disc is proved.
  const out = (name: string) => path.join(d.place.tempFolder, name);
  const final = (name: string) => path.join(folder, name);
  const durable = { durable: true };
  await t.files.writeFile(out(REGISTER_HTML), registerHtml(register), durable);
  await t.files.writeFile(out('register.csv'), registerCsv(register), durable);
  await t.files.writeFile(out('register.json'), JSON.stringify(register, null, 2) + '\n', durable);
  await t.printer.pdf(out(REGISTER_HTML), out(REGISTER_PDF));
  await t.files.adopt(out(REGISTER_PDF));
  await t.publisher.syncFile(out(REGISTER_PDF));
  await t.files.writeFile(
    out(README_FILE),
    discReadme({ discNumber: d.number, registerNumber: d.registerNumber, part: d.part, parts: d.parts, caseNumber: d.caseInfo.number, unitName: t.unitName, recordings: d.recordings.length, issuedAt: d.issuedAt, auditHead: d.auditHead }, t.language ?? 'zh'),
    durable,
  );

  const fileRows: DiscFile[] = d.recordings.map((r) => ({ path: r.vaultPath, sha256: r.sha256, size: r.size, recordingId: r.id }));
  for (const name of [REGISTER_HTML, REGISTER_PDF, README_FILE]) {
    const h = await t.hashFile(out(name));
    fileRows.push({ path: name, sha256: h.sha256, size: h.size, recordingId: null });
  }
  await t.files.writeFile(out(SUMS_FILE), sha256sums(fileRows), durable);
  const sums = await t.hashFile(out(SUMS_FILE));
  fileRows.push({ path: SUMS_FILE, sha256: sums.sha256, size: sums.size, recordingId: null });

  const entries: ImageEntry[] = [
    ...d.recordings.map((r) => ({ source: path.join(t.vaultRoot, r.vaultPath), discPath: r.vaultPath })),
    ...[REGISTER_HTML, REGISTER_PDF, README_FILE, SUMS_FILE].map((name) => ({ source: out(name), discPath: name })),
  ];
  const image = d.place.tempImage;
  const bytes = d.recordings.reduce((n, r) => n + r.size, 0);
  let reported = 0;
  await t.xorriso.buildImage(image, d.volumeId, entries, (f) => {
    const now = Math.floor(f * bytes);
    if (now > reported) d.progress?.bytes(now - reported);
    reported = Math.max(reported, now);
  });
  await t.files.adopt(image);
  await t.publisher.syncFile(image);
  d.progress?.bytes(bytes - reported);
  const imageSize = t.sizeOf(image);
  if (imageSize > d.capacity) {
    throw new Error(`the image of disc ${d.number} came to ${imageSize} bytes, more than the ${d.capacity} bytes of the medium`);
  }
  const readBack = await readBackDisc(t, image, fileRows, {
    start() {},
    advance: (files, n) => d.progress?.advance(files, n),
    bytes: (n) => d.progress?.bytes(n),
    stop() {},
  });
  const imageHash = await t.hashFile(image);
  return {
    number: d.number,
    registerNumber: d.registerNumber,
    volumeId: d.volumeId,
    part: d.part,
    parts: d.parts,
    image: d.place.image,
    imageSize,
    imageSha256: imageHash.sha256,
    folder,
    files: { register: { html: final(REGISTER_HTML), pdf: final(REGISTER_PDF), csv: final('register.csv'), json: final('register.json') }, sums: final(SUMS_FILE), readme: final(README_FILE) },
    recordings: d.recordings.map((r) => r.id),
    missing: register.missing,
    readBack: { md5: readBack.md5, checked: readBack.checked, problems: readBack.problems },
    fileRows,
    register,
  };
}
