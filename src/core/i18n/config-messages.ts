/**
 * The config file's errors (src/adapters/config-file.ts), each naming the file and the key, in both
 * languages: `config X: key "a.b": …` / `配置 X：键 "a.b"：…`. Pure.
 */
import { defineMessages, message } from './messages.js';
import type { Said } from '../errors.js';

/** The English of the schema's own checks, in Chinese (the schema states them once, in English). */
const CUSTOM_ZH: Record<string, string> = {
  'category names are lower-case words joined by "-"': '类别名须为以 "-" 连接的小写单词',
  'R6 categories are kept permanently; remove this period': 'R6 所列类别永久保存；请删除此保存期限',
  'not a date YYYY-MM-DD': '不是 YYYY-MM-DD 形式的日期',
  'not an IANA timezone name (e.g. Asia/Shanghai)': '不是 IANA 时区名（例如 Asia/Shanghai）',
  'not a local time of day HH:MM (e.g. 02:30)': '不是本地时刻 HH:MM（例如 02:30）',
  'not a "vvvv:pppp" USB id': '不是 "vvvv:pppp" 形式的 USB 标识',
  'gapToleranceSeconds must be shorter than sessionBreakMinutes': 'gapToleranceSeconds 须短于 sessionBreakMinutes',
  'not a URL such as https://s3.bureau.example:7480': '不是网址，例如 https://s3.bureau.example:7480',
  'not an S3 bucket name (3–63 lower-case letters, digits, "." or "-")': '不是 S3 存储桶名（3–63 个小写字母、数字、"." 或 "-"）',
  'lower-case letters, digits and "-", at most 63': '只能用小写字母、数字和 "-"，最多 63 个',
};

const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  boolean: '布尔值（true 或 false）',
  array: '数组',
  object: '对象',
  int: '整数',
  null: 'null',
  undefined: '缺失',
};

/** What the schema found wrong with one key, as zod (its v3 API) reports it: the fields read here. */
export interface ConfigIssue {
  code: string;
  message: string;
  expected?: unknown;
  received?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  inclusive?: unknown;
  options?: unknown;
  validation?: unknown;
}

/** The Chinese of one schema problem: the schema's own sentence, else by zod's code (its own words are English). */
export function issueZh(issue: ConfigIssue): string {
  const custom = CUSTOM_ZH[issue.message];
  if (custom) return custom;
  const shorter = /^must not be shorter than minimumMonths \((\d+)\)$/.exec(issue.message);
  if (shorter) return `不得短于 minimumMonths（${shorter[1]}）`;
  const least = /^must be at least (\d+): R12\(3\)/.exec(issue.message);
  if (least) return `不得少于 ${least[1]}：R12(3) 规定原始音像资料至少保存六个月`;
  const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => JSON.stringify(x)).join('、') : '');
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined' ? `缺少此键（应为${TYPE_ZH[String(issue.expected)] ?? String(issue.expected)}）` : `应为${TYPE_ZH[String(issue.expected)] ?? String(issue.expected)}`;
    case 'too_small':
      return issue.inclusive === false ? `须大于 ${String(issue.minimum)}` : `不得小于 ${String(issue.minimum)}`;
    case 'too_big':
      return issue.inclusive === false ? `须小于 ${String(issue.maximum)}` : `不得大于 ${String(issue.maximum)}`;
    case 'invalid_enum_value':
    case 'invalid_literal':
      return Array.isArray(issue.options) ? `应为以下之一：${list(issue.options)}` : `应为 ${JSON.stringify(issue.expected)}`;
    case 'invalid_string':
      return '格式不正确';
    case 'invalid_date':
      return '不是有效的日期';
    case 'not_multiple_of':
      return '不是所要求的倍数';
    case 'invalid_union':
      return '不符合任何一种允许的形式';
    default:
      return '取值无效';
  }
}

