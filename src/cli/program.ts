/**
 * The command line's commands: which module registers which top-level commands, in the order they
 * are registered. A run loads only the modules of the command it names (`status` loads one, not all
 * thirty and the services they import); `--help`, no command or a name not here loads them all, so
 * help and "unknown command" read as they always did. src/cli/program.test.ts checks that every
 * command built this way is the same as in the whole program.
 */
import { namingTyposFirst } from './typos-first.js';
import { addGroupExamples } from './group-examples.js';
import { Command } from 'commander';
import { speakCommanderLanguage } from './commander-language.js';
import { t } from './language.js';
import { examples } from './help-examples.js';
import { globalMessages as g } from './messages/global-options.js';

type Register = (program: Command) => void;

export const COMMAND_MODULES: readonly { names: readonly string[]; load: () => Promise<Register> }[] = [
  { names: ['init'], load: async () => (await import('./commands/init-command.js')).addInitCommands },
  { names: ['ingest'], load: async () => (await import('./commands/ingest-command.js')).addIngestCommands },
  { names: ['recordings'], load: async () => (await import('./commands/recordings-command.js')).addRecordingsCommands },
  { names: ['verify'], load: async () => (await import('./commands/verify-command.js')).addVerifyCommands },
  { names: ['repair'], load: async () => (await import('./commands/repair-command.js')).addRepairCommands },
  { names: ['device', 'officer'], load: async () => (await import('./commands/register-commands.js')).addRegisterCommands },
  { names: ['operator'], load: async () => (await import('./commands/operator-commands.js')).addOperatorCommands },
  { names: ['audit'], load: async () => (await import('./commands/audit-commands.js')).addAuditCommands },
  { names: ['fixity'], load: async () => (await import('./commands/fixity-command.js')).addFixityCommands },
  { names: ['device'], load: async () => (await import('./commands/device-lifecycle-commands.js')).addDeviceLifecycleCommands },
  { names: ['device'], load: async () => (await import('./commands/equipment-commands.js')).addEquipmentCommands },
  { names: ['officer', 'exemption', 'dock'], load: async () => (await import('./commands/people-commands.js')).addPeopleCommands },
  { names: ['daemon', 'status'], load: async () => (await import('./commands/daemon-command.js')).addDaemonCommands },
  { names: ['export'], load: async () => (await import('./commands/export-command.js')).addExportCommands },
  { names: ['case'], load: async () => (await import('./commands/case-commands.js')).addCaseCommands },
  { names: ['hold'], load: async () => (await import('./commands/hold-commands.js')).addHoldCommands },
  { names: ['retention'], load: async () => (await import('./commands/retention-commands.js')).addRetentionCommands },
  { names: ['disc'], load: async () => (await import('./commands/disc-command.js')).addDiscCommands },
  { names: ['disc'], load: async () => (await import('./commands/disc-handover-commands.js')).addDiscHandoverCommands },
  { names: ['report', 'inspection'], load: async () => (await import('./commands/inspection-commands.js')).addInspectionCommands },
  { names: ['device', 'gap', 'late'], load: async () => (await import('./commands/recording-checks-commands.js')).addRecordingChecksCommands },
  // Classification adds to groups the modules above made: they are loaded with it (modulesFor).
  { names: ['recordings', 'operator', 'case'], load: async () => (await import('./commands/classify-commands.js')).addClassifyCommands },
  { names: ['access'], load: async () => (await import('./commands/access-command.js')).addAccessCommands },
  { names: ['recordings'], load: async () => (await import('./commands/custody-command.js')).addCustodyCommand },
  { names: ['replicate'], load: async () => (await import('./commands/replicate-command.js')).addReplicateCommands },
  // The bureau's catalogue across stations: its own config, no vault (src/wiring/central.ts).
  { names: ['central'], load: async () => (await import('./commands/central-commands.js')).addCentralCommands },
  { names: ['restore-station'], load: async () => (await import('./commands/restore-station-command.js')).addRestoreStationCommands },
];

/** The top-level command a command line names: the first word that is neither an option nor the value of --config. */
export function commandNamed(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return null;
    // The global options that take a value: their value is not the command.
    if (a === '--config' || a === '--lang') i++;
    else if (!a.startsWith('-')) return a;
  }
  return null;
}

/**
 * The modules a command needs: those that register it, and with them every module that registers a
 * group they add to (classification adds to `recordings`, `operator` and `case`: all three come).
 */
function modulesFor(name: string | null): typeof COMMAND_MODULES {
  if (name === null || !COMMAND_MODULES.some((m) => m.names.includes(name))) return COMMAND_MODULES;
  const names = new Set([name]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of COMMAND_MODULES) {
      if (!m.names.some((n) => names.has(n))) continue;
      for (const n of m.names) if (!names.has(n)) grew = Boolean(names.add(n));
    }
  }
  return COMMAND_MODULES.filter((m) => m.names.some((n) => names.has(n)));
}

/** The program with the commands `args` (the words after the script) can reach: all of them unless it names one we know. */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
  const program = new Command('evidence-vault')
    .description(t(g.program))
    .option('--config <file>', t(g.config))
    .option('--json', t(g.json))
    .option('--verbose', t(g.verbose))
    .option('--lang <zh|en>', t(g.lang))
    .addHelpText(
      'after',
      examples(
        ['evidence-vault status', 'evidence-vault recordings list --from 2026-07-01 --device 0001234', 'evidence-vault verify', 'evidence-vault help disc'],
        t(g.firstDay),
      ),
    )
    .exitOverride();
  const wanted = modulesFor(commandNamed(args));
  // Loaded side by side, registered in order: help lists the commands as it always did.
  for (const register of await Promise.all(wanted.map((m) => m.load()))) register(program);
  speakCommanderLanguage(program);
  namingTyposFirst(program);
  addGroupExamples(program);
  return program;
}
