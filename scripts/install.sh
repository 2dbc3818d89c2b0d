#!/usr/bin/env bash
# Install evidence-vault and its dock service on a Debian/Ubuntu evidence PC:
# a dedicated service user, the program under /opt (owned by root), the vault and catalogue under
# /var/lib (owned by the service user), the one configuration under /etc, the role groups and sudo
# rules, the udev rule for the configured recorders, and the systemd unit.
# Run as root from a built checkout or an unpacked release. Safe to run again: the program is
# replaced, the configuration, the vault and the catalogue are kept.
set -euo pipefail
cd "$(dirname "$0")/.."

[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo scripts/install.sh)" >&2; exit 1; }

PREFIX=/opt/evidence-vault
STATE=/var/lib/evidence-vault
SCREEN=/var/lib/evidence-vault-screen
CONF=/etc/evidence-vault
MEDIA=/media/recorders
USER_NAME=evidence-vault
ROLE_GROUPS=(evidence-custodian evidence-archivist evidence-auditor evidence-approver evidence-admin)
say() { echo "install.sh: $*"; }

# What the program calls: ffprobe, findmnt, xorriso (disc images), Chromium and a CJK font (register
# PDFs), sudo (the role fence), setfacl (a working copy of secret footage for its requester alone).
# Only what is missing is installed.
PACKAGES=(ffmpeg util-linux xorriso chromium fonts-wqy-zenhei sudo acl)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi
NODE_BIN="$(command -v node || true)"
[ -n "$NODE_BIN" ] || { echo "install.sh: Node.js >= 20.19 is needed and none is installed (e.g. apt-get install nodejs from a repository that has 20)" >&2; exit 1; }
NODE_BIN="$(readlink -f "$NODE_BIN")"
"$NODE_BIN" -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("install.sh: Node.js >= 20.19 is needed, found "+process.versions.node); process.exit(1) }'

id -u "$USER_NAME" >/dev/null 2>&1 || useradd --system --home-dir "$STATE" --shell /usr/sbin/nologin "$USER_NAME"
for g in "${ROLE_GROUPS[@]}"; do
  getent group "$g" >/dev/null || groupadd --system "$g"
done
# The service user hands outputs (archive sets, disc images, registers) to the role group that made them.
usermod -a -G "$(IFS=,; echo "${ROLE_GROUPS[*]}")" "$USER_NAME"

# The program: built here if needed, copied into a fresh folder owned by root, development packages
# pruned, then swapped in whole so a half-copied program never runs.
if [ ! -f dist/bundle/evidence-vault.cjs ] || [ ! -d node_modules ]; then npm ci --no-audit --no-fund && npm run build; fi
STAGE="$(mktemp -d "$PREFIX.new.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
cp -R dist package.json package-lock.json config "$STAGE/"
# The packages themselves, where node_modules is a link (a second checkout sharing the first's): a
# copied link would point nowhere, and npm would fetch them all again, which an offline PC cannot.
mkdir "$STAGE/node_modules" && cp -R "$(readlink -f node_modules)/." "$STAGE/node_modules/"
install -d "$STAGE/scripts"
install -m 0755 scripts/ffprobe-with-timeout "$STAGE/scripts/"
(cd "$STAGE" && npm prune --omit=dev --no-audit --no-fund >/dev/null)
# installed.json fixes the configuration: no argument or environment of a caller can choose another.
printf '{\n  "config": "%s/config.json",\n  "serviceUser": "%s"\n}\n' "$CONF" "$USER_NAME" >"$STAGE/installed.json"
chown -R root:root "$STAGE"
chmod -R u+rwX,go+rX,go-w "$STAGE"
chmod 0755 "$STAGE"
if [ -d "$PREFIX" ]; then mv "$PREFIX" "$PREFIX.old.$$"; fi
mv "$STAGE" "$PREFIX"
trap - EXIT
rm -rf "$PREFIX.old.$$"

install -d -m 0755 -o root -g root "$CONF" "$MEDIA"
install -d -m 0750 -o "$USER_NAME" -g "$USER_NAME" "$STATE"
# The dock screen's page: written by the service, read by the custodians (their browser on this PC).
install -d -m 0750 -o "$USER_NAME" -g evidence-custodian "$SCREEN"
if [ ! -f "$CONF/config.json" ]; then
  cat >"$CONF/config.json" <<JSON
{
  "vaultRoot": "$STATE/vault",
  "catalogPath": "$STATE/catalog.sqlite",
  "timezone": "Asia/Shanghai",
  "dock": { "mediaRoots": ["$MEDIA"], "usbIds": [], "settleSeconds": 3 },
  "clearAfterIngest": false,
  "dockScreen": "$SCREEN/dock-screen.html"
}
JSON
fi
# The program refuses a configuration anyone but root could change.
chown root:root "$CONF/config.json"
chmod 0644 "$CONF/config.json"

