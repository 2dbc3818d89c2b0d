/** Who is at the keyboard: the real person behind `sudo -u <service user>`, else the process user. */
import os from 'node:os';

export function currentOsAccount(): string {
  const viaSudo = process.env.SUDO_USER;
  if (viaSudo && viaSudo !== 'root') return viaSudo;
  try {
    return os.userInfo().username;
  } catch {
    return `uid:${process.getuid?.() ?? 'unknown'}`;
  }
}
