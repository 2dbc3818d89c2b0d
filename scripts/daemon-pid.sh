# Sourced by start.sh, stop.sh and demo.sh (cwd: the checkout). The pid in data/daemon.pid is trusted
# only while it is this checkout's own dock service: a number whose process runs our CLI's daemon with
# this checkout as its working folder. A service that died leaves a pid the system may give to
# anything else (an editor, a shell), which npm stop must never kill and npm start must not take for
# the service.
PIDFILE=data/daemon.pid
# The service's pid when it is running, else nothing (status 1).
service_pid() {
  local pid
  pid=$(head -c 32 "$PIDFILE" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[1-9][0-9]*$ ]] || return 1
  [ "$(readlink "/proc/$pid/cwd" 2>/dev/null)" = "$(pwd -P)" ] || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx 'daemon' || return 1
  tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qx 'dist/bundle/evidence-vault.cjs' || return 1
  echo "$pid"
}
