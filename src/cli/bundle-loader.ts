/**
 * How the command starts (issue 15, start-up): the build bundles the program into one CommonJS file
 * (`dist/bundle/cli.cjs`, esbuild) and records V8's compiled code for it (`cli.cjs.cache`, made by
 * running the commonest commands once at the build). A run reads the two files and compiles little,
 * where loading the modules one by one resolved, read and compiled about 140 of them. Node 20 keeps
 * no compiled code for ES modules, hence CommonJS and `vm.Script`.
 *
 * The cache is only an accelerator. It starts with the SHA-256 of the source it was made from (V8
 * itself only compares the source's length), and V8 refuses one made by another V8 or with other
 * flags: a cache of another build, another Node or none at all costs the compile, never the
 * behaviour. Because of the flags there is one cache for each `NODE_OPTIONS` the build records it
 * under (codeCacheFile): none, as `node dist/bundle/evidence-vault.cjs` runs, and the service unit's,
 * which the installed command and the daemon run with (a cache made without them was refused there,
 * and every command compiled the bundle again: 40-50 ms more a start). The files sit beside this
 * loader's output, in the program's own folder (root's on an installed PC): `NODE_OPTIONS` only
 * picks which of them is read, and an unknown one picks none.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export const BUNDLE_FILE = 'cli.cjs';
export const CODE_CACHE_FILE = 'cli.cjs.cache';

/**
 * The cache recorded under `nodeOptions` (the process's NODE_OPTIONS): cli.cjs.cache without any,
 * else cli.cjs.<digest of them>.cache. Options on the command line are not looked at: V8 refuses
 * a cache made without them (`refused`), which costs the compile only.
 */
export function codeCacheFile(nodeOptions: string | undefined): string {
  const options = (nodeOptions ?? '').trim().split(/\s+/).filter(Boolean).join(' ');
  if (!options) return CODE_CACHE_FILE;
  return `cli.cjs.${createHash('sha256').update(options).digest('hex').slice(0, 16)}.cache`;
}

/** used; refused by V8 (another V8, other flags); stale (made from another source); absent (none recorded, or none for this NODE_OPTIONS). */
export type CodeCacheState = 'used' | 'refused' | 'stale' | 'absent';

export interface BundledCli {
  /** The command line (src/cli/main.ts): parse `argv`, run the command, set the exit code. */
  main(argv: string[]): Promise<void>;
  /** Whether the recorded code was used (the tests check that a build's own cache is). */
  codeCache: CodeCacheState;
  /** The code compiled so far, with the source's digest in front: what the build records. */
  recordCodeCache(): Buffer;
}

const DIGEST_BYTES = 32;

function readCache(file: string, digest: Buffer): { data?: Buffer; state: 'stale' | 'absent' | null } {
  let recorded: Buffer;
  try {
    recorded = fs.readFileSync(file);
  } catch {
    return { state: 'absent' }; // a build that could not record one: compiled from the source
  }
  if (recorded.length <= DIGEST_BYTES || !recorded.subarray(0, DIGEST_BYTES).equals(digest)) return { state: 'stale' };
  return { data: recorded.subarray(DIGEST_BYTES), state: null };
}

/** Load the bundle in `dir` as Node loads a CommonJS module, with its recorded code when it is this source's. */
export function loadBundledCli(dir: string, options: { useCodeCache?: boolean } = {}): BundledCli {
  const file = path.resolve(dir, BUNDLE_FILE);
  const bytes = fs.readFileSync(file);
  const digest = createHash('sha256').update(bytes).digest();
  const cache = options.useCodeCache === false ? { state: 'absent' as const } : readCache(path.resolve(dir, codeCacheFile(process.env.NODE_OPTIONS)), digest);
  // No import() in the bundle (scripts/bundle.ts turns those of packages outside it into require).
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, { filename: file, cachedData: cache.data });
  const module = { exports: {} as { main?: BundledCli['main'] } };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  const main = module.exports.main;
  if (typeof main !== 'function') throw new Error(`${file} is not the evidence-vault bundle (no main): run npm run build`);
  return {
    main,
    codeCache: cache.state ?? (script.cachedDataRejected ? 'refused' : 'used'),
    recordCodeCache: () => Buffer.concat([digest, script.createCachedData()]),
  };
}
