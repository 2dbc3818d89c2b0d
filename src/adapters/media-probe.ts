/**
 * The one ffprobe adapter (fluent-ffmpeg is archived upstream: keep it behind this seam so it can be
 * swapped). A successful probe says nothing about completeness; only size and hash prove a copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import type ffmpeg from 'fluent-ffmpeg';
import type { MediaInfo } from '../core/types.js';
import { packageRoot } from './installation-file.js';
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { startupMessages as sm } from '../core/i18n/startup-messages.js';

export type ProbeResult = { ok: true; info: MediaInfo } | { ok: false; error: string };

export interface MediaProbe {
  /**
   * `head`: the file's first bytes (up to PROBE_HEAD_BYTES, or all of a shorter file), when the caller has
   * them already (the copy read them), so an in-process probe does not open the file again.
   */
  probe(file: string, head?: Uint8Array): Promise<ProbeResult>;
  /**
   * Set when this probe reads still pictures in-process (still-image-probe.ts), EXIF times in this
   * zone: the same facts can then be read wherever the bytes are (a file worker, `stillInfoOf`).
   */
  readonly stillZone?: string;
}

function num(v: unknown): number | null {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Turn ffprobe's JSON into the catalogue's media facts. Pure; exported for tests. */
export function mediaInfoFrom(data: ffmpeg.FfprobeData): MediaInfo {
  const video = data.streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1);
  const audio = data.streams.find((s) => s.codec_type === 'audio');
  const tags = (data.format.tags ?? {}) as Record<string, unknown>;
  const creation = tags.creation_time ?? video?.tags?.creation_time;
  // QuickTime/MP4 ©xyz as ffprobe names it; Apple's key where the file came from a phone.
  const location = tags.location ?? tags['location-eng'] ?? tags['com.apple.quicktime.location.ISO6709'];
  return {
    durationSeconds: num(data.format.duration),
    format: data.format.format_name ?? null,
    videoCodec: video?.codec_name ?? null,
    audioCodec: audio?.codec_name ?? null,
    width: num(video?.width),
    height: num(video?.height),
    creationTime: typeof creation === 'string' && creation ? creation : null,
    location: typeof location === 'string' && location.trim() ? location.trim() : null,
  };
}

/** The last meaningful line of ffprobe's complaint ("Invalid data found when processing input"). */
function probeError(err: Error): string {
  const lines = err.message.split('\n').map((l) => l.trim()).filter(Boolean);
  const detail = lines.length > 1 ? lines[lines.length - 1] : lines[0];
  return /killed with signal|code 124|code 137/.test(err.message) ? 'ffprobe timed out' : `ffprobe: ${detail}`;
}

/**
 * ffprobe processes at once. Each maps its codec libraries (about 50 MiB resident when alone): eight
 * docks probing as their videos arrived held three or four at once, as much memory as the service.
 * A probe takes a tenth of a second, and two keep both cores busy.
 */
const PROBES_AT_ONCE = 2;

export class FfprobeMediaProbe implements MediaProbe {
  private readonly wrapper: string;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(timeoutSeconds: number) {
    this.wrapper = path.join(packageRoot(), 'scripts', 'ffprobe-with-timeout');
    if (!fs.existsSync(this.wrapper)) {
      throw new UserError(said(sm.noProbeWrapper, { path: this.wrapper }), sm.noProbeWrapperHint);
    }
    process.env.EVIDENCE_VAULT_PROBE_TIMEOUT = String(Math.ceil(timeoutSeconds));
  }

  async probe(file: string): Promise<ProbeResult> {
    // A probe ending hands its place straight to the next one waiting.
    if (this.running < PROBES_AT_ONCE) this.running++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await this.ffprobe(file);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  private async ffprobe(file: string): Promise<ProbeResult> {
    // Loaded on the first probe: commands that probe nothing (status, listings) start without it.
    const { default: fluent } = await import('fluent-ffmpeg');
    return new Promise((resolve) => {
      const command = fluent(file).setFfprobePath(this.wrapper);
      command.ffprobe((err: Error | null, data: ffmpeg.FfprobeData) => {
        if (err) resolve({ ok: false, error: probeError(err) });
        else resolve({ ok: true, info: mediaInfoFrom(data) });
      });
    });
  }
}
