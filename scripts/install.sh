#!/usr/bin/env bash
# Install evidence-vault and its dock service on a Debian/Ubuntu evidence PC:
# a dedicated service user, the program under /opt, the vault and catalogue under /var/lib,
# the config under /etc, the udev rule for the configured recorders, and the systemd unit.
# Run as root from an unpacked release (or a built checkout). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo scripts/install.sh)" >&2; exit 1; }

PREFIX=/opt/evidence-vault
STATE=/var/lib/evidence-vault
CONF=/etc/evidence-vault
MEDIA=/media/recorders
USER_NAME=evidence-vault

apt-get install -y --no-install-recommends ffmpeg util-linux nodejs >/dev/null
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js >= 20.19 is needed, found "+process.versions.node); process.exit(1) }'

id -u "$USER_NAME" >/dev/null 2>&1 || useradd --system --home-dir "$STATE" --shell /usr/sbin/nologin "$USER_NAME"

install -d -m 0755 "$PREFIX" "$CONF" "$MEDIA"
install -d -m 0750 -o "$USER_NAME" -g "$USER_NAME" "$STATE" "$STATE/vault"
[ -d dist ] || { npm ci --no-audit --no-fund && npm run build; }
cp -a dist package.json package-lock.json config "$PREFIX/"
(cd "$PREFIX" && npm ci --omit=dev --no-audit --no-fund)

if [ ! -f "$CONF/config.json" ]; then
  cat >"$CONF/config.json" <<JSON
{
  "vaultRoot": "$STATE/vault",
  "catalogPath": "$STATE/catalog.sqlite",
  "timezone": "Asia/Shanghai",
  "dock": { "mediaRoots": ["$MEDIA"], "usbIds": [], "settleSeconds": 3 },
  "clearAfterIngest": false
}
JSON
  chmod 0644 "$CONF/config.json"
fi

# One udev line per recorder USB id in the config.
RULES=/etc/udev/rules.d/70-evidence-vault-recorders.rules  # shape: systemd/70-evidence-vault-recorders.rules
{
  echo "# Written by evidence-vault scripts/install.sh from dock.usbIds in $CONF/config.json"
  node -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const id of (c.dock && c.dock.usbIds) || []) {
      const [v, p] = id.toLowerCase().split(":");
      console.log(`SUBSYSTEM=="usb", ATTR{idVendor}=="${v}", ATTR{idProduct}=="${p}", MODE="0640", GROUP="evidence-vault"`);
      console.log(`SUBSYSTEM=="block", ATTRS{idVendor}=="${v}", ATTRS{idProduct}=="${p}", MODE="0640", GROUP="evidence-vault"`);
    }' "$CONF/config.json"
} >"$RULES"
udevadm control --reload-rules || true

# The command operators type: runs the CLI with the installed config (sudo resets the environment).
cat >/usr/local/bin/evidence-vault <<SH
#!/bin/sh
EVIDENCE_VAULT_CONFIG=$CONF/config.json exec /usr/bin/node $PREFIX/dist/src/cli/main.js "\$@"
SH
chmod 0755 /usr/local/bin/evidence-vault

# One group per role; the sudo rule lets each reach only its own commands, as the service user.
for g in evidence-custodian evidence-archivist evidence-auditor evidence-approver evidence-admin; do
  getent group "$g" >/dev/null || groupadd --system "$g"
done
if command -v visudo >/dev/null && visudo -cf scripts/sudoers-roles.example >/dev/null; then
  install -m 0440 scripts/sudoers-roles.example /etc/sudoers.d/evidence-vault
else
  echo "install.sh: sudo rules not installed (no visudo, or the rules did not check): see scripts/sudoers-roles.example" >&2
fi

# The person installing becomes the catalogue's first administrator (on the record as operator.bootstrap).
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ]; then
  runuser -u "$USER_NAME" -- env SUDO_USER="$SUDO_USER" /usr/local/bin/evidence-vault operator list >/dev/null
  usermod -aG evidence-admin "$SUDO_USER"
fi

install -m 0644 systemd/evidence-vault.service /etc/systemd/system/evidence-vault.service
systemctl daemon-reload
systemctl enable --now evidence-vault.service
echo "Installed. Logs: journalctl -u evidence-vault -f   Status: sudo -u $USER_NAME evidence-vault status"
