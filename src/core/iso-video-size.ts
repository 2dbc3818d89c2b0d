/**
 * A video's picture size as ffprobe reports it: FFmpeg's H.264 and HEVC decoders take it from the
 * sequence parameter set (the coded size less its cropping), not from the sample description's width
 * and height, which a muxer may write otherwise (1920x1088 for a picture cropped to 1080, or simply
 * wrong). The size is given only where both say the same, for a stream whose parameter sets are all in
 * its sample description (`avc1`, `hvc1`) and whose cropping starts at the top left corner (FFmpeg
 * may move a left or top crop to keep alignment); anything else throws Unusual, and ffprobe decides.
 */
import { unusual } from './iso-boxes.js';

export interface PictureSize {
  width: number;
  height: number;
}

/** Reads bits, most significant first, from a NAL unit with its emulation-prevention bytes removed. */
class Bits {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.at >> 3] ?? unusual();
      v = v * 2 + ((byte >> (7 - (this.at & 7))) & 1);
      this.at++;
    }
    return v;
  }

  /** Exp-Golomb, unsigned (ue(v)); more than 31 leading zeros is no value a decoder accepts. */
  ue(): number {
    let zeros = 0;
    while (this.u(1) === 0) if (++zeros > 31) unusual();
    return 2 ** zeros - 1 + this.u(zeros);
  }

  se(): number {
    const k = this.ue();
    return k % 2 ? (k + 1) / 2 : -k / 2;
  }

  skip(n: number): void {
    this.u(n);
  }
}

