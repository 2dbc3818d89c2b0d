#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine to build, run and test evidence-vault:
# the system tools it calls (ffprobe, xorriso) and the ones its tests use to build and mount
# real FAT32 volumes (dosfstools, mtools, fusefat), then the Node packages and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  ffmpeg        # ffprobe: duration, format, codecs; ffmpeg makes test media
  xorriso       # evidence disc images (ISO 9660 + Rock Ridge + Joliet)
  chromium      # headless: the disc register's HTML printed to PDF
  fonts-wqy-zenhei  # CJK glyphs for the register (embedded in its PDF)
  poppler-utils # pdfinfo: tests check the register PDF's pages and size
  dosfstools    # mkfs.vfat: test recorder volumes
  mtools        # mcopy/mmd: fill test volumes without mounting
  fusefat       # mount FAT32 images through FUSE (no kernel vfat needed)
  fuse3         # fusermount
  hashdeep      # independent check of archive sets
  util-linux    # findmnt (mount detection)
  acl           # setfacl: a working copy of secret footage is its requester's alone to read
  procps        # pgrep (tests find the FUSE process to pull the cable)
  sudo          # the role fence on an installed PC (the install test goes through it)
  g++ make python3  # better-sqlite3 builds from source where no prebuild fits
  ceph-mon ceph-osd radosgw ceph-common  # a real S3 store with Object Lock for the replication tests
  uuid-runtime curl  # the test store's start script (uuidgen, the gateway's first answer)
  postgresql    # the central catalogue's database (its tests start their own cluster)
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<19)) { console.error("Node.js >= 20.19 is needed, found "+process.versions.node); process.exit(1) }'
npm ci --no-audit --no-fund
npm run build
echo "evidence-vault is set up (已安装). Start the dock service: npm start; run the tests: npm test"
