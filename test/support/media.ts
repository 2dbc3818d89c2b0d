/** Real media made by ffmpeg for tests: small, generated on the spot, never committed. */
import { execFileSync } from 'node:child_process';

export function makeVideo(file: string, seconds = 1, opts: { creationTime?: string; size?: string } = {}): void {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=${opts.size ?? '160x120'}:rate=10`,
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest',
    ...(opts.creationTime ? ['-metadata', `creation_time=${opts.creationTime}`] : []),
    file,
  ]);
}

export function makeAudio(file: string, seconds = 1): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=880', '-t', String(seconds), file]);
}

export function makePhoto(file: string): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1', file]);
}
