/** Every recording flag, with what it means to a person: the type checker keeps this list complete. */
import type { Said } from './errors.js';
import { recordingFlagMessages as m } from './i18n/recording-flag-messages.js';
import type { RecordingFlag } from './types.js';

const MEANING: Record<RecordingFlag, Said> = {
  'unregistered-device': m['unregistered-device'],
  quarantined: m.quarantined,
  'probe-error': m['probe-error'],
  'name-sanitized': m['name-sanitized'],
  'name-shortened': m['name-shortened'],
  'time-from-mtime': m['time-from-mtime'],
  'officer-mismatch': m['officer-mismatch'],
  attributed: m.attributed,
  'clock-ahead': m['clock-ahead'],
  'clock-skew': m['clock-skew'],
};

export const RECORDING_FLAGS = Object.keys(MEANING) as RecordingFlag[];

/** Each flag's meaning in Chinese, to show beside the flag (the flag is what `--flag` takes). */
export const FLAG_MEANING_ZH: Readonly<Record<RecordingFlag, string>> = Object.fromEntries(RECORDING_FLAGS.map((f) => [f, MEANING[f].zh])) as Record<RecordingFlag, string>;

export function isRecordingFlag(text: string): text is RecordingFlag {
  return Object.hasOwn(MEANING, text);
}

/** What `flag` means, in both languages. */
export function flagMeaning(flag: RecordingFlag): Said {
  return MEANING[flag];
}

/** `--flag TEXT` that is not a flag: the refusal and its hint, in both languages. */
export function notAFlag(text: string): { message: Said; hint: Said } {
  const list = RECORDING_FLAGS.join(', ');
  return {
    message: { zh: m.notAFlag.zh({ text }), en: m.notAFlag.en({ text }) },
    hint: { zh: m.useOneOf.zh({ list }), en: m.useOneOf.en({ list }) },
  };
}
