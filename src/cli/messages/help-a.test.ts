/**
 * The help of the access, audit, case, classification, custody, daemon, device, disc, operator, officer,
 * exemption and dock commands, built as main.ts builds them, in each language: in Chinese every
 * description, option and argument says something in Chinese; in English no line but an example's
 * command line (typed as is, Chinese data and all) holds a Chinese character.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../language.js';
import { speakCommanderLanguage } from '../commander-language.js';
import { addRecordingsCommands } from '../commands/recordings-command.js';
import { addRegisterCommands } from '../commands/register-commands.js';
import { addOperatorCommands } from '../commands/operator-commands.js';
import { addAuditCommands } from '../commands/audit-commands.js';
import { addDeviceLifecycleCommands } from '../commands/device-lifecycle-commands.js';
import { addEquipmentCommands } from '../commands/equipment-commands.js';
import { addPeopleCommands } from '../commands/people-commands.js';
import { addDaemonCommands } from '../commands/daemon-command.js';
import { addCaseCommands } from '../commands/case-commands.js';
import { addDiscCommands } from '../commands/disc-command.js';
import { addDiscHandoverCommands } from '../commands/disc-handover-commands.js';
import { addClassifyCommands } from '../commands/classify-commands.js';
import { addAccessCommands } from '../commands/access-command.js';
import { addCustodyCommand } from '../commands/custody-command.js';

const CJK = /[\u3400-\u9fff]/;

/** Every command of these groups converted here; [group, command] ('' for a top-level command). */
const MINE: [string, string][] = [
  ...['request', 'approve', 'refuse', 'open', 'copy', 'list', 'expire-now'].map((c): [string, string] => ['access', c]),
  ['audit', 'log'],
  ['audit', 'verify'],
  ...['create', 'list', 'show', 'link', 'close', 'unlink', 'classify'].map((c): [string, string] => ['case', c]),
  ...['build', 'verify', 'burn', 'list', 'issue', 'return', 'destroy'].map((c): [string, string] => ['disc', c]),
  ...['assign', 'unassign', 'status', 'identify', 'history', 'show', 'set', 'fault', 'repaired', 'retire'].map((c): [string, string] => ['device', c]),
  ...['add', 'roles', 'deactivate', 'list', 'clearance', 'show'].map((c): [string, string] => ['operator', c]),
  ['recordings', 'classify'],
  ['recordings', 'operator'],
  ['recordings', 'custody'],
  ['officer', 'status'],
  ['exemption', 'record'],
  ['exemption', 'list'],
  ['dock', 'history'],
  ['', 'daemon'],
];

function build(lang: 'zh' | 'en'): Command {
  chooseLanguage(['--lang', lang], {}, () => null);
  const program = new Command('evidence-vault').exitOverride();
  addRecordingsCommands(program);
  addRegisterCommands(program);
  addOperatorCommands(program);
  addAuditCommands(program);
  addDeviceLifecycleCommands(program);
  addEquipmentCommands(program);
  addPeopleCommands(program);
  addDaemonCommands(program);
  addCaseCommands(program);
  addDiscCommands(program);
  addDiscHandoverCommands(program);
  addClassifyCommands(program);
  addAccessCommands(program);
  addCustodyCommand(program);
  speakCommanderLanguage(program);
  return program;
}

function find(program: Command, [group, name]: [string, string]): Command {
  const parent = group ? program.commands.find((c) => c.name() === group)! : program;
  const cmd = parent.commands.find((c) => c.name() === name);
  if (!cmd) throw new Error(`no command ${group} ${name}`);
  return cmd;
}

/** The whole help as printed, the text after the options included. */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

describe('the help of these commands', () => {
  it('is Chinese in Chinese: every description, option and argument', () => {
    const program = build('zh');
    for (const key of MINE) {
      const cmd = find(program, key);
      const name = key.join(' ');
      expect(cmd.description(), name).toMatch(CJK);
      // case link's --device/--from/--to are the recordings filter's, described where that lives.
      for (const o of cmd.options) if (!(key[1] === 'link' && o.long !== '--recording')) expect(o.description, `${name} ${o.flags}`).toMatch(CJK);
      for (const a of cmd.registeredArguments) expect(a.description, `${name} <${a.name()}>`).toMatch(CJK);
      const help = helpOf(cmd);
      expect(help, name).toMatch(/示例：/);
      expect(help, name).not.toMatch(/Example|Usage:|Options:/);
    }
    for (const group of ['access', 'audit', 'case', 'disc', 'operator', 'exemption']) expect(program.commands.find((c) => c.name() === group)!.description(), group).toMatch(CJK);
  });

  it('has no Chinese in English outside the example command lines', () => {
    const program = build('en');
    for (const key of MINE) {
      const help = helpOf(find(program, key));
      expect(help, key.join(' ')).toMatch(/Examples?:/);
      // case link's recordings filter (--from, --to, --device, --officer) is described where that lives.
      const theirs = key[1] === 'link' ? /^\s+--(from|to|device|officer) </ : /^$/;
      const lines = help.split('\n').filter((l) => !/^\s+evidence-vault /.test(l) && !/^\s+--place 12=/.test(l) && !theirs.test(l));
      for (const line of lines) expect(line, `${key.join(' ')}: ${line}`).not.toMatch(CJK);
    }
  });
});
