#!/usr/bin/env bash
# npm run demo: dock two pretend recorders into the running dock service (npm start), so the dock
# screen fills: registers two officers and their recorders (recognised by their file names) the first
# time, then mounts a FAT32 image with three clips for each under ./data/media (scripts/simulate-dock).
set -euo pipefail
cd "$(dirname "$0")/.."
CLI=(node dist/bundle/evidence-vault.cjs)
. scripts/daemon-pid.sh
if ! service_pid >/dev/null; then
  echo "evidence-vault: 接入服务未运行，请先运行 npm start / the dock service is not running: run npm start first" >&2
  exit 1
fi
register() { # device officer name
  "${CLI[@]}" officer list --json | grep -q "\"$2\"" || "${CLI[@]}" officer add --id "$2" --name "$3" --unit 执法一队 >/dev/null
  if ! "${CLI[@]}" device show "$1" >/dev/null 2>&1; then
    "${CLI[@]}" device add --number "$1" --brand 演示 --model DEMO >/dev/null
    "${CLI[@]}" device identify "$1" --volume file-names >/dev/null
    "${CLI[@]}" device assign "$1" "$2" --from "$(date -d '1 day ago' '+%Y-%m-%d %H:%M')" >/dev/null
  fi
}
register 0001234 110101 张三
register 0005678 110102 李四
for pair in 0001234:110101 0005678:110102; do
  device=${pair%%:*}
  if mountpoint -q "data/media/$device"; then fusermount -u "data/media/$device"; fi
  scripts/simulate-dock data/media "$device" "${pair##*:}"
done
echo "已接入两台模拟执法记录仪：请看接入情况页面 / two pretend recorders docked: watch the dock screen"
echo "  file://$PWD/data/catalogue/dock-screen.html"
