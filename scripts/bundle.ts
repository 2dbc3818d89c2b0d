/**
 * The second half of `npm run build` (after tsc, which type-checks and builds what the tests import):
 * the program as it runs, in dist/bundle/ (src/cli/bundle-loader.ts says why it starts from one file).
 *
 * - cli.cjs: src/cli/main.ts and everything it imports, with commander, zod, chokidar and
 *   better-sqlite3's JavaScript, in one CommonJS file; the modules it loads lazily stay lazy
 *   (esbuild runs a module's body at its first `import()`). Packages that cannot live in a bundle
 *   stay outside and load from node_modules: the native addons (better-sqlite3's, which the catalogue
 *   adapter names by path, so its finder `bindings` never runs; usb; @node-rs/xxhash, which finds its
 *   prebuilt binary by platform), node-cron (it starts its own
 *   daemon file), and those loaded only by the commands that use them, by name (pino, cli-progress)
 *   or at first use (exifr, image-size, fluent-ffmpeg).
 * - evidence-vault.cjs: the command (src/cli/launch.ts), which loads cli.cjs.
 * - file-worker.js: the copy workers' process (src/adapters/file-worker.ts), which file-workers.ts
 *   starts from beside the code that starts it; it reads still pictures' facts with exifr and
 *   image-size, loaded from node_modules at first use.
 * - cli.cjs.cache: V8's compiled code for cli.cjs, recorded by bundle-code-cache.ts; and
 *   cli.cjs.<digest>.cache, the same under the service unit's NODE_OPTIONS (bundle-loader.ts).
 *
 * Usage: node dist/scripts/bundle.js (npm run build runs it).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist/bundle');

/** Loaded from node_modules at run time (see above). */
// The S3 client and pg: loaded by replication and the central catalogue alone, at their first use.
const OUTSIDE = ['bindings', '@node-rs/xxhash', 'usb', 'node-cron', 'pino', 'cli-progress', 'exifr', 'image-size', 'fluent-ffmpeg', '@aws-sdk/client-s3', 'pg'];

/**
 * `import('usb')` (and exifr, image-size, fluent-ffmpeg: the packages loaded at first use; and a
 * Node module loaded at first use, `import('node:readline')`) becomes a `require` run at that first
 * use: the bundle runs as a `vm.Script`, which offers `import()` only through an experimental Node
 * feature (a warning on the operator's screen). Every one of them has a CommonJS entry, which is
 * what Node's `import()` of them loaded too.
 */
const requireOutside: esbuild.Plugin = {
  name: 'require-outside',
  setup(build) {
    const outside = (name: string) => OUTSIDE.includes(name) || name.startsWith('node:');
    build.onResolve({ filter: /^[^./]/ }, (args) => (args.kind === 'dynamic-import' && outside(args.path) ? { path: args.path, namespace: 'outside' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'outside' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/**
 * commander requires node:child_process as it loads, for subcommands that are executables of their
 * own (this program has none); child_process brings net, dgram and the streams with it, some
 * milliseconds of every start. In the bundle it is required at commander's first spawn instead.
 * Should a later commander change that line, it is bundled as it is and the build says so.
 */
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const commanderSpawnsLazily: esbuild.Plugin = {
  name: 'commander-spawns-lazily',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!source.includes(COMMANDER_CHILD_PROCESS)) return { contents: source, loader: 'js', warnings: [{ text: `commander's ${COMMANDER_CHILD_PROCESS} is gone: bundled unchanged (scripts/bundle.ts)` }] };
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace(COMMANDER_CHILD_PROCESS, lazy), loader: 'js' };
    });
  },
};

/** What every piece shares: Node 20, no minifying (a bug's stack names real functions), the packages outside. */
const common: esbuild.BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: OUTSIDE,
  plugins: [requireOutside, commanderSpawnsLazily],
  logLevel: 'warning',
  absWorkingDir: root,
};

/**
 * In CommonJS esbuild leaves `import.meta` empty: the code finds its package folder, its worker
 * and its lazily required packages from import.meta.url, so it is given the bundle file's own URL.
 */
