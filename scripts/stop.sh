#!/usr/bin/env bash
# npm stop: stop the dock service npm start started (SIGTERM: it finishes or abandons the file in
# flight, never a half-file) and undock the demo's pretend recorders.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/daemon-pid.sh
if pid=$(service_pid); then
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  echo "接入服务已停止 / dock service stopped (pid $pid)"
else
  echo "接入服务未运行 / the dock service is not running"
fi
rm -f "$PIDFILE"
for m in data/media/*/; do
  [ -d "$m" ] && mountpoint -q "$m" && fusermount -u "$m" || true
done
