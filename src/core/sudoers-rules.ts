/**
 * The sudo rules of an installed PC, as text: generated from the access table, so the comment that
 * tells an administrator which group may do what can never disagree with what the program checks.
 * `scripts/sudoers-roles.example` is this text (a test keeps them equal); install.sh installs it.
 */
import { actionsOf } from './access-table.js';
import { ROLES } from './types.js';

const HEAD = [
  '# /etc/sudoers.d/evidence-vault — installed by scripts/install.sh after `visudo -cf` accepts it.',
  '#',
  '# The vault and the catalogue belong to the service user (evidence-vault); operators cannot read or',
  '# write either directly. People run the program as that user through sudo. sudo does the two things',
  '# the program cannot do for itself:',
  '#   - it proves who the person is (SUDO_USER), which the program maps to an operator;',
  '#   - it lets only members of the role groups switch to the service user, with a reset environment.',
  '# Everything else the program checks itself, against the catalogue, on every command:',
  "#   - the operator's roles (each command declares the roles it accepts; refusals exit 77 and are",
  '#     recorded in the audit trail), so these rules need no list of commands;',
  '#   - the configuration: the installed program reads only /etc/evidence-vault/config.json (named in',
  '#     /opt/evidence-vault/installed.json); --config or EVIDENCE_VAULT_CONFIG is refused and recorded;',
  "#   - that no source or output is the vault or the catalogue's folder.",
  '#',
  '#   usermod -aG evidence-custodian zhangsan',
  '#   sudo -u evidence-vault evidence-vault operator add zhangsan --name 张三 --role custodian',
  '#   sudo -u evidence-vault evidence-vault ingest /media/recorders/0001234 --device 0001234   # as zhangsan',
];

const RULES = [
  'Cmnd_Alias EVIDENCE_VAULT = /usr/local/bin/evidence-vault',
  '',
  '# Nothing from the caller\'s environment passes (env_reset, no setenv, no "sudo VAR=…"). The caller\'s',
  '# soft resource limits are raised here (a tiny file-size limit would tear the audit trail mid-write);',
  '# a hard limit the caller lowered is not, so the program itself refuses to run under a file-size limit.',
  'Defaults!EVIDENCE_VAULT env_reset, !setenv, !env_editor',
  'Defaults!EVIDENCE_VAULT rlimit_fsize=infinity, rlimit_as=infinity, rlimit_data=infinity, rlimit_cpu=infinity, rlimit_nofile=65536, rlimit_stack=8388608, rlimit_core=0',
  '',
  '%evidence-custodian ALL = (evidence-vault : evidence-vault) NOPASSWD: EVIDENCE_VAULT',
  '%evidence-archivist ALL = (evidence-vault : evidence-vault) NOPASSWD: EVIDENCE_VAULT',
  '%evidence-auditor   ALL = (evidence-vault : evidence-vault) NOPASSWD: EVIDENCE_VAULT',
  '%evidence-approver  ALL = (evidence-vault : evidence-vault) NOPASSWD: EVIDENCE_VAULT',
  '# Administrators confirm with their password (this line comes last, so it wins for them).',
  '%evidence-admin     ALL = (evidence-vault : evidence-vault) PASSWD: EVIDENCE_VAULT',
];

/** The group that holds the people of a role. */
export function roleGroup(role: string): string {
  return `evidence-${role}`;
}

export function sudoersText(): string {
  const perRole = ROLES.map((role) => `#   ${roleGroup(role).padEnd(19)} ${actionsOf(role).join(', ')}`);
  const table = ['#', '# What each group\'s people may run (the program checks it; generated from src/core/access-table.ts):', ...wrap(perRole)];
  return [...HEAD, ...table, '', ...RULES].join('\n') + '\n';
}

/** Fold long lines of the table at about 100 characters, continuing under the actions. */
function wrap(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const indent = '#' + ' '.repeat(23);
    let rest = line;
    while (rest.length > 100) {
      const cut = rest.lastIndexOf(', ', 100);
      out.push(rest.slice(0, cut + 1));
      rest = indent + rest.slice(cut + 2);
    }
    out.push(rest);
  }
  return out;
}
