/**
 * The language the config file asks for, read before anything else so that `--help` and argument
 * errors speak it too. Only the one key is read, without the schema: a config that is broken
 * otherwise is reported later, in the chosen language, by the full check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chooseConfig } from '../core/installation.js';
import type { Lang } from '../core/i18n/messages.js';
import { packageRoot, readInstallation } from './installation-file.js';

export function configuredLanguage(flag: string | undefined, env: string | undefined): Lang | null {
  try {
    const root = packageRoot();
    const choice = chooseConfig(readInstallation(root), { flag, env, shipped: path.join(root, 'config', 'default.json') }, process.cwd());
    const raw = JSON.parse(fs.readFileSync(choice.path, 'utf8')) as { language?: unknown };
    return raw.language === 'zh' || raw.language === 'en' ? raw.language : null;
  } catch {
    // Unreadable or not JSON: the locale decides now, and the full check says what is wrong.
    return null;
  }
}
