/**
 * The bench's recorder volumes: real MP4 footage and real JPEG photos, named as a recorder names them
 * (`0009999_110101_20260515083000_0001.MP4`), each file hashing differently.
 */
import fs from 'node:fs';
import path from 'node:path';
import { run } from './bench-run.js';

export const MiB = 1024 * 1024;

const OFFICER = '110101';
export const DAY = '20260515';

export const hhmmss = (secondsAfter8: number) => {
  const t = 8 * 3600 + secondsAfter8;
  return [Math.floor(t / 3600) % 24, Math.floor(t / 60) % 60, t % 60].map((n) => String(n).padStart(2, '0')).join('');
};

export const recorderName = (device: string, secondsAfter8: number, index: number, ext: string) =>
  `${device}_${OFFICER}_${DAY}${hhmmss(secondsAfter8)}_${String(index).padStart(4, '0')}.${ext}`;

/**
 * One short high-bitrate H.264 clip, looped into every video with `-c copy` (fast), each file with its
 * own metadata so every file hashes differently. ffprobe then reads them as it reads a recorder's files
 * (random bytes would make it scan the whole file).
 */
export function makeClip(dir: string): string {
  const clip = path.join(dir, 'clip.mp4');
  run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine',
    '-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-c:a', 'aac', '-shortest', clip]);
  return clip;
}

/** A recorder volume of `count` videos of `bytes` each: `<root>/DCIM/100MEDIA/…MP4`. Returns the files. */
export function makeVideos(clip: string, root: string, device: string, count: number, bytes: number): string[] {
  const media = path.join(root, 'DCIM', '100MEDIA');
  fs.mkdirSync(media, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(media, recorderName(device, i * 600, i + 1, 'MP4'));
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-fs', String(bytes), '-metadata', `comment=${root}-${i}`, file]);
    files.push(file);
  }
  return files;
}

/**
 * Still pictures of about 175 KB as a recorder's camera writes them: a 1280x720 JPEG (a gradient with
 * fine noise, which compresses like a photo) with an EXIF block after its SOI marker giving the capture
 * time and a unique image id. Four pictures are encoded; each photo is one of them with its own EXIF
 * block, so each hashes differently at almost no cost.
 */
export function makePhotos(root: string, device: string, count: number): string[] {
  return makeStills(root, device, count, { size: '1280x720', lum: 'X/5', cb: 'Y/20', quality: 2, stepSeconds: 7 });
}

/** How the four base pictures are drawn and how far apart in time the stills are. */
export interface StillShape {
  size: string;
  /** The gradient's luma and blue-difference terms (ffmpeg geq). */
  lum: string;
  cb: string;
  /** ffmpeg -q:v: 2 is a camera's fine JPEG, 4 a snapshot's. */
  quality: number;
  stepSeconds: number;
}

/** `count` stills in `<root>/DCIM/100MEDIA`: four pictures encoded once, each file one of them with its own EXIF block. */
export function makeStills(root: string, device: string, count: number, shape: StillShape): string[] {
  const media = path.join(root, 'DCIM', '100MEDIA');
  fs.mkdirSync(media, { recursive: true });
  const bases = [0, 1, 2, 3].map((k) => {
    const file = path.join(root, `base-${k}.jpg`);
    run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', `nullsrc=s=${shape.size},geq=lum=${shape.lum}+${k * 8}+(random(1)-0.5)*12:cb=128+${shape.cb}:cr=128`,
      '-frames:v', '1', '-q:v', String(shape.quality), file]);
    const bytes = fs.readFileSync(file);
    fs.rmSync(file);
    return bytes;
  });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const base = bases[i % bases.length]!;
    const seconds = i * shape.stepSeconds;
    const t = hhmmss(seconds);
    const exif = exifApp1(`${DAY.slice(0, 4)}:${DAY.slice(4, 6)}:${DAY.slice(6)} ${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}`, `${device}${String(i).padStart(25, '0')}`);
    const file = path.join(media, recorderName(device, seconds, i + 1, 'JPG'));
    fs.writeFileSync(file, Buffer.concat([base.subarray(0, 2), exif, base.subarray(2)]));
    files.push(file);
  }
  return files;
}

/**
 * An APP1 EXIF segment (TIFF little-endian): IFD0 holds only the pointer to the EXIF IFD, which holds
 * DateTimeOriginal (`YYYY:MM:DD HH:MM:SS`) and ImageUniqueID (32 characters).
 */
export function exifApp1(dateTimeOriginal: string, uniqueId: string): Buffer {
  const tiff = Buffer.alloc(8 + 18 + 30 + 20 + 33);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    tiff.writeUInt32LE(value, at + 8);
  };
  tiff.writeUInt16LE(1, 8); // IFD0: one entry
  entry(10, 0x8769, 4, 1, 26); // ExifIFDPointer (LONG)
  tiff.writeUInt32LE(0, 22); // no next IFD
  tiff.writeUInt16LE(2, 26); // EXIF IFD: two entries
  entry(28, 0x9003, 2, 20, 56); // DateTimeOriginal (ASCII)
  entry(40, 0xa420, 2, 33, 76); // ImageUniqueID (ASCII)
  tiff.writeUInt32LE(0, 52);
  tiff.write(dateTimeOriginal.padEnd(19).slice(0, 19), 56, 'latin1');
  tiff.write(uniqueId.padEnd(32, '0').slice(0, 32), 76, 'latin1');
  const header = Buffer.from('Exif\0\0', 'latin1');
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(2 + header.length + tiff.length, 2);
  return Buffer.concat([segment, header, tiff]);
}

/** Every regular file below `root`, hidden folders (the vault's .audit, .tmp …) left out. */
export function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !path.relative(root, f).split(path.sep).some((part) => part.startsWith('.')));
}

export const totalBytes = (files: string[]) => files.reduce((n, f) => n + fs.statSync(f).size, 0);
