/**
 * The configuration file: defaults → file → validation, at the edge. zod's strict objects name an
 * unknown or wrong key exactly, which is what an operator needs when a service refuses to start.
 *
 * zod's v3 API (the `zod/v3` subpath of the same zod 4 package, kept by the zod team): every command
 * checks the whole config strictly at start, and loading zod 4 (its core with every locale, about a
 * hundred modules) took 60–200 ms of a command's start, more than the rest of `status`; v3's few
 * modules take a fifth of that. Same checks, same key paths in the messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v3';
import { errorCode, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { configMessages as m, issueZh, notJsonSaid } from '../core/i18n/config-messages.js';
import { chooseConfig, pathsOverlap, type ConfigChoice, type Installation } from '../core/installation.js';
import { packageRoot, readInstallation } from './installation-file.js';
import { parseTimeOfDay } from '../core/fixity-plan.js';
import { DEFAULT_MEDIA_EXTENSIONS } from '../core/media-selection.js';
import { DEFAULT_FILE_NAME_PATTERNS } from '../core/recorder-file-name.js';
import { isValidTimeZone } from '../core/zoned-time.js';
import { isLongTermCategory, MINIMUM_MONTHS } from '../core/retention-policy.js';
import { isLocalDate } from '../core/working-days.js';
import { DEFAULT_LARGE_STAFF_FROM } from '../core/staffing.js';
import { replicationSchema } from './config-replication.js';

const regexString = z.string().refine((s) => {
  try {
    new RegExp(s, 'u');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/**
 * A check across keys, run only once every key of the object is valid. (v3 runs a plain refinement on
 * an object whose keys failed too: it would then name a key that is right, or stop on a null.)
 */
function acrossKeys<T extends z.ZodTypeAny>(schema: T, check: (value: z.output<T>, ctx: z.RefinementCtx) => void) {
  return schema.pipe(z.custom<z.output<T>>(() => true).superRefine(check));
}

const retentionSchema = acrossKeys(
  z.strictObject({
    /** Calendar months from the recording's local date; R12(3) allows no less than six. */
    minimumMonths: z
      .number()
      .int()
      .min(MINIMUM_MONTHS, `must be at least ${MINIMUM_MONTHS}: R12(3) keeps original footage at least six months`)
      .max(1200)
      .default(MINIMUM_MONTHS),
    /** Longer periods for recordings linked to cases of these categories (e.g. {"penalty": 24}). */
    categoryMonths: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'category names are lower-case words joined by "-"'), z.number().int().max(1200)).default({}),
    /** When the daily sweep runs (cron expression, in the unit's timezone). */
    sweepSchedule: z.string().min(1).default('30 2 * * *'),
  }),
  (r, ctx) => {
    for (const [category, months] of Object.entries(r.categoryMonths)) {
      if (isLongTermCategory(category)) {
        ctx.addIssue({ code: 'custom', path: ['categoryMonths', category], message: 'R6 categories are kept permanently; remove this period' });
      } else if (months < r.minimumMonths) {
        ctx.addIssue({ code: 'custom', path: ['categoryMonths', category], message: `must not be shorter than minimumMonths (${r.minimumMonths})` });
      }
    }
  },
).default({});

const localDate = z.string().refine(isLocalDate, 'not a date YYYY-MM-DD');

