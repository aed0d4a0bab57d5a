#!/usr/bin/env bash
# Packs a .deb written by Tauri's bundler again, its files compressed with xz
# at the strongest preset instead of gzip. The two programs it installs,
# `kith` and `kith-desktop`, share most of their code (the store, SQLCipher,
# the formats); xz's 64 MiB window sees both at once where gzip's 32 KiB
# cannot, which halves the package. dpkg has read xz packages since 1.15.
#
#   src-tauri/deb-xz.sh target/release/bundle/deb/Kith_0.1.0_amd64.deb
#
# The package is replaced in place only once the new one is whole and lists
# the same files.
set -euo pipefail

deb="${1:?usage: deb-xz.sh PACKAGE.deb}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dpkg-deb --raw-extract "$deb" "$work/root"
# Files owned by root whoever builds; the files' own times and modes kept.
dpkg-deb --root-owner-group -Zxz -z9 -Sextreme --build "$work/root" "$work/package.deb" >/dev/null

# Each file's mode, size and path, in one order whatever the packer's.
list() { dpkg-deb --contents "$1" | awk '$1 ~ /^-/ { sub(/^\.?\//, "", $NF); print $1, $3, $NF }' | sort; }
if [ "$(list "$deb")" != "$(list "$work/package.deb")" ]; then
  echo "deb-xz.sh: packed again, $deb would not list the same files; left as it was" >&2
  exit 1
fi
mv "$work/package.deb" "$deb"
echo "$deb: $(stat -c %s "$deb") bytes (xz)"
