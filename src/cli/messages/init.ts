/** `init`: the vault and its catalogue, once. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const initMessages = defineMessages({
  init: message({ zh: '创建证据库及其目录库（由管理员执行一次）；可安全地重复运行', en: 'create the vault and its catalogue (once, by the administrator); safe to run again' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  exampleNote: message({ zh: '# scripts/install.sh 会替你运行', en: '# scripts/install.sh runs it for you' }),
  notes: message({
    zh: '在新目录库上运行它的账户成为第一位管理员（记录在案）。\n没有证据库时其他命令一律拒绝运行，所以写错的 catalogPath 不会创建任何东西。\n在已有证据库上再次运行（仅限管理员），会检查它并把目录库更新到最新结构。',
    en:
      'The account that runs it on a new catalogue becomes its first administrator (on the record).\n' +
      'Every other command refuses to run where there is no vault, so a mistyped catalogPath creates nothing.\n' +
      'Run again on an existing vault (administrators only), it checks it and brings the catalogue up to date.',
  }),
  created: message<{ path: string }>({ zh: (p) => `证据库已创建：${p.path}`, en: (p) => `Vault created: ${p.path}` }),
  checked: message<{ path: string }>({ zh: (p) => `证据库已存在，已检查：${p.path}`, en: (p) => `Vault already there, checked: ${p.path}` }),
  catalogue: message<{ path: string }>({ zh: (p) => `  目录库  ${p.path}`, en: (p) => `  catalogue  ${p.path}` }),
  firstAdmin: message<{ name: string }>({ zh: (p) => `  首位管理员  ${p.name}`, en: (p) => `  first administrator  ${p.name}` }),
  operators: message<{ count: number }>({ zh: (p) => `  操作员  ${p.count}`, en: (p) => `  operators  ${p.count}` }),
});
