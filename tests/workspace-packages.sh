#!/usr/bin/env bash
# "-p NAME" for each of the workspace's own packages: what `cargo clean`
# takes out of a build cache shared by clones, whose copies of Kith's crates
# would otherwise pile up there.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --no-deps --format-version 1 --offline |
  python3 -c 'import json, sys; print(" ".join("-p " + p["name"] for p in json.load(sys.stdin)["packages"]))'
