/**
 * What stops the program before it does anything (src/startup.ts, src/wiring/start-guards.ts) and the
 * installation's own parts (installation record, ffprobe wrapper, chromium, schedules), in both
 * languages. Pure.
 */
import { defineMessages, message } from './messages.js';

export const startupMessages = defineMessages({
  overrideRefused: message<{ path: string; source: string; value: string }>({
    zh: (p) => `拒绝：本机使用管理员的配置 ${p.path} 运行；不接受 ${p.source} ${p.value}`,
    en: (p) => `refused: this PC runs with the administrator's configuration ${p.path}; ${p.source} ${p.value} is not accepted`,
  }),
  overrideRefusedHint: message({
    zh: '请不加 --config（也不设置 EVIDENCE_VAULT_CONFIG）运行该命令。本次尝试已记入审计日志。',
    en: 'Run the command without --config (and without EVIDENCE_VAULT_CONFIG). The attempt is recorded in the audit trail.',
  }),
  notServiceAccount: message<{ user: string; me: string }>({
    zh: (p) => `evidence-vault 须以服务账户 ${p.user} 运行，而不是 ${p.me}`,
    en: (p) => `evidence-vault runs as the service account ${p.user}, not as ${p.me}`,
  }),
  notServiceAccountHint: message<{ user: string; args: string }>({
    zh: (p) => `sudo -u ${p.user} evidence-vault ${p.args}   （如 sudo 拒绝，说明您的账户不在任何角色组中：请管理员添加，例如 usermod -aG evidence-custodian 您的账户）`,
    en: (p) => `sudo -u ${p.user} evidence-vault ${p.args}   (if sudo refuses, your account is in no role group: an administrator adds it, e.g. usermod -aG evidence-custodian YOUR-ACCOUNT)`,
  }),
  noVault: message<{ path: string }>({
    zh: (p) => `${p.path} 处没有音像资料库：请先运行 evidence-vault init`,
    en: (p) => `no vault at ${p.path} — run evidence-vault init`,
  }),
  noVaultHint: message({
    zh: '请检查配置中的 "catalogPath" 是否写错；新电脑上由管理员运行：evidence-vault init',
    en: 'Check "catalogPath" in the config for a typo; on a new PC an administrator runs: evidence-vault init',
  }),
  noVaultFolder: message<{ path: string }>({
    zh: (p) => `目录库在，但音像资料库文件夹 ${p.path} 不存在`,
    en: (p) => `the catalogue is there but the vault folder ${p.path} is missing`,
  }),
  noVaultFolderHint: message({
    zh: '存放音像资料库的磁盘是否已挂载？请检查配置中的 "vaultRoot"。未创建任何内容。',
    en: 'Is the disk holding the vault mounted? Check "vaultRoot" in the config. Nothing was created.',
  }),
  fileSizeLimit: message<{ bytes: number }>({
    zh: (p) => `当前有 ${p.bytes} 字节的文件大小限制（ulimit -f）：evidence-vault 不在此限制下运行`,
    en: (p) => `a file-size limit of ${p.bytes} bytes is in effect (ulimit -f): evidence-vault does not run under one`,
  }),
  fileSizeLimitHint: message({
    zh: '请在没有该限制的终端中运行该命令（ulimit -f unlimited，或重新登录）。',
    en: 'Run the command from a shell without that limit (ulimit -f unlimited, or a new login).',
  }),
  reinstallHint: message({ zh: '请以 root 身份重新运行 scripts/install.sh。', en: 'Re-run scripts/install.sh as root.' }),
  cannotReadFile: message<{ path: string; what: string; code: string }>({
    zh: (p) => `无法读取 ${p.path}：${p.code}`,
    en: (p) => `cannot read ${p.path}: ${p.what}`,
  }),
  notInstallation: message<{ path: string }>({
    zh: (p) => `${p.path} 不是 install.sh 写出的安装记录`,
    en: (p) => `${p.path} is not an installation record written by install.sh`,
  }),
  cannotCheck: message<{ path: string; what: string; code: string }>({
    zh: (p) => `无法检查 ${p.path}：${p.code}`,
    en: (p) => `cannot check ${p.path}: ${p.what}`,
  }),
  symlinkUntrusted: message<{ path: string }>({
    zh: (p) => `${p.path} 是符号链接：已安装的配置不可信`,
    en: (p) => `${p.path} is a symbolic link: the installed configuration is not to be trusted`,
  }),
  ownerUntrusted: message<{ path: string; uid: number }>({
    zh: (p) => `${p.path} 属于 uid ${p.uid}，不属于 root：已安装的配置不可信`,
    en: (p) => `${p.path} belongs to uid ${p.uid}, not root: the installed configuration is not to be trusted`,
  }),
  writableUntrusted: message<{ path: string }>({
    zh: (p) => `${p.path} 可被 root 以外的账户修改：已安装的配置不可信`,
    en: (p) => `${p.path} can be changed by accounts other than root: the installed configuration is not to be trusted`,
  }),
  untrustedHint: message({
    zh: '请管理员以 root 身份修正（chown root:root，chmod go-w），或重新运行 scripts/install.sh。',
    en: 'An administrator should fix it as root (chown root:root, chmod go-w) or re-run scripts/install.sh.',
  }),
  noProbeWrapper: message<{ path: string }>({
    zh: (p) => `缺少 ffprobe 包装脚本 ${p.path}：本次安装不完整`,
    en: (p) => `the ffprobe wrapper ${p.path} is missing: this installation is incomplete`,
  }),
  noProbeWrapperHint: message({
    zh: '请以 root 身份从原发布版本重新运行 scripts/install.sh。',
    en: 'Re-run scripts/install.sh as root from the release it came from.',
  }),
  noChromium: message({
    zh: '未安装 chromium：无法生成登记表 PDF',
    en: 'chromium is not installed: the register PDF cannot be made',
  }),
  noChromiumHint: message({
    zh: '请安装：apt-get install chromium fonts-wqy-zenhei（或运行 setup）；HTML 登记表无论如何都会写出。',
    en: 'Install it: apt-get install chromium fonts-wqy-zenhei (or run setup); the HTML register is written either way.',
  }),
  notCron: message<{ expression: string; name: string }>({
    zh: (p) => `${p.name} 的计划 "${p.expression}" 不是 cron 表达式`,
    en: (p) => `schedule "${p.expression}" for ${p.name} is not a cron expression`,
  }),
  notCronHint: message({
    zh: '请用五个字段，例如 "30 2 * * *" 表示每天 02:30。',
    en: 'Use five fields, e.g. "30 2 * * *" for 02:30 every day.',
  }),
});
