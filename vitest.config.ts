import { defineConfig } from 'vitest/config';

/**
 * Two tiers, run together by `npm test` (`vitest run`) or alone with `--project`:
 *
 * - unit: the tests beside the code in `src/`. Plain Node and temporary files only: no root, no FUSE,
 *   no mounted volume, no build output (`dist/`), no child process of the CLI. They run in seconds, as
 *   any user, before `npm run build` (`npm run test:unit`).
 * - integration: everything in `test/`: the built CLI as a child process, FAT32 volumes mounted with
 *   FUSE, tmpfs disks, the copy workers from `dist/`, and `test/install.test.ts` installing the program
 *   on this machine. Needs root, `/dev/fuse` and a build (`npm run test:integration` builds first).
 *
 * A test that needs more than the unit tier allows goes to `test/` (as `test/fixity-scheduler.test.ts`
 * did: its copy workers run from `dist/`).
 */
export default defineConfig({
  test: {
    // Integration tests mount FUSE volumes and run child processes: give them room, keep them apart.
    testTimeout: 60_000,
    // The program speaks Chinese by default; the tests read its English unless a test asks for a language
    // (--lang): LANGUAGE=en says so without needing an English locale installed. The locale is C.UTF-8,
    // which every machine has: the FAT tools and xorriso keep Chinese file names (a missing en_US.UTF-8
    // would drop them to ASCII). LC_ALL and LC_MESSAGES empty: the machine's own locale does not choose.
    // NODE_EXTRA_CA_CERTS empty: a machine that names a CA bundle there (a proxy's) makes every Node
    // process parse it as it starts, a fifth of a short command's CPU here, thousands of times a run;
    // no test talks TLS (the store and PostgreSQL they start are local), and the service, started by
    // systemd, never inherits it (its unit names a CA file when the store needs one).
    env: { LANGUAGE: 'en', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', NODE_EXTRA_CA_CERTS: '' },
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
    // The JSON report lets CI print one plain closing line of counts.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/**/*.test.ts'], globalSetup: ['test/support/media-cache-setup.ts'] } },
    ],
  },
});
