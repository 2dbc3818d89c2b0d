/**
 * The configuration file: defaults → file → validation, at the edge. zod's strict objects name an
 * unknown or wrong key exactly, which is what an operator needs when a service refuses to start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { DEFAULT_MEDIA_EXTENSIONS } from '../core/media-selection.js';
import { DEFAULT_FILE_NAME_PATTERNS } from '../core/recorder-file-name.js';
import { isValidTimeZone } from '../core/zoned-time.js';

const regexString = z.string().refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

export const configSchema = z.strictObject({
  /** Root of the vault tree; footage goes under <vaultRoot>/现场执法记录仪影像资料. */
  vaultRoot: z.string().min(1),
  /** The SQLite catalogue file. */
  catalogPath: z.string().min(1),
  /** IANA zone of the unit: decides each recording's local date and day folder. */
  timezone: z.string().refine(isValidTimeZone, 'not an IANA timezone name (e.g. Asia/Shanghai)').default('Asia/Shanghai'),
  /** File extensions that are footage. */
  mediaExtensions: z.array(z.string().min(1)).min(1).default([...DEFAULT_MEDIA_EXTENSIONS]),
  /** Regular expressions with named groups device, officer, timestamp|date+time, seq; tried in order. */
  fileNamePatterns: z.array(regexString).default([...DEFAULT_FILE_NAME_PATTERNS]),
  /** Files copied at the same time in one ingest (each copy overlaps its hashing with its I/O). */
  copyConcurrency: z.number().int().min(1).max(16).default(2),
  /** ffprobe gets this long per file before it is killed and the file flagged. */
  probeTimeoutSeconds: z.number().positive().max(600).default(30),
  /** The unit named on evidence-disc registers (填报单位), e.g. 鞍山市自然资源局执法支队. */
  unitName: z.string().trim().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** The shipped configuration, next to the package: works out of the box. */
export function defaultConfigPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // src/adapters or dist/src/adapters: walk up to the folder that holds package.json.
  let dir = here;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the package folder for config/default.json');
    dir = up;
  }
  return path.join(dir, 'config', 'default.json');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => `unknown key "${[...issue.path, k].join('.')}"`).join('; ');
  }
  const key = issue.path.length ? issue.path.join('.') : '(top level)';
  return `key "${key}": ${issue.message}`;
}

/** Parse and validate a config object; relative paths are taken from `baseDir`. */
export function parseConfig(raw: unknown, baseDir: string, source: string): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue).join('; ');
    throw new UserError(`config ${source}: ${problems}`, 'Fix or remove that key; see config/default.json for every key.');
  }
  const config = result.data;
  return {
    ...config,
    vaultRoot: path.resolve(baseDir, config.vaultRoot),
    catalogPath: path.resolve(baseDir, config.catalogPath),
  };
}

export function loadConfig(file: string | undefined): { config: Config; path: string } {
  const configPath = path.resolve(file ?? process.env.EVIDENCE_VAULT_CONFIG ?? defaultConfigPath());
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config ${configPath}: ${(err as Error).message}`, 'Pass --config FILE or set EVIDENCE_VAULT_CONFIG.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(`config ${configPath} is not valid JSON: ${(err as Error).message}`);
  }
  return { config: parseConfig(raw, path.dirname(configPath), configPath), path: configPath };
}
