/** The dock screen (the service's page and `status --html`, the latter in the person's language), built from the shared parts. */
import path from 'node:path';
import type { Config } from '../adapters/config-file.js';
import { DockScreenStore } from '../adapters/catalog/dock-screen-store.js';
import { FixityStore } from '../adapters/catalog/fixity-store.js';
import { diskUsage } from '../adapters/disk-space.js';
import { DockScreenFile } from '../adapters/dock-screen-file.js';
import { OutputFiles } from '../adapters/output-files.js';
import { outputPublisher } from '../adapters/output-publish.js';
import { resolveLanguage } from '../core/i18n/language.js';
import type { ReminderFacts } from '../core/quarter.js';
import { DockScreen } from '../services/dock-screen.js';
import { DockScreenPart } from '../services/dock-screen-part.js';
import type { DockStatusSources } from '../services/dock-status.js';
import type { SharedParts } from './builders.js';

/** The group the service's page is given: the custodians', who dock the recorders and read the screen. */
export const SCREEN_ROLE = 'custodian';

export function buildDockScreen(p: SharedParts, dock: DockStatusSources, reminder: () => ReminderFacts | null): DockScreen {
  const store = new DockScreenStore(p.db);
  const fixity = new FixityStore(p.db);
  const lang = resolveLanguage({ configLanguage: p.config.language ?? null, env: process.env });
  return new DockScreen(
    { unitName: p.config.unitName ?? null, lang, largeStaffFrom: p.config.staffing.largeStaffFrom },
    {
      dock,
      sessionsOn: (date) => store.sessionsOn(date),
      lastFixity: () => fixity.recentRuns(1)[0],
      lastFinishedFixity: () => fixity.lastFinished(),
      reminder,
      vaultDisk: () => diskUsage(p.config.vaultRoot),
    },
    p.clock,
    { audit: p.audit, publisher: outputPublisher, outputsFor: (role) => OutputFiles.forRole(role, p.log), protectedPaths: p.protectedPaths },
  );
}

/**
 * The service's part: the page at the config's `dockScreen`, never a path a caller passes, in the
 * config's language, else Chinese (a service's locale is the machine's, not the custodian's).
 */
export function buildDockScreenPart(p: SharedParts, screen: DockScreen): DockScreenPart {
  const lang = resolveLanguage({ configLanguage: p.config.language ?? null });
  // Beside the catalogue is the default place; the vault and the recorders' folders never, even through a link.
  const { vaultRoot, dock } = p.config;
  const place = p.protectedPaths.withRoots([vaultRoot, ...dock.mediaRoots, ...dock.dropFolders]);
  const file = new DockScreenFile(dockScreenPath(p.config), OutputFiles.forRole(SCREEN_ROLE, p.log), (page) => place.outputFile(page));
  return new DockScreenPart(screen, file, lang, p.log);
}

/** The config's `dockScreen`, resolved when the config was read; beside the catalogue when unset. */
export function dockScreenPath(config: Config): string {
  return config.dockScreen ?? path.join(path.dirname(config.catalogPath), 'dock-screen.html');
}
