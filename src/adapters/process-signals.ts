/** The signals that stop a long-running service (systemd sends SIGTERM; a person at a terminal, Ctrl-C). */
export function onceStopSignal(stop: (signal: string) => void): void {
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
