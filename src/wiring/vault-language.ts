/**
 * The vault's language, for what services write for people into files (archive-set notes, disc
 * notes): the config's `language`, else Chinese. Read from the loaded config as it is, whether or not
 * its schema names the key yet; never from the environment, so a set reads the same whoever made it.
 */
import type { Lang } from '../core/i18n/messages.js';

export function vaultLanguage(config: object): Lang {
  return (config as { language?: unknown }).language === 'en' ? 'en' : 'zh';
}
