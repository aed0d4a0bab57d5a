#!/usr/bin/env bash
# Keeps a build cache that clones share (a CARGO_TARGET_DIR outside the
# clone) in bounds: emptied when it is larger than LIMIT_GIB, and Kith's own
# crates of earlier clones cleaned out of it (`cargo clean -p` for each
# workspace package; other people's crates stay), since every clone builds
# its own.
#   tests/build-cache.sh DIR LIMIT_GIB [more `cargo clean` options]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$1" limit_gib="$2"
shift 2
mkdir -p "$dir"
used_kib="$(du -sk "$dir" | cut -f1)"
if [ "$used_kib" -gt $((limit_gib * 1024 * 1024)) ]; then
  echo "build-cache: the cache at $dir holds $((used_kib / 1024 / 1024)) GiB, over $limit_gib GiB: emptied"
  rm -rf "$dir" && mkdir -p "$dir"
fi
packages=()
for name in $(cargo metadata --no-deps --format-version 1 --offline |
  python3 -c 'import json, sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["packages"]))'); do
  packages+=(-p "$name")
done
CARGO_TARGET_DIR="$dir" cargo clean --quiet "$@" "${packages[@]}"