/** A NAL unit's payload without its emulation-prevention bytes (0x000003 → 0x0000). */
function rbsp(nal: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of nal) {
    if (zeros >= 2 && byte === 3) {
      zeros = 0;
      continue;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

/** NAL units of a list: a count (the first byte, masked), then each as a 16-bit length and its bytes. */
function nalList(bytes: Uint8Array, at: number, countMask: number): { nals: Uint8Array[]; end: number } {
  if (at >= bytes.length) unusual();
  const nals: Uint8Array[] = [];
  const count = bytes[at++]! & countMask;
  for (let n = 0; n < count; n++) {
    if (at + 2 > bytes.length) unusual();
    const length = (bytes[at]! << 8) | bytes[at + 1]!;
    const nal = bytes.subarray(at + 2, at + 2 + length);
    if (nal.length !== length || length < 1) unusual();
    nals.push(nal);
    at += 2 + length;
  }
  return { nals, end: at };
}

/**
 * `avcC`: version, profile, compatibility, level, length size, the SPS list, the PPS list (and, for
 * the high profiles, chroma format, bit depths and SPS extensions). FFmpeg decodes each NAL unit by
 * its own type, not by the list it is in: exactly one SPS in all of them, every other a PPS or an
 * SPS extension.
 */
export function avcSize(avcC: Uint8Array): PictureSize {
  if (avcC.length < 7 || avcC[0] !== 1) unusual();
  const sps = nalList(avcC, 5, 0x1f);
  const pps = nalList(avcC, sps.end, 0xff);
  const all = [...sps.nals, ...pps.nals];
  if (pps.end + 4 <= avcC.length && HIGH_PROFILES.has(avcC[1]!)) all.push(...nalList(avcC, pps.end + 3, 0xff).nals);
  const types = all.map((nal) => nal[0]! & 0x1f);
  if (types.filter((t) => t === 7).length !== 1 || types.some((t) => t !== 7 && t !== 8 && t !== 13) || (sps.nals[0]?.[0]! & 0x1f) !== 7) unusual();
  if (sps.nals[0]!.length < 4) unusual();
  return avcSps(new Bits(rbsp(sps.nals[0]!.subarray(1))));
}

/** Profiles whose SPS carries the chroma format, bit depths and scaling matrices, as FFmpeg 5.1 reads them (h264_ps.c). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 144]);

function avcSps(b: Bits): PictureSize {
  const profile = b.u(8);
  b.skip(16); // constraint flags, level
  b.ue(); // seq_parameter_set_id
  let chroma = 1;
  if (HIGH_PROFILES.has(profile)) {
    chroma = b.ue();
    if (chroma > 3) unusual();
    if (chroma === 3) b.skip(1);
    b.ue();
    b.ue(); // bit depths
    b.skip(1);
    if (b.u(1)) for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) if (b.u(1)) skipScalingList(b, i < 6 ? 16 : 64);
  }
  b.ue(); // log2_max_frame_num_minus4
  const pocType = b.ue();
  if (pocType === 0) b.ue();
  else if (pocType === 1) {
    b.skip(1);
    b.se();
    b.se();
    const cycle = b.ue();
    if (cycle > 255) unusual();
    for (let i = 0; i < cycle; i++) b.se();
  } else if (pocType !== 2) unusual();
  b.ue(); // max_num_ref_frames
  b.skip(1);
  const mbWidth = b.ue() + 1;
  const mapUnits = b.ue() + 1;
  const frameMbsOnly = b.u(1);
  if (!frameMbsOnly) b.skip(1);
  b.skip(1); // direct_8x8_inference_flag
  const width = mbWidth * 16;
  const height = mapUnits * (2 - frameMbsOnly) * 16;
  if (!b.u(1)) return { width, height };
  const [left, right, top, bottom] = [b.ue(), b.ue(), b.ue(), b.ue()];
  const stepX = chroma === 1 || chroma === 2 ? 2 : 1;
  const stepY = (2 - frameMbsOnly) * (chroma === 1 ? 2 : 1);
  return cropped(width, height, left! * stepX, right! * stepX, top! * stepY, bottom! * stepY);
}

function skipScalingList(b: Bits, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + b.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** `hvcC`: 22 bytes of configuration, then arrays of NAL units by type; exactly one SPS (type 33). */
export function hevcSize(hvcC: Uint8Array): PictureSize {
  if (hvcC.length < 23 || hvcC[0] !== 1) unusual();
  const sps: Uint8Array[] = [];
  let at = 23;
  for (let a = 0; a < hvcC[22]!; a++) {
    if (at + 3 > hvcC.length) unusual();
    const type = hvcC[at]! & 0x3f;
    const count = (hvcC[at + 1]! << 8) | hvcC[at + 2]!;
    at += 3;
    for (let n = 0; n < count; n++) {
      if (at + 2 > hvcC.length) unusual();
      const length = (hvcC[at]! << 8) | hvcC[at + 1]!;
      const nal = hvcC.subarray(at + 2, at + 2 + length);
      // FFmpeg decodes each NAL unit by its own type: it must be its array's, a parameter set (VPS, SPS,
      // PPS) or an SEI (x265 puts its settings there), so no SPS stands where it is not looked for.
      if (nal.length !== length || length < 2 || ((nal[0]! >> 1) & 0x3f) !== type || ![32, 33, 34, 39, 40].includes(type)) unusual();
      if (type === 33) sps.push(nal);
      at += 2 + length;
    }
  }
  if (sps.length !== 1 || sps[0]!.length < 3) unusual();
  return hevcSps(new Bits(rbsp(sps[0]!.subarray(2))));
}

/** H.265 7.3.2.2 up to the conformance window, past profile_tier_level (7.3.3). */
function hevcSps(b: Bits): PictureSize {
  b.skip(4); // sps_video_parameter_set_id
  const subLayers = b.u(3);
  b.skip(1);
  b.skip(88 + 8); // general profile, tier, flags; general level
  const present: [number, number][] = [];
  for (let i = 0; i < subLayers; i++) present.push([b.u(1), b.u(1)]);
  if (subLayers > 0) for (let i = subLayers; i < 8; i++) b.skip(2);
  for (const [profile, level] of present) {
    if (profile) b.skip(88);
    if (level) b.skip(8);
  }
  b.ue(); // sps_seq_parameter_set_id
  const chroma = b.ue();
  if (chroma > 3) unusual();
  const separate = chroma === 3 ? b.u(1) : 0;
  const width = b.ue();
  const height = b.ue();
  if (!width || !height) unusual();
  if (!b.u(1)) return { width, height };
  const [left, right, top, bottom] = [b.ue(), b.ue(), b.ue(), b.ue()];
  const subWidth = !separate && (chroma === 1 || chroma === 2) ? 2 : 1;
  const subHeight = !separate && chroma === 1 ? 2 : 1;
  return cropped(width, height, left! * subWidth, right! * subWidth, top! * subHeight, bottom! * subHeight);
}

/** The cropped size; a crop from the left or top, or one that leaves nothing, goes to ffprobe. */
function cropped(width: number, height: number, left: number, right: number, top: number, bottom: number): PictureSize {
  if (left || top || right >= width || bottom >= height) unusual();
  return { width: width - right, height: height - bottom };
}
