/** Who is at the keyboard: the real person behind `sudo -u <service user>`, else the process user. */
import os from 'node:os';

export function currentOsAccount(): string {
  // sudo names the real person, root included (root acting through sudo -u is root, not the service account).
  const viaSudo = process.env.SUDO_USER;
  if (viaSudo) return viaSudo;
  try {
    return os.userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}

/** The person who ran the program through sudo, if it was run that way. */
export function personBehindSudo(): string | null {
  return process.env.SUDO_USER || null;
}
