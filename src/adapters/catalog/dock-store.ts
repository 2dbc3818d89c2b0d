// src/cli (another change's) still imports RecorderRecord from here; the recorders live in recorder-store.ts.
export type { RecorderRecord } from './recorder-store.js';