/** R12(1): the days recorders must be docked. */
const calendarSchema = z
  .strictObject({
    /** ISO weekdays: 1 Monday … 7 Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).default([1, 2, 3, 4, 5]),
    /** Public holidays (法定节假日) that fall on working days. */
    holidays: z.array(localDate).default([]),
    /** Make-up working days (调休) on weekends. */
    extraWorkingDays: z.array(localDate).default([]),
  })
  .default({});

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
  copyConcurrency: z.number().int().min(1).max(16).default(3),
  /** ffprobe gets this long per file before it is killed and the file flagged. */
  probeTimeoutSeconds: z.number().positive().max(600).default(30),
  /** The unit's name: on evidence-disc registers (填报单位) and as Source-Organization of archive sets. */
  unitName: z.string().trim().min(1).optional(),
  /** The language people are spoken to in (zh or en); unset: the locale's, else Chinese. `--lang` overrides it. */
  language: z.enum(['zh', 'en']).optional(),
  /** The dock screen the daemon keeps up to date (an HTML file); null: dock-screen.html beside the catalogue. */
  dockScreen: z.string().min(1).nullable().default(null),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Scheduled fixity in the daemon: a nightly share of the vault so every file is re-read within periodDays. */
  fixity: z
    .strictObject({
      enabled: z.boolean().default(true),
      periodDays: z.number().int().min(1).max(366).default(7),
      at: z.string().refine((s) => parseTimeOfDay(s) !== null, 'not a local time of day HH:MM (e.g. 02:30)').default('02:30'),
    })
    .default({}),
  /** The dock daemon: where recorder volumes get mounted and which USB devices are recorders. */
  dock: z
    .strictObject({
      /** Folders under which recorder volumes are mounted (udisks: /media/<user>, the udev rule: /media/recorders). */
      mediaRoots: z.array(z.string().min(1)).default(['/media/recorders']),
      /** "vvvv:pppp" USB ids of the recorder models in use. */
      usbIds: z.array(z.string().regex(/^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/, 'not a "vvvv:pppp" USB id')).default([]),
      /** Wait this long after a volume appears before reading it (recorders finish their own start-up). */
      settleSeconds: z.number().min(0).max(600).default(3),
      /** Recorders ingested at the same time: each has its session and its progress; their copies share the file workers (wiring.ts), so the disk and the memory in use do not grow with it. */
      maxParallel: z.number().int().min(1).max(32).default(8),
      /** Folders whose sub-folders (footage handed in on other media) are ingested once quiet for settleSeconds. */
      dropFolders: z.array(z.string().min(1)).default([]),
    })
    .default({ mediaRoots: ['/media/recorders'], usbIds: [], settleSeconds: 3, maxParallel: 8, dropFolders: [] }),
  /** Delete files from the recorder once stored, read back and catalogued (off: the recorder keeps its copy). */
  clearAfterIngest: z.boolean().default(false),
  /** How long footage is kept (R12(3)); see README "Retention". */
  retention: retentionSchema,
  /** The checks on recordings (R5, P16; clock drift): see README "Gaps, late storage, recorder clocks". */
  recordingChecks: acrossKeys(
    z.strictObject({
      /** A hole between two segments of one recorder longer than this is a gap. */
      gapToleranceSeconds: z.number().min(0).max(3600).default(3),
      /** A pause this long or longer starts a new session: not a gap. */
      sessionBreakMinutes: z.number().positive().max(24 * 60).default(30),
      /** File-name time, creation time and mtime further apart than this: clock-skew. */
      clockSkewToleranceSeconds: z.number().min(0).max(86400).default(120),
    }),
    (c, ctx) => {
      if (c.gapToleranceSeconds >= c.sessionBreakMinutes * 60) ctx.addIssue({ code: 'custom', message: 'gapToleranceSeconds must be shorter than sessionBreakMinutes', path: ['gapToleranceSeconds'] });
    },
  ).default({}),
  /** Working days, holidays and make-up days (R12(1)). */
  calendar: calendarSchema,
  /** R3: a unit with at least this many active officers is a large staff (one recorder per 5, not 3). */
  staffing: z.strictObject({ largeStaffFrom: z.number().int().min(1).default(DEFAULT_LARGE_STAFF_FROM) }).default({}),
  /** Access by approval (R13, P27): where grants' working copies go, and how often ended grants are swept. */
  access: z
    .strictObject({
      /** Working copies' folder; null: beside the vault (<vaultRoot>-access-copies). Never inside the vault. */
      copiesRoot: z.string().min(1).nullable().default(null),
      /** When the daemon ends grants past their last day (cron, unit's zone); also at its start. */
      expirySchedule: z.string().min(1).default('*/10 * * * *'),
    })
    .default({}),
  /** The write-once copy on an S3 object store (Object Lock); null: none (docs/replication.md). */
  replication: replicationSchema,
});

/**
 * Keys an older release knew that this one accepts but ignores, with what they said (the daemon logs a
 * warning naming the replacement). `retention.autoDispose` let the sweep dispose with no person
 * approving; disposal now needs a standing approval signed by two approvers. Refusing the key would
 * stop an upgraded PC from ingesting at all, so it is accepted and does nothing.
 */
export interface RetiredKeys {
  autoDispose?: unknown;
}

export type Config = z.infer<typeof configSchema> & { retired?: RetiredKeys };

/** The shipped configuration of a development checkout: works out of the box. */
export function defaultConfigPath(): string {
  return path.join(packageRoot(), 'config', 'default.json');
}

/**
 * Which config file this run uses: on an installed PC always the administrator's (a caller's other
 * choice comes back as `override`, to be refused and recorded); in development `--config`, then
 * `EVIDENCE_VAULT_CONFIG`, then the shipped one.
 */
export function locateConfig(flag: string | undefined): ConfigChoice & { installation: Installation | null } {
  const installation = readInstallation();
  const choice = chooseConfig(installation, { flag, env: process.env.EVIDENCE_VAULT_CONFIG, shipped: defaultConfigPath() }, process.cwd());
  return { ...choice, installation };
}

