/**
 * Commander's own words in the run's language: the help's titles (用法, 选项, 命令), the help
 * option and command, the `(default: …)` notes, and its argument errors. Commander writes these in
 * English; they are put into the run's language on their way out, whatever command they come from.
 */
import { Help, type Command } from 'commander';
import { defineMessages, message } from '../core/i18n/messages.js';
import { language, t } from './language.js';

const words = defineMessages({
  usage: message({ zh: '用法：', en: 'Usage:' }),
  options: message({ zh: '选项：', en: 'Options:' }),
  globalOptions: message({ zh: '全局选项：', en: 'Global Options:' }),
  commands: message({ zh: '命令：', en: 'Commands:' }),
  arguments: message({ zh: '参数：', en: 'Arguments:' }),
  help: message({ zh: '显示该命令的帮助', en: 'display help for command' }),
  afterError: message({ zh: '（加 --help 查看用法）', en: '(add --help for usage)' }),
});

const TITLES: Record<string, () => string> = {
  'Usage:': () => t(words.usage),
  'Options:': () => t(words.options),
  'Global Options:': () => t(words.globalOptions),
  'Commands:': () => t(words.commands),
  'Arguments:': () => t(words.arguments),
};

/** Commander's argument errors, each in Chinese; the English is commander's own. */
const ERRORS: [RegExp, (...m: string[]) => string][] = [
  [/^error: missing required argument '(.*)'$/, (a) => `错误：缺少必需的参数 '${a}'`],
  [/^error: option '(.*)' argument missing$/, (o) => `错误：选项 '${o}' 缺少取值`],
  [/^error: required option '(.*)' not specified$/, (o) => `错误：未给出必需的选项 '${o}'`],
  [/^error: (.*) cannot be used with (.*)$/, (a, b) => `错误：${a} 不能与 ${b} 同时使用`],
  [/^error: unknown option '(.*)'$/, (o) => `错误：未知选项 '${o}'`],
  [/^error: too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/, (c, e, g) => `错误：参数过多${c ? `（'${c}'）` : ''}：应为 ${e} 个，收到 ${g} 个`],
  [/^error: unknown command '(.*)'$/, (c) => `错误：未知命令 '${c}'`],
  [/^error: option '(.*)' argument '(.*)' is invalid\.(.*)$/, (o, v, rest) => `错误：选项 '${o}' 的取值 '${v}' 无效。${commanderLine(rest.trim())}`],
  [/^error: command-argument value '(.*)' is invalid for argument '(.*)'\.(.*)$/, (v, a, rest) => `错误：参数 '${a}' 的取值 '${v}' 无效。${commanderLine(rest.trim())}`],
  [/^\(Did you mean one of (.*)\?\)$/, (s) => `（您是否要输入其中之一：${s}？）`],
  [/^\(Did you mean (.*)\?\)$/, (s) => `（您是否要输入 ${s}？）`],
  [/^Allowed choices are (.*)\.$/, (s) => `可选值为 ${s}。`],
];

/** One line of commander's error output in the run's language (unknown lines pass unchanged). */
export function commanderLine(line: string): string {
  if (language() === 'en') return line;
  for (const [pattern, zh] of ERRORS) {
    const m = pattern.exec(line);
    if (m) return zh(...m.slice(1).map((s) => s ?? ''));
  }
  return line;
}

function optionNotes(text: string): string {
  // `(default: …)`, or `(choices: …, default: …)` where an option has both.
  return language() === 'en' ? text : text.replace(/(\(|, )default: /g, '$1默认：').replace(/choices: /g, '可选：').replace(/\(env: /g, '(环境变量：');
}

/** Apply the run's language to every command of the program (call after all commands are added). */
export function speakCommanderLanguage(program: Command): void {
  const each = (cmd: Command) => {
    cmd.helpOption('-h, --help', t(words.help));
    if (cmd.commands.length) cmd.helpCommand('help [command]', t(words.help));
    cmd.configureHelp({
      styleTitle: (title: string) => TITLES[title]?.() ?? title,
      optionDescription: (option) => optionNotes(Help.prototype.optionDescription.call(new Help(), option)),
      argumentDescription: (argument) => optionNotes(Help.prototype.argumentDescription.call(new Help(), argument)),
    });
    cmd.configureOutput({
      outputError: (str, write) => write(str.split('\n').map(commanderLine).join('\n')),
    });
    cmd.showHelpAfterError(t(words.afterError));
    cmd.commands.forEach(each);
  };
  each(program);
}
