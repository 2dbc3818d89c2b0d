#!/usr/bin/env node
/** evidence-vault: the command line. Parses, calls a service, prints; errors say what, where and what to try. */
import { Command, CommanderError } from 'commander';
import { errorMessage, UserError } from '../core/errors.js';
import { systemErrorForPerson, busyCatalogueForPerson } from '../core/system-error.js';
import { diskFullError, isDiskFull } from '../core/disk-full.js';
import { addExportCommands } from './commands/export-command.js';
import { addIngestCommands } from './commands/ingest-command.js';
import { addRecordingsCommands } from './commands/recordings-command.js';
import { addRegisterCommands } from './commands/register-commands.js';
import { addVerifyCommands } from './commands/verify-command.js';
import { addAuditCommands } from './commands/audit-commands.js';
import { addFixityCommands } from './commands/fixity-command.js';
import { addOperatorCommands } from './commands/operator-commands.js';
import { addDaemonCommands } from './commands/daemon-command.js';
import { addDeviceLifecycleCommands } from './commands/device-lifecycle-commands.js';
import { addCaseCommands } from './commands/case-commands.js';
import { addHoldCommands } from './commands/hold-commands.js';
import { addRetentionCommands } from './commands/retention-commands.js';
import { addDiscCommands } from './commands/disc-command.js';
import { addDiscHandoverCommands } from './commands/disc-handover-commands.js';
import { addCustodyCommand } from './commands/custody-command.js';
import { addInitCommands } from './commands/init-command.js';
import { addRepairCommands } from './commands/repair-command.js';
import { addInspectionCommands } from './commands/inspection-commands.js';
import { addRecordingChecksCommands } from './commands/recording-checks-commands.js';
import { addEquipmentCommands } from './commands/equipment-commands.js';
import { addPeopleCommands } from './commands/people-commands.js';
import { addClassifyCommands } from './commands/classify-commands.js';
import { addAccessCommands } from './commands/access-command.js';

export function buildProgram(): Command {
  const program = new Command('evidence-vault')
    .description('Evidence vault for body-worn recorder footage (执法记录仪影像资料): ingest, verify, catalogue.')
    .option('--config <file>', 'configuration file (default: $EVIDENCE_VAULT_CONFIG, else config/default.json)')
    .option('--json', 'machine-readable output on stdout (logs stay on stderr)')
    .option('--verbose', 'log every file on stderr')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  addInitCommands(program);
  addIngestCommands(program);
  addRecordingsCommands(program);
  addVerifyCommands(program);
  addRepairCommands(program);
  addRegisterCommands(program);
  addOperatorCommands(program);
  addAuditCommands(program);
  addFixityCommands(program);
  addDeviceLifecycleCommands(program);
  addEquipmentCommands(program);
  addPeopleCommands(program);
  addDaemonCommands(program);
  addExportCommands(program);
  addCaseCommands(program);
  addHoldCommands(program);
  addRetentionCommands(program);
  addDiscCommands(program);
  addDiscHandoverCommands(program);
  addInspectionCommands(program);
  addRecordingChecksCommands(program);
  addClassifyCommands(program);
  addAccessCommands(program);
  addCustodyCommand(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // Whatever umask the caller had: what the program creates is never world-readable.
  process.umask(process.umask() | 0o027);
  // A reader that went away (`… | head`) ends the output, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = buildProgram();
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (caught) {
    // A full disk anywhere (a catalogue commit, a log file) is not a bug: say so, and what to do.
    const err = systemErrorForPerson(caught) ?? busyCatalogueForPerson(caught) ?? (isDiskFull(caught) && !(caught instanceof UserError) ? diskFullError([], errorMessage(caught)) : caught);
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UserError) {
      if (json) process.stdout.write(JSON.stringify({ error: err.message, hint: err.hint ?? null }) + '\n');
      process.stderr.write(`evidence-vault: ${err.message}\n${err.hint ? `  try: ${err.hint}\n` : ''}`);
      process.exitCode = err.exitCode;
      return;
    }
    // A bug, not a user error: the message and where to look; the stack only when asked for.
    const verbose = argv.includes('--verbose');
    process.stderr.write(
      `evidence-vault: unexpected failure / 意外错误: ${errorMessage(err)}\n` +
        (verbose ? `${(err as Error)?.stack ?? ''}\n` : '  try: run the same command with --verbose for details, and report it with that output\n'),
    );
    process.exitCode = 70;
  }
}

await main(process.argv);
