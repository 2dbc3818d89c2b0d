/** The program's own description and global options. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const globalMessages = defineMessages({
  firstDay: message({
    zh: '第一次使用：README 的“A day with it”一节按一天的工作顺序列出各条命令；每条命令的 --help 都给出示例。',
    en: "New here: the README's \"A day with it\" walks through a day's work command by command; every command's --help has an example.",
  }),
  program: message({ zh: '执法记录仪音像资料保管：导入、校验、编目', en: 'Evidence vault for body-worn recorder footage: ingest, verify, catalogue' }),
  config: message({ zh: '配置文件（默认：$EVIDENCE_VAULT_CONFIG，否则 config/default.json）', en: 'configuration file (default: $EVIDENCE_VAULT_CONFIG, else config/default.json)' }),
  json: message({ zh: '在标准输出上给出机器可读的 JSON（日志仍在标准错误上）', en: 'machine-readable output on stdout (logs stay on stderr)' }),
  verbose: message({ zh: '在标准错误上逐个文件记录日志', en: 'log every file on stderr' }),
  lang: message({ zh: '界面语言：zh（默认）或 en；--json 在两种语言下相同', en: 'language of what people read: zh (default) or en; --json is the same in both' }),
  badLang: message<{ value: string }>({ zh: (p) => `不支持的语言 --lang ${p.value}`, en: (p) => `no such language: --lang ${p.value}` }),
  badLangHint: message({ zh: '--lang zh（中文）或 --lang en（英文）', en: '--lang zh (Chinese) or --lang en (English)' }),
  unexpected: message<{ what: string }>({ zh: (p) => `意外错误：${p.what}`, en: (p) => `unexpected failure: ${p.what}` }),
  unexpectedHint: message({ zh: '加 --verbose 重新运行同一命令查看详情，并附上输出报告问题', en: 'run the same command with --verbose for details, and report it with that output' }),
  tryLabel: message({ zh: '建议', en: 'try' }),
});