export const configMessages = defineMessages({
  problems: message<{ source: string; zh: string; en: string }>({
    zh: (p) => `配置 ${p.source}：${p.zh}`,
    en: (p) => `config ${p.source}: ${p.en}`,
  }),
  fixHint: message({
    zh: '请修正或删除该键；每个键见 config/default.json。',
    en: 'Fix or remove that key; see config/default.json for every key.',
  }),
  sourceOverlaps: message<{ source: string; key: string; path: string; hit: string }>({
    zh: (p) => `配置 ${p.source}：键 "${p.key}"：${p.path} 与音像资料库自身的目录 ${p.hit} 重叠`,
    en: (p) => `config ${p.source}: key "${p.key}": ${p.path} overlaps the vault's own folder ${p.hit}`,
  }),
  sourceOverlapsHint: message({
    zh: '执法记录仪挂载目录和投放文件夹必须位于音像资料库及目录库文件夹之外。',
    en: 'Recorders and drop folders must be outside the vault and the catalogue folder.',
  }),
  copiesOverlap: message<{ source: string; path: string; hit: string }>({
    zh: (p) => `配置 ${p.source}：键 "access.copiesRoot"：${p.path} 与 ${p.hit} 重叠`,
    en: (p) => `config ${p.source}: key "access.copiesRoot": ${p.path} overlaps ${p.hit}`,
  }),
  copiesOverlapHint: message({
    zh: '调阅副本放在独立的文件夹中，与音像资料库并列，绝不放在其中、目录库文件夹或执法记录仪挂载目录中。',
    en: 'Working copies go in a folder of their own, beside the vault, never in it, the catalogue folder or a media root.',
  }),
  screenNotHtml: message<{ source: string; path: string }>({
    zh: (p) => `配置 ${p.source}：键 "dockScreen"：${p.path} 不是 .html 文件`,
    en: (p) => `config ${p.source}: key "dockScreen": ${p.path} is not an .html file`,
  }),
  screenNotHtmlHint: message({
    zh: '接入屏幕的文件名须以 .html 结尾（默认：不写此键）。',
    en: "Name the dock screen's file .html (the default: leave the key out).",
  }),
  screenInside: message<{ source: string; path: string; hit: string }>({
    zh: (p) => `配置 ${p.source}：键 "dockScreen"：${p.path} 位于 ${p.hit} 之内`,
    en: (p) => `config ${p.source}: key "dockScreen": ${p.path} is inside ${p.hit}`,
  }),
  screenInsideHint: message({
    zh: '请把接入屏幕放在目录库旁（默认：不写此键）或独立的文件夹中。',
    en: 'Put the dock screen beside the catalogue (the default: leave the key out) or in a folder of its own.',
  }),
  unreadable: message<{ path: string; what: string; code: string }>({
    zh: (p) => `无法读取配置 ${p.path}：${p.code}`,
    en: (p) => `cannot read config ${p.path}: ${p.what}`,
  }),
  unreadableHint: message({
    zh: '请用 --config FILE 指定，或设置 EVIDENCE_VAULT_CONFIG。',
    en: 'Pass --config FILE or set EVIDENCE_VAULT_CONFIG.',
  }),
});

/**
 * A config that is not JSON: the parser's words in English, the line and column where it stopped in
 * both (the parser gives a 0-based character position; an editor shows lines and columns from 1).
 */
export function notJsonSaid(file: string, parserMessage: string, text: string): Said {
  const at = /position (\d+)/.exec(parserMessage)?.[1];
  if (at === undefined) return { zh: `配置 ${file} 不是有效的 JSON`, en: `config ${file} is not valid JSON: ${parserMessage}` };
  const before = text.slice(0, Number(at)).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const where = /\(line \d+ column \d+\)/.test(parserMessage) ? '' : ` (line ${line}, column ${column})`;
  return {
    zh: `配置 ${file} 不是有效的 JSON：第 ${line} 行第 ${column} 列有误`,
    en: `config ${file} is not valid JSON: ${parserMessage}${where}`,
  };
}
