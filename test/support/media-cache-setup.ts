/**
 * vitest's global setup for the integration tier: one folder for the whole run where support/media.ts
 * keeps each clip ffmpeg made, by its arguments, so the same clip is encoded once per run and copied
 * after (ffmpeg's output for the same arguments is the same bytes). Removed when the run ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mediaCache: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-test-media-'));
  project.provide('mediaCache', dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