/** One schema problem in both languages, naming the key (the central catalogue's config says its problems the same way). */
export function describeIssue(issue: z.ZodIssue): { zh: string; en: string } {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => [...issue.path, k].join('.'));
    return { zh: keys.map((k) => `未知的键 "${k}"`).join('；'), en: keys.map((k) => `unknown key "${k}"`).join('; ') };
  }
  const key = issue.path.length ? issue.path.join('.') : null;
  return {
    zh: `${key ? `键 "${key}"` : '顶层'}：${issueZh(issue as Parameters<typeof issueZh>[0])}`,
    en: `key "${key ?? '(top level)'}": ${issue.message}`,
  };
}

/** Parse and validate a config object; relative paths are taken from `baseDir`. */
export function parseConfig(raw: unknown, baseDir: string, source: string): Config {
  const { input, retired } = withoutRetiredKeys(raw);
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    const zh = problems.map((p) => p.zh).join('；');
    const en = problems.map((p) => p.en).join('; ');
    throw new UserError(said(m.problems, { source, zh, en }), m.fixHint);
  }
  const config = result.data;
  const resolved = {
    ...config,
    ...(retired ? { retired } : {}),
    vaultRoot: path.resolve(baseDir, config.vaultRoot),
    catalogPath: path.resolve(baseDir, config.catalogPath),
    dock: {
      ...config.dock,
      mediaRoots: config.dock.mediaRoots.map((r) => path.resolve(baseDir, r)),
      dropFolders: config.dock.dropFolders.map((r) => path.resolve(baseDir, r)),
    },
    access: { ...config.access, copiesRoot: config.access.copiesRoot === null ? null : path.resolve(baseDir, config.access.copiesRoot) },
    replication: config.replication && { ...config.replication, credentialsFile: path.resolve(baseDir, config.replication.credentialsFile) },
    dockScreen: config.dockScreen === null ? path.join(path.dirname(path.resolve(baseDir, config.catalogPath)), 'dock-screen.html') : path.resolve(baseDir, config.dockScreen),
  };
  // The vault's own folders are never a place footage comes from.
  const own = [resolved.vaultRoot, path.dirname(resolved.catalogPath)];
  const sources = [...resolved.dock.mediaRoots.map((p, i) => [`dock.mediaRoots.${i}`, p] as const), ...resolved.dock.dropFolders.map((p, i) => [`dock.dropFolders.${i}`, p] as const)];
  for (const [key, p] of sources) {
    const hit = own.find((o) => pathsOverlap(p, o));
    if (hit) throw new UserError(said(m.sourceOverlaps, { source, key, path: p, hit }), m.sourceOverlapsHint);
  }
  const copies = resolved.access.copiesRoot;
  const inside = copies && [...own, ...resolved.dock.mediaRoots, ...resolved.dock.dropFolders].find((o) => pathsOverlap(copies, o));
  if (inside) throw new UserError(said(m.copiesOverlap, { source, path: copies, hit: inside }), m.copiesOverlapHint);
  // The screen is written every few seconds (renamed over what is there): an HTML file, never the
  // catalogue or the config, never in the vault's tree, nor where footage comes from.
  if (!/\.html?$/i.test(resolved.dockScreen)) throw new UserError(said(m.screenNotHtml, { source, path: resolved.dockScreen }), m.screenNotHtmlHint);
  const screenIn = [resolved.vaultRoot, ...resolved.dock.mediaRoots, ...resolved.dock.dropFolders, ...(copies ? [copies] : [])].find((o) => pathsOverlap(resolved.dockScreen, o));
  if (screenIn) throw new UserError(said(m.screenInside, { source, path: resolved.dockScreen, hit: screenIn }), m.screenInsideHint);
  return resolved;
}

function withoutRetiredKeys(raw: unknown): { input: unknown; retired: RetiredKeys | null } {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(raw) || !isObject(raw.retention) || !('autoDispose' in raw.retention)) return { input: raw, retired: null };
  const { autoDispose, ...retention } = raw.retention;
  return { input: { ...raw, retention }, retired: { autoDispose } };
}

export function loadConfig(configPath: string): { config: Config; path: string } {
  let text: string;
  try {
    text = fs.readFileSync(configPath, 'utf8');
  } catch (err) {
    throw new UserError(said(m.unreadable, { path: configPath, what: (err as Error).message, code: errorCode(err) ?? 'EIO' }), m.unreadableHint);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(notJsonSaid(configPath, (err as Error).message, text));
  }
  return { config: parseConfig(raw, path.dirname(configPath), configPath), path: configPath };
}
