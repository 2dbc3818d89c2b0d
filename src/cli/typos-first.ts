/**
 * A misspelt option is named before a required one is missing. Commander checks required options
 * first, so `hold add 1 --reasn complaint` said "--reason not specified" and never pointed at the
 * typo, or offered the option it meant. Here each command's required options are checked just before
 * its action instead, once commander has refused unknown options (with its "did you mean"); the
 * error is commander's own, word for word, so its language and exit code stay as they were.
 */
import type { Command, Option } from 'commander';

/** Commander's own error for a missing required option (not in its typings). */
type MissingReport = { missingMandatoryOptionValue(option: Option): void };

export function namingTyposFirst(program: Command): void {
  const each = (cmd: Command) => {
    const required = cmd.options.filter((o) => o.mandatory);
    if (required.length) {
      for (const o of required) o.makeOptionMandatory(false);
      cmd.hook('preAction', (_hooked, acting) => {
        if (acting !== cmd) return;
        const missing = required.find((o) => cmd.getOptionValue(o.attributeName()) === undefined);
        if (missing) (cmd as unknown as MissingReport).missingMandatoryOptionValue(missing);
      });
    }
    cmd.commands.forEach(each);
  };
  each(program);
}
