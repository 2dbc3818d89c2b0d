/**
 * A command line the parser refused goes on the record (CommandSession.recordUnparsed): who typed
 * what, refused. Best effort: the person has already been told why; a vault that cannot be opened (no
 * configuration, a --config the installed PC refuses, a catalogue not made yet) records nothing and
 * adds no second error. Loaded only then: a command line that parses never loads this.
 */
import type { CommanderError } from 'commander';

/** The value of `--config` among the words, as the program would take it (`--config F` or `--config=F`). */
function configOf(words: readonly string[]): string | undefined {
  for (const [i, w] of words.entries()) {
    if (w === '--config') return words[i + 1];
    if (w.startsWith('--config=')) return w.slice('--config='.length);
  }
  return undefined;
}

export async function recordUnparsed(words: readonly string[], err: CommanderError): Promise<void> {
  try {
    const { openVault } = await import('../wiring.js');
    const vault = openVault({ configFile: configOf(words), logLevel: 'silent' });
    try {
      vault.session.recordUnparsed(words, err.code, err.message);
    } finally {
      await vault.close();
    }
  } catch {
    // Told already; nothing more to say.
  }
}