# One udev line per recorder USB id in the config.
RULES=/etc/udev/rules.d/70-evidence-vault-recorders.rules  # shape: systemd/70-evidence-vault-recorders.rules
install -d -m 0755 /etc/udev/rules.d
{
  echo "# Written by evidence-vault scripts/install.sh from dock.usbIds in $CONF/config.json"
  "$NODE_BIN" -e '
    const c = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const id of (c.dock && c.dock.usbIds) || []) {
      const [v, p] = id.toLowerCase().split(":");
      console.log(`SUBSYSTEM=="usb", ATTR{idVendor}=="${v}", ATTR{idProduct}=="${p}", MODE="0640", GROUP="evidence-vault"`);
      console.log(`SUBSYSTEM=="block", ATTRS{idVendor}=="${v}", ATTRS{idProduct}=="${p}", MODE="0640", GROUP="evidence-vault"`);
    }' "$CONF/config.json"
} >"$RULES"
udevadm control --reload-rules 2>/dev/null || say "udev is not running here: the recorder rule takes effect at the next boot"

# The command operators type. A clean environment: sudo has reset it already; this passes on only
# who is behind sudo, the language and the terminal, so nothing else reaches the program; and the
# allocator and V8 settings the service's unit gives the daemon (systemd/evidence-vault.service says why).
TUNABLES="$(sed -n 's/^Environment=GLIBC_TUNABLES=//p' systemd/evidence-vault.service)"
NODE_OPTS="$(sed -n 's/^Environment=NODE_OPTIONS=//p' systemd/evidence-vault.service)"
cat >/usr/local/bin/evidence-vault <<SH
#!/bin/sh
umask 027
ulimit -f unlimited 2>/dev/null
exec /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$STATE GLIBC_TUNABLES=$TUNABLES NODE_OPTIONS=$NODE_OPTS \\
  SUDO_USER="\${SUDO_USER:-}" LANG="\${LANG:-C.UTF-8}" TERM="\${TERM:-dumb}" \\
  $NODE_BIN $PREFIX/dist/bundle/evidence-vault.cjs "\$@"
SH
chown root:root /usr/local/bin/evidence-vault
chmod 0755 /usr/local/bin/evidence-vault

# The sudo rules: who may run the program as the service user (the program checks the role).
if command -v visudo >/dev/null && visudo -cf scripts/sudoers-roles.example >/dev/null; then
  install -m 0440 -o root -g root scripts/sudoers-roles.example /etc/sudoers.d/evidence-vault
else
  echo "install.sh: sudo rules not installed (no visudo, or the rules did not check): see scripts/sudoers-roles.example" >&2
  exit 1
fi

# The vault: created once; checked and brought up to date on every later install. The person
# installing (the account behind sudo, else root) becomes the first administrator, on the record.
INSTALLER="${SUDO_USER:-root}"
runuser -u "$USER_NAME" -- env SUDO_USER="$INSTALLER" /usr/local/bin/evidence-vault init
if [ "$INSTALLER" != root ]; then usermod -a -G evidence-admin "$INSTALLER"; fi

# The dock service.
sed "s|/usr/bin/node|$NODE_BIN|" systemd/evidence-vault.service >/etc/systemd/system/evidence-vault.service
chmod 0644 /etc/systemd/system/evidence-vault.service
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable evidence-vault.service >/dev/null
  systemctl restart evidence-vault.service
  say "installed; the dock service is running. Logs: journalctl -u evidence-vault -f"
else
  say "installed; systemd is not running on this machine, so the dock service was NOT started."
  say "  on a machine booted with systemd: systemctl enable --now evidence-vault"
  say "  or run it in the foreground: runuser -u $USER_NAME -- /usr/local/bin/evidence-vault daemon"
fi
say "operators: sudo -u $USER_NAME evidence-vault status   (add people: sudo -u $USER_NAME evidence-vault operator add LOGIN --name NAME --role custodian; usermod -aG evidence-custodian LOGIN)"
say "dock screen: $SCREEN/dock-screen.html (custodians: chromium --kiosk --app=file://$SCREEN/dock-screen.html)"