const commonJs: esbuild.BuildOptions = {
  ...common,
  format: 'cjs',
  define: { 'import.meta.url': '__bundleFileUrl' },
  banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * Each file is written beside its place and renamed over it: a command started during a build (the
 * dock service runs from here) reads the old file or the new one, never half of one.
 */
function replace(file: string, contents: Uint8Array, mode = 0o644): void {
  const next = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(next, contents, { mode });
  fs.renameSync(next, file);
}

/**
 * The bundle in ASCII: V8 keeps an ASCII source in one byte a character, where a single Chinese
 * character makes all 1.5 MB two bytes a character (a slower decode and copy at every start).
 * esbuild escapes strings, templates and names (charset ascii) but leaves comments and regular
 * expression literals as written; a \uXXXX for each UTF-16 unit left means the same character in a
 * regular expression (with or without the u flag) and is only text in a comment.
 */
const inAscii = (text: string): string => text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

async function bundle(options: esbuild.BuildOptions & { outfile: string }, mode?: number): Promise<esbuild.Metafile> {
  const r = await esbuild.build({ ...options, charset: 'ascii', metafile: true, write: false });
  // A CommonJS piece runs as a vm.Script: an import() left in it would fail when reached.
  const imports = Object.values(r.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path));
  if (options.format === 'cjs' && imports.length) throw new Error(`${path.basename(options.outfile)} would import() ${imports.join(', ')}: list it in OUTSIDE, or bundle it`);
  for (const f of r.outputFiles) replace(f.path, Buffer.from(inAscii(f.text)), mode);
  return r.metafile;
}

fs.mkdirSync(out, { recursive: true });
const meta = await bundle({ ...commonJs, entryPoints: ['src/cli/main.ts'], outfile: path.join(out, 'cli.cjs') });
await bundle({ ...commonJs, entryPoints: ['src/cli/launch.ts'], outfile: path.join(out, 'evidence-vault.cjs') }, 0o755);
// An ES module: its import() of the packages outside stays an import() (there is no require to turn it into).
await bundle({ ...common, plugins: [], format: 'esm', entryPoints: ['src/adapters/file-worker.ts'], outfile: path.join(out, 'file-worker.js') });
// Which source modules went in (the start-up test reads it to name what a command ran).
replace(path.join(out, 'meta.json'), Buffer.from(JSON.stringify(meta)));

// One cache for each set of V8 flags the command runs with (bundle-loader.ts): none, as `node
// dist/bundle/evidence-vault.cjs` runs (NODE_OPTIONS in the build's own environment left out), and
// the service unit's NODE_OPTIONS, which the daemon and the installed command run with.
const { NODE_OPTIONS: _flags, ...plainEnv } = process.env;
// A cache for flags the unit no longer names would only take room.
for (const f of fs.readdirSync(out)) if (/^cli\.cjs\.[0-9a-f]{16}\.cache$/.test(f)) fs.rmSync(path.join(out, f));
const unitOptions = /^Environment=NODE_OPTIONS=(.*)$/m.exec(fs.readFileSync(path.join(root, 'systemd/evidence-vault.service'), 'utf8'))?.[1];
for (const env of [plainEnv, ...(unitOptions ? [{ ...plainEnv, NODE_OPTIONS: unitOptions }] : [])]) {
  const recorded = spawnSync(process.execPath, [path.join(root, 'dist/scripts/bundle-code-cache.js'), out], { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (recorded.status !== 0) throw new Error(`recording the code cache${env.NODE_OPTIONS ? ` for NODE_OPTIONS=${env.NODE_OPTIONS}` : ''} failed (${recorded.status ?? recorded.signal})`);
}
const caches = fs.readdirSync(out).filter((f) => f.endsWith('.cache'));
const kib = (f: string) => (fs.statSync(path.join(out, f)).size / 1024).toFixed(0);
console.log(`bundle: ${path.relative(root, out)}/ (cli.cjs ${kib('cli.cjs')} KiB, code caches ${caches.map(kib).join(' and ')} KiB)`);
