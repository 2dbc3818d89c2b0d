#!/usr/bin/env bash
# npm start: the dock service on the built-in default (config/default.json: vault, SQLite catalogue,
# media root and drop folder under ./data), no config to write. Makes the vault on first use (you
# become its administrator), starts `evidence-vault daemon` in the background and says where the dock
# screen is. `npm run demo` docks a pretend recorder into it; `npm stop` stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=(node dist/bundle/evidence-vault.cjs)
[ -f dist/bundle/evidence-vault.cjs ] || { echo "evidence-vault: not built yet: run bash scripts/setup.sh (或先运行 bash scripts/setup.sh)" >&2; exit 1; }
mkdir -p data/media data/drop
. scripts/daemon-pid.sh
# One start at a time: two at once would each find no service and start one, the second never stopped.
exec 9>data/.start.lock
flock 9
if pid=$(service_pid); then
  echo "接入服务已在运行（进程 $pid）。The dock service is already running (pid $pid)."
else
  if [ ! -f data/catalogue/catalog.sqlite ]; then "${CLI[@]}" init >/dev/null; fi
  # Its own session: it outlives this shell; its log lines go to data/daemon.log. It does not keep the lock.
  setsid "${CLI[@]}" daemon >>data/daemon.log 2>&1 < /dev/null 9>&- &
  echo $! >"$PIDFILE"
fi
SCREEN="$PWD/data/catalogue/dock-screen.html"
# The service writes its first page as it starts: wait for it (or for the service to have stopped).
for _ in $(seq 1 300); do
  [ -f "$SCREEN" ] && break
  service_pid >/dev/null || { echo "evidence-vault: the dock service stopped; see data/daemon.log (接入服务已停止，见 data/daemon.log)" >&2; tail -5 data/daemon.log >&2; exit 1; }
  sleep 0.1
done
cat <<TEXT
接入服务已启动 / dock service started (pid $(cat "$PIDFILE"), log data/daemon.log)
接入情况页面 / dock screen:  file://$SCREEN
  全屏显示 / full screen:    chromium --kiosk --app=file://$SCREEN
  试一试 / try it:          npm run demo     (接入两台模拟执法记录仪 / docks two pretend recorders)
  状态 / status:            node dist/bundle/evidence-vault.cjs status
  停止 / stop:              npm stop
TEXT
